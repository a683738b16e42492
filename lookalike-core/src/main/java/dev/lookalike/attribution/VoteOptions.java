package dev.lookalike.attribution;

import java.util.Locale;

/**
 * How neighbours vote. Immutable.
 *
 * @param k     labelled neighbours that vote, {@code >= 1}
 * @param power each vote weighs {@code max(similarity, 0)^power}; 0 is a plain majority, large values approach
 *              "the nearest neighbour decides"
 */
public record VoteOptions(int k, double power) {

    public VoteOptions {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (!(power >= 0) || !Double.isFinite(power)) {
            throw new IllegalArgumentException("power must be finite and >= 0, got " + power);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "k=%d power=%s", k, power == Math.rint(power) ? Long.toString((long) power) : Double.toString(power));
    }
}
