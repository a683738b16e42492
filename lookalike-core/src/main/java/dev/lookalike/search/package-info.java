/**
 * The search API: {@link dev.lookalike.search.ProductStore} (implemented by {@code lookalike-lucene} and {@code lookalike-solr}, which pass the same {@code ProductStoreConformanceTest}; remote kinds are found through {@link dev.lookalike.search.ProductStoreProvider}), vector queries,
 * filters and hits. "Higher score is better" everywhere.
 */
package dev.lookalike.search;
