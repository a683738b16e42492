/**
 * Dimensionality reduction of modality vectors, fitted on a catalog and stored with its index.
 *
 * <p>A {@link dev.lookalike.projection.Projection} maps an encoder's vectors to fewer dimensions (a centred linear
 * map followed by L2 normalisation). Two fitters make one:
 * <ul>
 *   <li>{@link dev.lookalike.projection.PcaFitter}: unsupervised principal component analysis in one streaming pass,
 *       optionally whitened;</li>
 *   <li>{@link dev.lookalike.projection.LdaFitter}: a <em>catalog-tuned</em> projection, supervised by the catalog's own
 *       attributes (regularised linear discriminant analysis per attribute, blocks concatenated with weights), with
 *       its choices picked by cross-validation on the fitting data ({@link dev.lookalike.projection.LdaTuner}).</li>
 * </ul>
 * {@link dev.lookalike.projection.ProjectionFile} reads and writes the versioned binary format documented in
 * docs/index-format.md. Linear algebra (eigen-decompositions, matrix products) is EJML's.
 */
package dev.lookalike.projection;
