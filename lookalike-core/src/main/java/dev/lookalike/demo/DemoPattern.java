package dev.lookalike.demo;

/** Surface pattern of a demo product, drawn in a contrasting secondary colour. */
public enum DemoPattern {
    SOLID("solid", "", 0.50),
    STRIPES("stripes", "Striped", 0.20),
    DOTS("dots", "Polka-Dot", 0.12),
    CHECKS("checks", "Checked", 0.18);

    private final String label;
    private final String adjective;
    private final double weight;

    DemoPattern(String label, String adjective, double weight) {
        this.label = label;
        this.adjective = adjective;
        this.weight = weight;
    }

    /** The attribute value written to the catalog, e.g. {@code stripes}. */
    public String label() {
        return label;
    }

    /** The word used in titles, e.g. {@code Striped}; empty for {@link #SOLID}. */
    public String adjective() {
        return adjective;
    }

    double weight() {
        return weight;
    }

    /**
     * The pattern whose {@link #label()} is {@code label} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static DemoPattern fromLabel(String label) {
        for (DemoPattern p : values()) {
            if (p.label.equalsIgnoreCase(label == null ? "" : label.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown demo pattern '" + label + "', expected one of "
                + java.util.Arrays.stream(values()).map(DemoPattern::label).toList());
    }

    @Override
    public String toString() {
        return label;
    }
}
