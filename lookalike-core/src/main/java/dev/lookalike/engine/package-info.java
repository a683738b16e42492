/** The engine facade ({@link dev.lookalike.engine.Lookalike}): ingestion and "more like this" over a product store. */
package dev.lookalike.engine;
