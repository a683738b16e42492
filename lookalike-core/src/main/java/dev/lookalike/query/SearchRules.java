package dev.lookalike.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Business rules, on top of the filters. The ones tied to the anchor use the request's first positive product
 * anchor (the "reference" anchor) and fail without one: price band, same brand, same category, same attributes.
 * The others do not need an anchor. Immutable.
 *
 * @param priceBandPercent  only products priced within ±this % of the anchor's price, in (0, 1000]; {@code null}: off.
 *                          Products without a price never match.
 * @param sameBrand         only the anchor's brand
 * @param excludeBrands     never these brands (case-insensitive)
 * @param sameCategory      only products having the anchor's leaf category (at any level of their own path)
 * @param sameAttributes    attribute names (e.g. {@code gender}): only products sharing a value of each with the anchor
 * @param maxPerBrand       diversity: at most this many hits per brand (case-insensitive; products without a brand are
 *                          not limited); {@code null}: off
 * @param collapseVariants  diversity: of products sharing a group id (variants), keep only the best-ranked one
 * @param minScore          drop hits whose similarity to the anchors is below this (and, when set, products without a
 *                          vector); {@code null}: off. It applies to the similarity, not to BM25 or RRF scores.
 */
public record SearchRules(
        Double priceBandPercent,
        boolean sameBrand,
        Set<String> excludeBrands,
        boolean sameCategory,
        List<String> sameAttributes,
        Integer maxPerBrand,
        boolean collapseVariants,
        Double minScore) {

    public static final SearchRules NONE = new SearchRules(null, false, Set.of(), false, List.of(), null, false, null);
    public static final double MAX_PRICE_BAND_PERCENT = 1000;

    public SearchRules {
        if (priceBandPercent != null && (!Double.isFinite(priceBandPercent) || priceBandPercent <= 0
                || priceBandPercent > MAX_PRICE_BAND_PERCENT)) {
            throw new IllegalArgumentException("price_band must be a percentage in (0, " + (int) MAX_PRICE_BAND_PERCENT + "], got "
                    + priceBandPercent);
        }
        LinkedHashSet<String> brands = new LinkedHashSet<>();
        if (excludeBrands != null) {
            for (String b : excludeBrands) {
                if (b == null || b.isBlank()) {
                    throw new IllegalArgumentException("exclude_brands must not contain blank names");
                }
                brands.add(b.strip());
            }
        }
        excludeBrands = java.util.Collections.unmodifiableSet(brands);
        List<String> attrs = new ArrayList<>();
        if (sameAttributes != null) {
            for (String a : sameAttributes) {
                if (a == null || a.isBlank()) {
                    throw new IllegalArgumentException("same_attributes must not contain blank names");
                }
                if (!attrs.contains(a.strip())) {
                    attrs.add(a.strip());
                }
            }
        }
        sameAttributes = List.copyOf(attrs);
        if (maxPerBrand != null && (maxPerBrand < 1 || maxPerBrand > 1000)) {
            throw new IllegalArgumentException("max_per_brand must be between 1 and 1000, got " + maxPerBrand);
        }
        if (minScore != null && (!Double.isFinite(minScore) || minScore < -1 || minScore > 1)) {
            throw new IllegalArgumentException("min_score must be between -1 and 1, got " + minScore);
        }
    }

    /** Whether a rule needs the reference product anchor. */
    public boolean needsAnchor() {
        return priceBandPercent != null || sameBrand || sameCategory || !sameAttributes.isEmpty();
    }

    /** Whether a diversity rule is on (it needs over-fetching). */
    public boolean diversity() {
        return maxPerBrand != null || collapseVariants;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private Double priceBandPercent;
        private boolean sameBrand;
        private final Set<String> excludeBrands = new LinkedHashSet<>();
        private boolean sameCategory;
        private final List<String> sameAttributes = new ArrayList<>();
        private Integer maxPerBrand;
        private boolean collapseVariants;
        private Double minScore;

        public Builder priceBandPercent(Double v) { priceBandPercent = v; return this; }
        public Builder sameBrand(boolean v) { sameBrand = v; return this; }
        public Builder excludeBrand(String b) { excludeBrands.add(b); return this; }
        public Builder sameCategory(boolean v) { sameCategory = v; return this; }
        public Builder sameAttribute(String name) { sameAttributes.add(name); return this; }
        public Builder maxPerBrand(Integer v) { maxPerBrand = v; return this; }
        public Builder collapseVariants(boolean v) { collapseVariants = v; return this; }
        public Builder minScore(Double v) { minScore = v; return this; }

        public SearchRules build() {
            return new SearchRules(priceBandPercent, sameBrand, excludeBrands, sameCategory, sameAttributes, maxPerBrand,
                    collapseVariants, minScore);
        }
    }
}
