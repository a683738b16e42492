package dev.lookalike.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which products may appear in results. Every non-empty condition must hold (AND); within one condition any listed
 * value may match (OR). Text matching is case-insensitive. Immutable.
 *
 * @param categories products having any of these at any level of their category path
 * @param brands     products of any of these brands
 * @param attributes attribute name to accepted values
 * @param minPrice   inclusive lower bound, or {@code null}; products without a price never match a price bound
 * @param maxPrice   inclusive upper bound, or {@code null}
 * @param inStockOnly only products in stock
 */
public record ProductFilter(
        Set<String> categories,
        Set<String> brands,
        Map<String, Set<String>> attributes,
        Double minPrice,
        Double maxPrice,
        boolean inStockOnly) {

    public static final ProductFilter NONE = new ProductFilter(Set.of(), Set.of(), Map.of(), null, null, false);

    public ProductFilter {
        categories = normalize(categories);
        brands = normalize(brands);
        Map<String, Set<String>> attrs = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, values) -> {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("filter attribute name must be non-blank, got '" + name + "'");
                }
                Set<String> v = normalize(values);
                if (!v.isEmpty()) {
                    attrs.put(name.strip(), v);
                }
            });
        }
        attributes = java.util.Collections.unmodifiableMap(attrs);
        if (minPrice != null && (!Double.isFinite(minPrice) || minPrice < 0)) {
            throw new IllegalArgumentException("minPrice must be finite and >= 0, got " + minPrice);
        }
        if (maxPrice != null && (!Double.isFinite(maxPrice) || maxPrice < 0)) {
            throw new IllegalArgumentException("maxPrice must be finite and >= 0, got " + maxPrice);
        }
        if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
            throw new IllegalArgumentException("minPrice " + minPrice + " is above maxPrice " + maxPrice);
        }
    }

    public boolean isEmpty() {
        return categories.isEmpty() && brands.isEmpty() && attributes.isEmpty() && minPrice == null && maxPrice == null && !inStockOnly;
    }

    /** Lower-cased, stripped, blanks dropped: the form values are indexed and matched in. */
    public static String normalizeValue(String v) {
        return v.strip().toLowerCase(Locale.ROOT);
    }

    private static Set<String> normalize(java.util.Collection<String> values) {
        if (values == null) {
            return Set.of();
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).map(ProductFilter::normalizeValue)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final java.util.Set<String> categories = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> brands = new java.util.LinkedHashSet<>();
        private final Map<String, Set<String>> attributes = new LinkedHashMap<>();
        private Double minPrice;
        private Double maxPrice;
        private boolean inStockOnly;

        public Builder category(String c) { categories.add(c); return this; }
        public Builder brand(String b) { brands.add(b); return this; }
        public Builder attribute(String name, String value) {
            attributes.computeIfAbsent(name, n -> new java.util.LinkedHashSet<>()).add(value);
            return this;
        }
        public Builder minPrice(Double v) { minPrice = v; return this; }
        public Builder maxPrice(Double v) { maxPrice = v; return this; }
        public Builder inStockOnly(boolean v) { inStockOnly = v; return this; }

        public ProductFilter build() {
            return new ProductFilter(categories, brands, attributes, minPrice, maxPrice, inStockOnly);
        }

        /** For CLI and query strings: {@code name=value}. */
        public Builder attribute(String nameEqualsValue) {
            int eq = nameEqualsValue.indexOf('=');
            if (eq <= 0 || eq == nameEqualsValue.length() - 1) {
                throw new IllegalArgumentException("attribute filter must look like name=value, got '" + nameEqualsValue + "'");
            }
            return attribute(nameEqualsValue.substring(0, eq), nameEqualsValue.substring(eq + 1));
        }
    }

    /** Values as a list, e.g. for display. */
    public List<String> describe() {
        List<String> out = new java.util.ArrayList<>();
        if (!categories.isEmpty()) out.add("category in " + categories);
        if (!brands.isEmpty()) out.add("brand in " + brands);
        attributes.forEach((n, v) -> out.add(n + " in " + v));
        if (minPrice != null) out.add("price >= " + minPrice);
        if (maxPrice != null) out.add("price <= " + maxPrice);
        if (inStockOnly) out.add("in stock");
        return out;
    }
}
