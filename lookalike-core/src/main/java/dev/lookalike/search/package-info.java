/**
 * The search API: {@link dev.lookalike.search.ProductStore} (implemented by {@code lookalike-lucene}), vector queries,
 * filters and hits. "Higher score is better" everywhere.
 */
package dev.lookalike.search;
