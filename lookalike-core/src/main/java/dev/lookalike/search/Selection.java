package dev.lookalike.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which products a search may return: every filter must hold (AND), and a product must be of none of the excluded
 * brands and have none of the excluded ids. Business rules tied to an anchor (same brand, price band…) become extra
 * filters here, on top of the request's own. Immutable.
 *
 * @param filters       all must hold; empty means no condition
 * @param excludeBrands brands never returned (matched case-insensitively, like {@link ProductFilter#brands()})
 * @param excludeIds    ids never returned, e.g. the anchors
 */
public record Selection(List<ProductFilter> filters, Set<String> excludeBrands, Set<String> excludeIds) {

    public static final Selection ALL = new Selection(List.of(), Set.of(), Set.of());

    public Selection {
        filters = filters == null ? List.of() : filters.stream().filter(f -> f != null && !f.isEmpty()).toList();
        excludeBrands = excludeBrands == null ? Set.of()
                : excludeBrands.stream().filter(b -> b != null && !b.isBlank()).map(ProductFilter::normalizeValue)
                        .collect(java.util.stream.Collectors.toUnmodifiableSet());
        excludeIds = excludeIds == null ? Set.of() : Set.copyOf(excludeIds);
    }

    public static Selection of(ProductFilter filter) {
        return new Selection(filter == null ? List.of() : List.of(filter), Set.of(), Set.of());
    }

    /** This selection with one more filter that must also hold. */
    public Selection and(ProductFilter filter) {
        List<ProductFilter> all = new ArrayList<>(filters);
        all.add(filter);
        return new Selection(all, excludeBrands, excludeIds);
    }

    public Selection excludingBrands(Set<String> brands) {
        Set<String> all = new java.util.HashSet<>(excludeBrands);
        all.addAll(brands);
        return new Selection(filters, all, excludeIds);
    }

    public Selection excludingIds(Set<String> ids) {
        Set<String> all = new java.util.HashSet<>(excludeIds);
        all.addAll(ids);
        return new Selection(filters, excludeBrands, all);
    }

    /** Whether any product condition is set (exclusions of ids alone do not count). */
    public boolean hasConditions() {
        return !filters.isEmpty() || !excludeBrands.isEmpty();
    }
}
