package dev.lookalike.engine;

/** No product has the given id. */
public class ProductNotFoundException extends RuntimeException {

    private final String id;

    public ProductNotFoundException(String id) {
        super("no product with id '" + id + "'");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
