package dev.lookalike.query;

import dev.lookalike.catalog.Product;

/**
 * One hit.
 *
 * @param id           product id
 * @param score        what the list is ordered by (higher is better): the similarity to the anchors, the BM25 score
 *                     (keywords only), or the RRF score (hybrid); {@code null} for products ranked without one (keyword
 *                     matches without a vector after the scored ones, plain filter results)
 * @param similarity   the anchor strategy's score (cosine based, see {@link AnchorStrategy}), or {@code null}
 * @param keywordScore the BM25 score, or {@code null}
 * @param product      the stored product
 * @param explanation  with {@code explain}, else {@code null}
 */
public record SearchHit(String id, Float score, Float similarity, Float keywordScore, Product product, Explanation explanation) {
}
