package dev.lookalike.query;

import java.util.Locale;

/**
 * What a search is "like" (positive weight) or "less like" (negative weight): a catalog product, an uploaded picture
 * (optionally refined by a text, e.g. "in red"), a text, or a raw vector in the index's fused space. Behavioural
 * anchors (cart, recently viewed) are product anchors with weights. Immutable; arrays are copied in and out.
 */
public sealed interface Anchor {

    /** Largest absolute anchor weight. */
    double MAX_WEIGHT = 1000;
    /** Longest anchor or refinement text, in characters. */
    int MAX_TEXT_LENGTH = 1000;

    /** Non-zero and finite; negative means "less like this". */
    double weight();

    /** A short label for explanations and messages, e.g. {@code demo-00042} or {@code image}. */
    String label();

    static ProductAnchor product(String id) {
        return new ProductAnchor(id, 1);
    }

    static ProductAnchor product(String id, double weight) {
        return new ProductAnchor(id, weight);
    }

    /** A catalog product, by id. */
    record ProductAnchor(String id, double weight) implements Anchor {
        public ProductAnchor {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("anchor product id must be non-blank, got " + (id == null ? "null" : "'" + id + "'"));
            }
            requireWeight(weight);
        }

        @Override
        public String label() {
            return id;
        }
    }

    /**
     * A raw vector in the fused space of the index (its dimension is checked when the search runs): finite, not all
     * zero; it is normalised.
     */
    record VectorAnchor(float[] vector, double weight) implements Anchor {
        public VectorAnchor {
            if (vector == null || vector.length == 0) {
                throw new IllegalArgumentException("anchor vector must be non-empty");
            }
            vector = vector.clone();
            double sum = 0;
            for (int i = 0; i < vector.length; i++) {
                if (!Float.isFinite(vector[i])) {
                    throw new IllegalArgumentException("anchor vector has a non-finite component at " + i + ": " + vector[i]);
                }
                sum += (double) vector[i] * vector[i];
            }
            if (sum == 0) {
                throw new IllegalArgumentException("anchor vector must not be all zeros");
            }
            requireWeight(weight);
        }

        @Override
        public float[] vector() {
            return vector.clone();
        }

        @Override
        public String label() {
            return "vector";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VectorAnchor v && v.weight == weight && java.util.Arrays.equals(v.vector, vector);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(vector) + Double.hashCode(weight);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "VectorAnchor[%d components, weight=%s]", vector.length, weight);
        }
    }

    /**
     * An uploaded picture (JPEG, PNG, WebP, GIF or BMP bytes, decoded in memory under the engine's upload limits), and an
     * optional refinement text: the anchor vector fuses the picture's image vector with the text's text vector.
     * {@link #toString()} never shows the bytes.
     */
    record ImageAnchor(byte[] image, String refinement, double weight) implements Anchor {
        public ImageAnchor {
            if (image == null || image.length == 0) {
                throw new IllegalArgumentException("anchor image must be non-empty");
            }
            image = image.clone();
            refinement = refinement == null || refinement.isBlank() ? null : refinement.strip();
            if (refinement != null && refinement.length() > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException("refinement text must be at most " + MAX_TEXT_LENGTH + " characters, got "
                        + refinement.length());
            }
            requireWeight(weight);
        }

        @Override
        public byte[] image() {
            return image.clone();
        }

        @Override
        public String label() {
            return refinement == null ? "image" : "image + \"" + refinement + "\"";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ImageAnchor a && a.weight == weight && java.util.Arrays.equals(a.image, image)
                    && java.util.Objects.equals(a.refinement, refinement);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(java.util.Arrays.hashCode(image), refinement, weight);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "ImageAnchor[%d bytes, refinement=%s, weight=%s]", image.length, refinement, weight);
        }
    }

    /** A text, embedded by the index's text encoder: semantic search in the text block of the fused space. */
    record TextAnchor(String text, double weight) implements Anchor {
        public TextAnchor {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("anchor text must be non-blank");
            }
            text = text.strip();
            if (text.length() > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException("anchor text must be at most " + MAX_TEXT_LENGTH + " characters, got " + text.length());
            }
            requireWeight(weight);
        }

        @Override
        public String label() {
            return "text \"" + text + "\"";
        }
    }

    private static void requireWeight(double weight) {
        if (!Double.isFinite(weight) || weight == 0 || Math.abs(weight) > MAX_WEIGHT) {
            throw new IllegalArgumentException("anchor weight must be finite, non-zero and between -" + (int) MAX_WEIGHT
                    + " and " + (int) MAX_WEIGHT + ", got " + weight);
        }
    }
}
