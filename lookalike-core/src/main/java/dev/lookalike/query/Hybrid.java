package dev.lookalike.query;

import java.util.Arrays;
import java.util.Locale;

/**
 * How keywords and vectors combine.
 * <ul>
 *   <li>{@link #NONE}: the keywords (with the filters) select the candidates; anchors, when given, re-rank them
 *       ("sort by similar").</li>
 *   <li>{@link #RRF}: reciprocal rank fusion of the BM25 ranking and the vector ranking (the anchors, or the keywords
 *       embedded as a text query when there are no anchors): {@code score(d) = Σ_lists 1 / (k + rank(d))}, ranks from
 *       1, {@code k = 60} unless the request says otherwise. A product found by one list only gets that list's
 *       term.</li>
 * </ul>
 */
public enum Hybrid {
    NONE, RRF;

    /** The default RRF constant {@code k}, as in Cormack, Clarke and Büttcher (2009). */
    public static final int DEFAULT_RRF_K = 60;

    /** The mode named {@code name} (case-insensitive). @throws IllegalArgumentException naming the value */
    public static Hybrid parse(String name) {
        for (Hybrid h : values()) {
            if (h.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return h;
            }
        }
        throw new IllegalArgumentException("hybrid must be one of " + Arrays.stream(values()).map(Hybrid::label).toList()
                + ", got '" + name + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
