/**
 * The SolrCloud {@link dev.lookalike.search.ProductStore}: {@link dev.lookalike.solr.SolrProductStore} over SolrJ,
 * with the {@code lookalike} configset in {@code solr/configsets/lookalike/conf} on the class path, and the
 * {@code solr} kind for {@link dev.lookalike.search.ProductStoreProvider}. This module depends on lookalike-core only:
 * Solr 9 bundles Lucene 9, which never shares a classpath with the embedded store's Lucene 10 (docs/solrcloud.md).
 */
package dev.lookalike.solr;
