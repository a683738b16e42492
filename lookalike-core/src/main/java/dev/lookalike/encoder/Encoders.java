package dev.lookalike.encoder;

import dev.lookalike.fusion.FusionSettings;
import java.awt.image.BufferedImage;
import java.util.List;

/** The encoders this build has, by id: an index names its encoders, and these find them again. */
public final class Encoders {

    private Encoders() {
    }

    /** @throws IllegalArgumentException when this build has no image encoder of that id */
    public static Encoder<BufferedImage> image(String id) {
        if (ProductImageDescriptor.ID.equals(id)) {
            return new ProductImageDescriptor();
        }
        throw new IllegalArgumentException("unknown image encoder '" + id + "'; this build has: " + ProductImageDescriptor.ID);
    }

    /** @throws IllegalArgumentException when this build has no text encoder of that id */
    public static Encoder<String> text(String id) {
        if (MiniLmTextEncoder.ID.equals(id)) {
            return new MiniLmTextEncoder();
        }
        throw new IllegalArgumentException("unknown text encoder '" + id + "'; this build has: " + MiniLmTextEncoder.ID);
    }

    /** Default fusion: the training-free image descriptor, MiniLM text, hashed attributes. */
    public static FusionSettings defaultSettings() {
        return new FusionSettings(FusionSettings.DEFAULT_IMAGE_WEIGHT, FusionSettings.DEFAULT_TEXT_WEIGHT,
                FusionSettings.DEFAULT_ATTRIBUTE_WEIGHT, ProductImageDescriptor.ID, new ProductImageDescriptor().dimension(),
                MiniLmTextEncoder.ID, MiniLmTextEncoder.DIMENSION, FusionSettings.DEFAULT_ATTRIBUTE_DIMENSION, List.of());
    }
}
