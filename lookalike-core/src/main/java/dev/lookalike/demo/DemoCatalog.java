package dev.lookalike.demo;

import dev.lookalike.catalog.Product;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated demo catalog on disk.
 *
 * @param catalogFile the written {@code catalog.jsonl}
 * @param products    the products as written (attributes possibly dropped or wrong), in file order, with image
 *                    references resolved to absolute {@code file:} URIs
 * @param truth       product id to the true generated parameters, in file order
 */
public record DemoCatalog(Path catalogFile, List<Product> products, Map<String, DemoTruth> truth) {

    public DemoCatalog {
        if (catalogFile == null) {
            throw new IllegalArgumentException("catalogFile must be non-null");
        }
        products = List.copyOf(products);
        truth = Collections.unmodifiableMap(new LinkedHashMap<>(truth));
        truth.forEach((id, t) -> {
            if (id == null || t == null) {
                throw new IllegalArgumentException("truth must not contain nulls, got " + id + " -> " + t);
            }
        });
        for (Product p : products) {
            if (!truth.containsKey(p.id())) {
                throw new IllegalArgumentException("no truth for product " + p.id());
            }
        }
    }

    /** The true parameters of {@code productId}. @throws IllegalArgumentException if the id is unknown */
    public DemoTruth truthOf(String productId) {
        DemoTruth t = truth.get(productId);
        if (t == null) {
            throw new IllegalArgumentException("unknown demo product id '" + productId + "'");
        }
        return t;
    }
}
