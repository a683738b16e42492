package dev.lookalike.demo;

import java.util.List;

/**
 * The true generated parameters of one demo product. Unlike the catalog's attributes, which may be dropped or
 * replaced on purpose ({@link DemoCatalogGenerator.Options#missingAttributeRate()},
 * {@link DemoCatalogGenerator.Options#wrongAttributeRate()}), these are never altered, so tests can use them as
 * ground truth.
 *
 * @param type    the item drawn in the picture
 * @param colour  its main colour
 * @param pattern its surface pattern
 * @param gender  {@code women}, {@code men} or {@code unisex}
 * @param style   id of the style the product belongs to; colour variants of one style (one brand, type, pattern)
 *                share it and the catalog's {@code group_id}
 */
public record DemoTruth(DemoType type, DemoColour colour, DemoPattern pattern, String gender, String style) {

    /** The allowed {@link #gender()} values. */
    public static final List<String> GENDERS = List.of("women", "men", "unisex");

    public DemoTruth {
        if (type == null || colour == null || pattern == null) {
            throw new IllegalArgumentException("type, colour and pattern must be non-null, got "
                    + type + ", " + colour + ", " + pattern);
        }
        if (!GENDERS.contains(gender)) {
            throw new IllegalArgumentException("gender must be one of " + GENDERS + ", got '" + gender + "'");
        }
        if (style == null || style.isBlank()) {
            throw new IllegalArgumentException("style must be non-blank, got " + (style == null ? "null" : "'" + style + "'"));
        }
    }

    /** The same product in another colour. */
    public DemoTruth withColour(DemoColour newColour) {
        return new DemoTruth(type, newColour, pattern, gender, style);
    }
}
