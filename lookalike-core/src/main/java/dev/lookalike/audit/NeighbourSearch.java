package dev.lookalike.audit;

import java.io.IOException;

/**
 * Finds a product's nearest other products in a {@link CatalogVectors}' view space. Implementations are thread-safe.
 */
public interface NeighbourSearch {

    /**
     * The at most {@code k} rows most similar to {@code row}, itself excluded, best first, with their exact view cosine
     * similarities; empty when the row has no vector.
     */
    Neighbours nearest(int row, int k) throws IOException;
}
