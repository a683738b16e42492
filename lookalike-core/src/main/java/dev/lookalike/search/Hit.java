package dev.lookalike.search;

import dev.lookalike.catalog.Product;

/**
 * One result. Higher score is more similar: the cosine similarity of fused vectors, in [-1, 1].
 */
public record Hit(String id, float score, Product product) {
}
