package dev.lookalike.demo;

import java.awt.Color;

/** A named product colour with its nominal RGB; rendered products jitter it slightly. */
public enum DemoColour {
    BLACK("black", 32, 32, 36, 1.4),
    WHITE("white", 246, 246, 243, 1.2),
    GREY("grey", 150, 152, 156, 1.0),
    NAVY("navy", 34, 46, 92, 1.2),
    BLUE("blue", 50, 110, 205, 1.0),
    RED("red", 205, 36, 44, 1.0),
    GREEN("green", 44, 132, 72, 0.9),
    YELLOW("yellow", 244, 204, 46, 0.7),
    PINK("pink", 242, 150, 182, 0.8),
    BEIGE("beige", 222, 202, 166, 0.9),
    BROWN("brown", 122, 80, 46, 0.8),
    ORANGE("orange", 242, 130, 38, 0.6),
    PURPLE("purple", 122, 62, 152, 0.6);

    private final String label;
    private final int red;
    private final int green;
    private final int blue;
    private final double weight;

    DemoColour(String label, int red, int green, int blue, double weight) {
        this.label = label;
        this.red = red;
        this.green = green;
        this.blue = blue;
        this.weight = weight;
    }

    /** The attribute value written to the catalog, e.g. {@code navy}. */
    public String label() {
        return label;
    }

    /** The word used in titles, e.g. {@code Navy}. */
    public String displayName() {
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    /** The nominal sRGB colour (rendered products deviate from it by a few levels per channel). */
    public Color rgb() {
        return new Color(red, green, blue);
    }

    /** Rec. 601 luma of the nominal colour, 0–255. */
    double luma() {
        return 0.299 * red + 0.587 * green + 0.114 * blue;
    }

    double weight() {
        return weight;
    }

    /**
     * The colour whose {@link #label()} is {@code label} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static DemoColour fromLabel(String label) {
        for (DemoColour c : values()) {
            if (c.label.equalsIgnoreCase(label == null ? "" : label.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown demo colour '" + label + "', expected one of "
                + java.util.Arrays.stream(values()).map(DemoColour::label).toList());
    }

    @Override
    public String toString() {
        return label;
    }
}
