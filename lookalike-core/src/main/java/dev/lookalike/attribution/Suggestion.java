package dev.lookalike.attribution;

import java.util.List;
import java.util.Locale;

/**
 * A proposed attribute value for one product. Immutable.
 *
 * @param productId      the product
 * @param attribute      the attribute
 * @param currentValue   its value now ({@code null} for a fill)
 * @param suggestedValue the predicted value
 * @param confidence     calibrated probability that the suggested value is right, in [0, 1]
 * @param kind           fill (the product had no value) or mislabel (its value disagrees with the prediction)
 * @param nearDuplicates ids of products whose vectors are near-identical to this one's and that carry another value
 *                       (for a fill: any value), best first; empty when there are none. One picture shared by several
 *                       shades, or one item listed twice with different values: the vote cannot tell them apart, so
 *                       review them together
 */
public record Suggestion(String productId, String attribute, String currentValue, String suggestedValue, double confidence, Kind kind,
                         List<String> nearDuplicates) {

    /** Why a value is suggested. */
    public enum Kind {
        FILL, MISLABEL;

        /** {@code fill} or {@code mislabel}, as files and JSON write it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException unless the text is {@code fill} or {@code mislabel} (any case) */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("kind must be 'fill' or 'mislabel', got '" + text + "'");
        }
    }

    public Suggestion {
        if (productId == null || productId.isBlank()) {
            throw new IllegalArgumentException("product id must be non-blank, got '" + productId + "'");
        }
        if (attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("attribute must be non-blank, got '" + attribute + "'");
        }
        if (suggestedValue == null || suggestedValue.isBlank()) {
            throw new IllegalArgumentException("suggested value must be non-blank, got '" + suggestedValue + "'");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind must be non-null");
        }
        nearDuplicates = nearDuplicates == null ? List.of() : List.copyOf(nearDuplicates);
        attribute = attribute.strip(); // as Product keeps names: " colour" must find and keep colour's history
        currentValue = currentValue == null || currentValue.isBlank() ? null : currentValue.strip();
        suggestedValue = suggestedValue.strip();
        if (kind == Kind.FILL && currentValue != null) {
            throw new IllegalArgumentException("a fill has no current value, got '" + currentValue + "'");
        }
        if (kind == Kind.MISLABEL && currentValue == null) {
            throw new IllegalArgumentException("a mislabel needs the current value");
        }
    }

    /** A suggestion without near-duplicates. */
    public Suggestion(String productId, String attribute, String currentValue, String suggestedValue, double confidence, Kind kind) {
        this(productId, attribute, currentValue, suggestedValue, confidence, kind, List.of());
    }
}
