package dev.lookalike.catalog;

/** Catalog file formats understood by {@link Catalogs#open(java.nio.file.Path, CatalogOptions)}. Immutable, thread-safe. */
public enum CatalogFormat {
    /** Decide from the path: a directory with {@code styles.csv}, or the file name's extension. */
    AUTO,
    /** One JSON object per line ({@link JsonLinesCatalogReader}). */
    JSONL,
    /** Delimited text with a header row and a {@link ColumnMapping} ({@link CsvCatalogReader}). */
    CSV,
    /** A directory with {@code styles.csv} and {@code images/<id>.jpg} ({@link FashionProductsReader}). */
    FASHION_PRODUCTS
}
