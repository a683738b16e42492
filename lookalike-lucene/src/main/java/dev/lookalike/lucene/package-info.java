/**
 * The embedded store on Lucene 10: HNSW over the fused vector (up to 4,096 dimensions), BM25 text fields, filter fields
 * and the stored product, and, for products with several pictures, picture documents in a block join so that a query
 * can match a product by its best picture.
 * {@link dev.lookalike.lucene.LuceneProductStore} is the entry point; layout in docs/index-format.md.
 */
package dev.lookalike.lucene;
