package dev.lookalike.projection;

import java.util.Arrays;

/**
 * One attribute's value for each fitting vector, in vector order; {@code null} where the product lacks it.
 * Labels are compared exactly (callers normalise case and blanks first). Immutable: the array is copied in and out.
 *
 * @param name   the attribute, e.g. {@code articleType}
 * @param labels one label per vector
 */
public record AttributeLabels(String name, String[] labels) {

    public AttributeLabels {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attribute name must be non-blank, got '" + name + "'");
        }
        if (labels == null) {
            throw new IllegalArgumentException("labels of attribute '" + name + "' must not be null");
        }
        labels = labels.clone();
    }

    @Override
    public String[] labels() {
        return labels.clone();
    }

    int size() {
        return labels.length;
    }

    String label(int i) {
        return labels[i];
    }

    /** The labels of the given rows, in that order. */
    AttributeLabels subset(int[] rows) {
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = labels[rows[i]];
        }
        return new AttributeLabels(name, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeLabels other && name.equals(other.name) && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "AttributeLabels[" + name + ", " + labels.length + " labels]";
    }
}
