/**
 * The catalog model ({@link dev.lookalike.catalog.Product}) and readers for JSON Lines, CSV with a column
 * mapping, and the fashion-products layout ({@code styles.csv} + {@code images/<id>.jpg}).
 */
package dev.lookalike.catalog;
