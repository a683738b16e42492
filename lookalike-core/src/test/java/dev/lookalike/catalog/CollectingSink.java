package dev.lookalike.catalog;

import java.util.ArrayList;
import java.util.List;

/** Test sink that keeps everything it is given. */
final class CollectingSink implements CatalogSink {

    final List<Product> products = new ArrayList<>();
    final List<RowError> errors = new ArrayList<>();

    @Override
    public void accept(Product product) {
        products.add(product);
    }

    @Override
    public void reject(RowError error) {
        errors.add(error);
    }

    List<String> ids() {
        return products.stream().map(Product::id).toList();
    }

    Product product(String id) {
        return products.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no product " + id + " in " + ids()));
    }

    RowError errorAt(long line) {
        return errors.stream().filter(e -> e.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no error at line " + line + " in " + errors));
    }
}
