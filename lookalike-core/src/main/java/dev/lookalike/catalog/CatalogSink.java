package dev.lookalike.catalog;

/** Receives what a {@link CatalogReader} reads, in file order. Implementations need not be thread-safe. */
public interface CatalogSink {

    void accept(Product product);

    /** A rejected row; returning normally continues reading, throwing stops it. */
    void reject(RowError error);
}
