/**
 * Fusion: a product's image, text and attribute vectors, weighted and concatenated into one vector
 * ({@link dev.lookalike.fusion.FusionSettings} says how; {@link dev.lookalike.fusion.ProductVectorizer} does it).
 */
package dev.lookalike.fusion;
