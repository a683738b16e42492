/**
 * Catalog audits over product vectors: near-duplicate groups ({@link dev.lookalike.audit.DuplicateFinder}, measured on
 * generated duplicates with {@link dev.lookalike.audit.DuplicateGenerator}) and the assortment view
 * ({@link dev.lookalike.audit.Assortment}: k-means clusters with size, prices, brands, in-stock share and gaps,
 * rendered as a self-contained page by {@link dev.lookalike.audit.AssortmentPage}).
 *
 * <p>Every audit works on a {@link dev.lookalike.audit.CatalogVectors}: the products of a catalog or store with one
 * "view" vector each, the chosen modalities (image, text…) concatenated with the index's weights, held in memory; and
 * on a {@link dev.lookalike.audit.NeighbourSearch}: exact in memory, or the store's ANN index for candidates re-scored
 * exactly in the view. The attribution package ({@code dev.lookalike.attribution}) builds on the same two.
 */
package dev.lookalike.audit;
