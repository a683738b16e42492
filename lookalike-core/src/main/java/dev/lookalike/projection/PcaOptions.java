package dev.lookalike.projection;

/**
 * How {@link PcaFitter#fit(PcaOptions)} builds a projection. Immutable.
 *
 * @param components    principal components kept, {@code 1..dimension}
 * @param whiten        divide each component by {@code sqrt(eigenvalue + epsilon)}, so that every kept component has
 *                      (about) unit variance over the fitting data and counts alike in cosine similarity
 * @param whitenEpsilon {@code epsilon} relative to the mean eigenvalue (trace / dimension), {@code >= 0}: it damps
 *                      the low-variance components that pure whitening would blow up. Ignored without whitening.
 */
public record PcaOptions(int components, boolean whiten, double whitenEpsilon) {

    /**
     * Default {@code whitenEpsilon}: the mean eigenvalue itself. On fashion-products (descriptor-v1) it kept
     * whitening's gain on articleType and lost the least on baseColour of 0.01, 0.1 and 1 (docs/benchmarks.md).
     */
    public static final double DEFAULT_WHITEN_EPSILON = 1.0;

    public PcaOptions {
        if (components < 1) {
            throw new IllegalArgumentException("PCA components must be >= 1, got " + components);
        }
        if (!Double.isFinite(whitenEpsilon) || whitenEpsilon < 0) {
            throw new IllegalArgumentException("whitenEpsilon must be finite and >= 0, got " + whitenEpsilon);
        }
    }

    public static PcaOptions of(int components, boolean whiten) {
        return new PcaOptions(components, whiten, DEFAULT_WHITEN_EPSILON);
    }
}
