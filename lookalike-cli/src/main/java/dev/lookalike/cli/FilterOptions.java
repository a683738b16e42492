package dev.lookalike.cli;

import dev.lookalike.search.ProductFilter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Filter options shared by the search commands. */
final class FilterOptions {

    @Option(names = "--category", description = "Only products with this category at any level (repeatable: any of them).")
    List<String> categories = new ArrayList<>();

    @Option(names = "--brand", description = "Only products of this brand (repeatable: any of them).")
    List<String> brands = new ArrayList<>();

    @Option(names = "--attr", paramLabel = "NAME=VALUE", description = "Only products with this attribute value (repeatable).")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--min-price", description = "Lowest price.")
    Double minPrice;

    @Option(names = "--max-price", description = "Highest price.")
    Double maxPrice;

    @Option(names = "--in-stock", description = "Only products in stock.")
    boolean inStock;

    ProductFilter toFilter() {
        ProductFilter.Builder b = ProductFilter.builder().minPrice(minPrice).maxPrice(maxPrice).inStockOnly(inStock);
        categories.forEach(b::category);
        brands.forEach(b::brand);
        attributes.forEach(b::attribute);
        return b.build();
    }
}
