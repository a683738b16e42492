package dev.lookalike.search;

import dev.lookalike.catalog.Product;
import dev.lookalike.fusion.ProductVectors;

/** A product with the vectors it is indexed under. */
public record IndexedProduct(Product product, ProductVectors vectors) {

    public IndexedProduct {
        if (product == null || vectors == null) {
            throw new IllegalArgumentException("product and vectors must not be null");
        }
    }

    public String id() {
        return product.id();
    }
}
