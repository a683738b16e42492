package dev.lookalike.engine;

import dev.lookalike.fusion.ProductVectorizer;
import java.util.List;

/**
 * What a synchronous upsert did: every product was written and committed (durable) before this was returned.
 *
 * @param upserted      products written (inserted or replaced)
 * @param imageProblems pictures that could not be used; their products were written with their other modalities
 */
public record UpsertResult(int upserted, List<ProductVectorizer.Problem> imageProblems) {

    public UpsertResult {
        imageProblems = List.copyOf(imageProblems);
    }
}
