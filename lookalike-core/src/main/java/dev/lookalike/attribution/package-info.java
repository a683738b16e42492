/**
 * Automated attribution: predicting a product attribute (type, colour, gender, pattern…) from its nearest neighbours'
 * values, with a calibrated confidence, to fill missing values and flag suspected mislabels.
 *
 * <ul>
 *   <li>{@link dev.lookalike.attribution.KnnVote}: similarity-weighted voting of the {@code k} nearest labelled
 *       neighbours, each weighing {@code max(similarity, 0)^power};</li>
 *   <li>{@link dev.lookalike.attribution.AttributeModelFitter}: picks {@code k} and the power by accuracy on held-out
 *       neighbour lists and fits an isotonic {@link dev.lookalike.attribution.Calibration} of the winning vote share on
 *       the same lists, giving an {@link dev.lookalike.attribution.AttributeModel};</li>
 *   <li>{@link dev.lookalike.attribution.Attributor}: the service over a catalog's vectors (leave-one-out: a product's
 *       own value never votes for it) that makes {@link dev.lookalike.attribution.Suggestion}s, exported by
 *       {@link dev.lookalike.attribution.SuggestionsFile} and written back only by
 *       {@link dev.lookalike.attribution.SuggestionApplier} (which keeps the replaced value);</li>
 *   <li>{@link dev.lookalike.attribution.AttributionCrossValidation}: k-fold accuracy, reliability table and
 *       injected-mislabel recall, with an optional supervised projection fitted on the training folds only.</li>
 * </ul>
 * Values are compared as stored (stripped, case kept), so a suggestion is always a value the catalog already uses.
 */
package dev.lookalike.attribution;
