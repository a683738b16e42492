package dev.lookalike.projection;

/**
 * A fitted PCA: the projection and the spectrum it was cut from. Immutable (arrays are copied in and out).
 *
 * @param projection  the fitted projection ({@code kind} {@code pca})
 * @param eigenvalues every eigenvalue of the fitting data's covariance, decreasing (tiny negative round-off clamped
 *                    to zero)
 * @param count       vectors the fit saw
 */
public record PcaResult(Projection projection, double[] eigenvalues, long count) {

    public PcaResult {
        if (projection == null || eigenvalues == null || eigenvalues.length < projection.outputDimension()) {
            throw new IllegalArgumentException("a PCA result needs its projection and at least its components' eigenvalues");
        }
        eigenvalues = eigenvalues.clone();
    }

    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** Share of the total variance the kept components carry, in [0, 1]. */
    public double explainedVariance() {
        return explainedVariance(projection.outputDimension());
    }

    /** Share of the total variance the first {@code k} components carry (NaN when the data has no variance). */
    public double explainedVariance(int k) {
        if (k < 0 || k > eigenvalues.length) {
            throw new IllegalArgumentException("k must be between 0 and " + eigenvalues.length + ", got " + k);
        }
        double total = 0;
        double top = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            total += eigenvalues[i];
            if (i < k) {
                top += eigenvalues[i];
            }
        }
        return total > 0 ? top / total : Double.NaN;
    }
}
