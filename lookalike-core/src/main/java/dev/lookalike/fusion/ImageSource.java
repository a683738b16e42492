package dev.lookalike.fusion;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.image.ImageLoadException;
import java.awt.image.BufferedImage;

/** Fetches and decodes a product picture; {@code dev.lookalike.image.ImageLoader::load} is the usual one. */
@FunctionalInterface
public interface ImageSource {

    BufferedImage load(ImageRef ref) throws ImageLoadException;
}
