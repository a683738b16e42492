package dev.lookalike.query;

import java.util.Arrays;
import java.util.Locale;

/**
 * How several anchors combine into one score. With {@code s_j} the cosine similarity of a product to anchor
 * {@code j}, {@code W+} the sum of the positive weights (1 when there are none) and {@code W-} the sum of the absolute
 * negative weights, the penalty factor is {@code λ = W- / W+}:
 * <ul>
 *   <li>{@link #MEAN}: {@code score = c+·p − λ·(c−·p)}, where {@code c+} and {@code c−} are the unit, weighted
 *       centroids of the positive and of the negative anchors;</li>
 *   <li>{@link #MAX} ("like any of them"): {@code score = max_j s_j − λ·max_k s_k} over positive j and negative k;</li>
 *   <li>{@link #MIN} ("like all of them", has the features of both): {@code score = min_j s_j − λ·max_k s_k}.</li>
 * </ul>
 * In {@code MAX} and {@code MIN} the positive weights count only through {@code W+}.
 */
public enum AnchorStrategy {
    MEAN, MAX, MIN;

    /** The strategy named {@code name} (case-insensitive). @throws IllegalArgumentException naming the value */
    public static AnchorStrategy parse(String name) {
        for (AnchorStrategy s : values()) {
            if (s.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("strategy must be one of " + Arrays.stream(values()).map(AnchorStrategy::label).toList()
                + ", got '" + name + "'");
    }

    /** Lower-case name, as in JSON and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
