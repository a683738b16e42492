package dev.lookalike.engine;

import dev.lookalike.catalog.Product;
import java.util.List;

/**
 * A request body split into products to upsert and items refused, in body order; see
 * {@link CatalogService#parse}. Immutable.
 *
 * @param products   the valid items
 * @param rejections the refused ones
 */
public record ParsedBatch(List<Product> products, List<ItemRejection> rejections) {

    public ParsedBatch {
        products = List.copyOf(products);
        rejections = List.copyOf(rejections);
    }

    /** Items in the body. */
    public int items() {
        return products.size() + rejections.size();
    }
}
