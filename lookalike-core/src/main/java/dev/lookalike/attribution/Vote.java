package dev.lookalike.attribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a vote: each value's share of the total weight, best first (ties: the value met first, i.e. held by
 * the nearer neighbour). Immutable.
 *
 * @param shares value to share in [0, 1], summing to 1, in decreasing order; empty when no labelled neighbour voted
 */
public record Vote(Map<String, Double> shares) {

    public static final Vote EMPTY = new Vote(Map.of());

    public Vote {
        shares = Collections.unmodifiableMap(new LinkedHashMap<>(shares));
    }

    /** The winning value, or {@code null} when nobody voted. */
    public String top() {
        return shares.isEmpty() ? null : shares.keySet().iterator().next();
    }

    /** The winning value's share, 0 when nobody voted. */
    public double topShare() {
        return shares.isEmpty() ? 0 : shares.values().iterator().next();
    }

    /** The value's share, 0 when no voter held it. */
    public double share(String value) {
        return shares.getOrDefault(value, 0.0);
    }

    /** The first {@code n} values, best first. */
    public List<String> topValues(int n) {
        List<String> out = new ArrayList<>(shares.keySet());
        return out.subList(0, Math.min(n, out.size()));
    }
}
