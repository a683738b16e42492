package dev.lookalike.engine;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.VectorMath;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tiny deterministic encoders for engine tests: a picture's mean colour, a text's hashed words. */
final class StubEncoders {

    static final int DIMENSION = 8;

    private StubEncoders() {
    }

    /** {@code img-test}: (mean red, mean green, mean blue, 0.2, 0...) normalised. */
    static final class Image implements Encoder<BufferedImage> {
        @Override
        public String id() {
            return "img-test";
        }

        @Override
        public int dimension() {
            return DIMENSION;
        }

        @Override
        public List<float[]> embedAll(List<BufferedImage> inputs) {
            List<float[]> out = new ArrayList<>();
            for (BufferedImage img : inputs) {
                double r = 0;
                double g = 0;
                double b = 0;
                int n = img.getWidth() * img.getHeight();
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        int rgb = img.getRGB(x, y);
                        r += (rgb >> 16) & 0xff;
                        g += (rgb >> 8) & 0xff;
                        b += rgb & 0xff;
                    }
                }
                float[] v = new float[DIMENSION];
                v[0] = (float) (r / n / 255);
                v[1] = (float) (g / n / 255);
                v[2] = (float) (b / n / 255);
                v[3] = 0.2f;
                out.add(VectorMath.normalizeInPlace(v));
            }
            return out;
        }
    }

    /** {@code txt-test}: each lower-cased word adds ±1 to one of 8 buckets (by hash); normalised. */
    static final class Text implements Encoder<String> {
        @Override
        public String id() {
            return "txt-test";
        }

        @Override
        public int dimension() {
            return DIMENSION;
        }

        @Override
        public List<float[]> embedAll(List<String> inputs) {
            List<float[]> out = new ArrayList<>();
            for (String text : inputs) {
                float[] v = new float[DIMENSION];
                for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
                    if (word.isEmpty()) {
                        continue;
                    }
                    int h = java.util.Arrays.hashCode(word.getBytes(StandardCharsets.UTF_8));
                    v[Math.floorMod(h, DIMENSION)] += (h & 0x100) == 0 ? 1 : -1;
                }
                out.add(VectorMath.normalizeInPlace(v));
            }
            return out;
        }
    }
}
