package dev.lookalike.query;

import dev.lookalike.search.ProductFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * A search: keywords and/or filters give the candidates, anchors rank them by similarity, rules and diversity shape
 * the result, {@code offset}/{@code k} page it. Immutable.
 *
 * <ul>
 *   <li>Keywords, no anchors: a keyword search ordered by BM25. Filters only: the filtered products in index order.</li>
 *   <li>Keywords and anchors ("sort by similar"): only keyword matches, ordered by similarity to the anchors;
 *       matches without a vector come after the others, by BM25.</li>
 *   <li>Anchors, no keywords: the products nearest to the anchors over the filtered catalog.</li>
 *   <li>{@link Hybrid#RRF}: keyword and vector rankings fused by reciprocal rank.</li>
 * </ul>
 *
 * @param keywords      BM25 keywords, or {@code null}; every word must match (title, description, brand, categories,
 *                      attribute values); title matches count more
 * @param filter        which products may appear
 * @param anchors       what the results should be like (positive weight) or less like (negative); at most
 *                      {@link #MAX_ANCHORS}
 * @param strategy      how several anchors combine
 * @param weights       per-query modality weights
 * @param hybrid        how keywords and vectors combine
 * @param rrfK          the RRF constant, 1 to 1000 (default {@value Hybrid#DEFAULT_RRF_K})
 * @param rules         business rules and diversity
 * @param offset        hits to skip (paging), {@code >= 0}
 * @param k             hits to return, 1 to {@link #MAX_K}
 * @param explain       whether hits carry explanations (and the response a list of dropped products)
 * @param maxCandidates cap on the candidates ranked, 1 to {@link #MAX_CANDIDATES_LIMIT} (default
 *                      {@value #DEFAULT_MAX_CANDIDATES}); {@code offset + k} may not exceed it
 */
public record SearchRequest(
        String keywords,
        ProductFilter filter,
        List<Anchor> anchors,
        AnchorStrategy strategy,
        ModalityWeights weights,
        Hybrid hybrid,
        int rrfK,
        SearchRules rules,
        int offset,
        int k,
        boolean explain,
        int maxCandidates) {

    public static final int MAX_K = 1000;
    public static final int DEFAULT_K = 10;
    public static final int MAX_ANCHORS = 100;
    public static final int MAX_KEYWORDS_LENGTH = 1000;
    public static final int DEFAULT_MAX_CANDIDATES = 10_000;
    public static final int MAX_CANDIDATES_LIMIT = 100_000;

    public SearchRequest {
        keywords = keywords == null || keywords.isBlank() ? null : keywords.strip();
        if (keywords != null && keywords.length() > MAX_KEYWORDS_LENGTH) {
            throw new IllegalArgumentException("q must be at most " + MAX_KEYWORDS_LENGTH + " characters, got " + keywords.length());
        }
        filter = filter == null ? ProductFilter.NONE : filter;
        anchors = anchors == null ? List.of() : List.copyOf(anchors);
        if (anchors.size() > MAX_ANCHORS) {
            throw new IllegalArgumentException("at most " + MAX_ANCHORS + " anchors, got " + anchors.size());
        }
        strategy = strategy == null ? AnchorStrategy.MEAN : strategy;
        weights = weights == null ? ModalityWeights.INDEX : weights;
        hybrid = hybrid == null ? Hybrid.NONE : hybrid;
        if (rrfK < 1 || rrfK > 1000) {
            throw new IllegalArgumentException("rrf_k must be between 1 and 1000, got " + rrfK);
        }
        rules = rules == null ? SearchRules.NONE : rules;
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", got " + k);
        }
        if (maxCandidates < 1 || maxCandidates > MAX_CANDIDATES_LIMIT) {
            throw new IllegalArgumentException("max_candidates must be between 1 and " + MAX_CANDIDATES_LIMIT + ", got " + maxCandidates);
        }
        if (offset < 0 || (long) offset + k > maxCandidates) {
            throw new IllegalArgumentException("offset must be >= 0 with offset + k <= max_candidates (" + maxCandidates
                    + "), got offset=" + offset + ", k=" + k);
        }
        if (hybrid == Hybrid.RRF && keywords == null) {
            throw new IllegalArgumentException("hybrid 'rrf' needs keywords (q)");
        }
        if (keywords == null && anchors.isEmpty() && filter.isEmpty()) {
            throw new IllegalArgumentException("a search needs keywords (q), a filter (e.g. a category) or at least one anchor");
        }
        if (keywords == null && !anchors.isEmpty() && anchors.stream().noneMatch(a -> a.weight() > 0)) {
            throw new IllegalArgumentException("without keywords at least one anchor needs a positive weight");
        }
        if (rules.minScore() != null && anchors.isEmpty() && hybrid != Hybrid.RRF) {
            throw new IllegalArgumentException("rules.min_score needs an anchor: a keyword or filter search has no"
                    + " similarity to compare with it");
        }
    }

    public boolean hasKeywords() {
        return keywords != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this request's values. */
    public Builder toBuilder() {
        Builder b = new Builder().keywords(keywords).filter(filter).strategy(strategy).weights(weights).hybrid(hybrid)
                .rrfK(rrfK).rules(rules).offset(offset).k(k).explain(explain).maxCandidates(maxCandidates);
        anchors.forEach(b::anchor);
        return b;
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String keywords;
        private ProductFilter filter = ProductFilter.NONE;
        private final List<Anchor> anchors = new ArrayList<>();
        private AnchorStrategy strategy = AnchorStrategy.MEAN;
        private ModalityWeights weights = ModalityWeights.INDEX;
        private Hybrid hybrid = Hybrid.NONE;
        private int rrfK = Hybrid.DEFAULT_RRF_K;
        private SearchRules rules = SearchRules.NONE;
        private int offset;
        private int k = DEFAULT_K;
        private boolean explain;
        private int maxCandidates = DEFAULT_MAX_CANDIDATES;

        public Builder keywords(String v) { keywords = v; return this; }
        public Builder filter(ProductFilter v) { filter = v; return this; }
        public Builder anchor(Anchor a) { anchors.add(a); return this; }
        public Builder anchors(List<? extends Anchor> a) { anchors.addAll(a); return this; }
        /** Like this product (weight 1). */
        public Builder like(String productId) { return anchor(Anchor.product(productId)); }
        public Builder like(String productId, double weight) { return anchor(Anchor.product(productId, weight)); }
        /** Less like this product (weight -1). */
        public Builder unlike(String productId) { return anchor(Anchor.product(productId, -1)); }
        /** Search by photo, optionally refined by a text ("in red"). */
        public Builder image(byte[] encoded, String refinement) { return anchor(new Anchor.ImageAnchor(encoded, refinement, 1)); }
        /** Semantic text search. */
        public Builder text(String text) { return anchor(new Anchor.TextAnchor(text, 1)); }
        public Builder strategy(AnchorStrategy v) { strategy = v; return this; }
        public Builder weights(ModalityWeights v) { weights = v; return this; }
        public Builder hybrid(Hybrid v) { hybrid = v; return this; }
        public Builder rrfK(int v) { rrfK = v; return this; }
        public Builder rules(SearchRules v) { rules = v; return this; }
        public Builder offset(int v) { offset = v; return this; }
        public Builder k(int v) { k = v; return this; }
        public Builder explain(boolean v) { explain = v; return this; }
        public Builder maxCandidates(int v) { maxCandidates = v; return this; }

        public SearchRequest build() {
            return new SearchRequest(keywords, filter, anchors, strategy, weights, hybrid, rrfK, rules, offset, k, explain, maxCandidates);
        }
    }
}
