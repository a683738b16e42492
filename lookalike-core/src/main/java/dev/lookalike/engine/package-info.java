/**
 * The engine facade ({@link dev.lookalike.engine.Lookalike}): ingestion and "more like this" over a product store;
 * and catalog management while it serves ({@link dev.lookalike.engine.CatalogService}: upserts and deletes
 * acknowledged after a group commit, a near-real-time refresher, re-index and upsert jobs with progress).
 */
package dev.lookalike.engine;
