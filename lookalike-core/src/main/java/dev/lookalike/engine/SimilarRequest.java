package dev.lookalike.engine;

import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.VectorQuery;

/**
 * "More like this": products similar to an anchor product.
 *
 * @param anchorId the anchor product's id; the anchor itself is never returned
 * @param k        number of hits, 1 to {@link VectorQuery#MAX_K}
 * @param filter   which products may appear
 */
public record SimilarRequest(String anchorId, int k, ProductFilter filter) {

    public SimilarRequest {
        if (anchorId == null || anchorId.isBlank()) {
            throw new IllegalArgumentException("anchor id must be non-blank");
        }
        if (k < 1 || k > VectorQuery.MAX_K) {
            throw new IllegalArgumentException("k must be between 1 and " + VectorQuery.MAX_K + ", got " + k);
        }
        filter = filter == null ? ProductFilter.NONE : filter;
    }
}
