/**
 * The embedded store on Lucene 10: HNSW over the fused vector, BM25 text fields, filter fields and the stored product.
 * {@link dev.lookalike.lucene.LuceneProductStore} is the entry point; layout in docs/index-format.md.
 */
package dev.lookalike.lucene;
