package dev.lookalike.search;

import java.util.Set;

/**
 * Nearest neighbours of a vector in the fused space.
 *
 * @param vector     query vector, unit length, of the index's fused dimension
 * @param k          number of hits, 1 to {@link #MAX_K}
 * @param filter     which products may match
 * @param excludeIds ids never returned (e.g. the anchor)
 */
public record VectorQuery(float[] vector, int k, ProductFilter filter, Set<String> excludeIds) {

    public static final int MAX_K = 1000;

    public VectorQuery {
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("query vector must not be empty");
        }
        vector = vector.clone();
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException("query vector has a non-finite component at " + i + ": " + vector[i]);
            }
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", got " + k);
        }
        filter = filter == null ? ProductFilter.NONE : filter;
        excludeIds = excludeIds == null ? Set.of() : Set.copyOf(excludeIds);
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }
}
