package dev.lookalike.projection;

import java.util.Locale;
import org.ejml.data.DMatrixRMaj;

/**
 * Principal component analysis in one streaming pass. {@link #add} accumulates, in double precision, the count, the
 * sum and the upper triangle of the sum of outer products; {@link #fit} turns them into the covariance
 * {@code (sum xx' - n mean mean') / (n - 1)}, decomposes it with EJML's symmetric eigen-decomposition and keeps the
 * top components. Memory is {@code dimension^2 / 2} doubles whatever the number of vectors.
 *
 * <p>Thread-safe: {@link #add} and {@link #merge} may be called from several threads (they lock this fitter); per-thread
 * fitters merged at the end avoid the lock altogether. {@link #fit} may be called any number of times, also while
 * adding (it sees the vectors added before it took the lock).
 */
public final class PcaFitter {

    private final int dimension;
    private long count;
    private final double[] sum;
    /** Upper triangle of sum x x', row by row: row i holds columns i..dimension-1. */
    private final double[] outer;

    public PcaFitter(int dimension) {
        if (dimension < 1 || dimension > ProjectionDescriptor.MAX_DIMENSION / 8) {
            throw new IllegalArgumentException("PCA dimension must be between 1 and " + ProjectionDescriptor.MAX_DIMENSION / 8
                    + ", got " + dimension);
        }
        this.dimension = dimension;
        this.sum = new double[dimension];
        this.outer = new double[dimension * (dimension + 1) / 2];
    }

    public int dimension() {
        return dimension;
    }

    public synchronized long count() {
        return count;
    }

    /**
     * Adds one vector.
     *
     * @throws IllegalArgumentException when it is null, of another length, or has a non-finite component
     */
    public void add(float[] vector) {
        if (vector == null || vector.length != dimension) {
            throw new IllegalArgumentException("vector must have " + dimension + " components, got "
                    + (vector == null ? "null" : Integer.toString(vector.length)));
        }
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException("vector has a non-finite component at " + i + ": " + vector[i]);
            }
            x[i] = vector[i];
        }
        synchronized (this) {
            count++;
            int row = 0;
            for (int i = 0; i < dimension; i++) {
                double xi = x[i];
                sum[i] += xi;
                // row i of the upper triangle starts at `row` and covers columns i..dimension-1
                int base = row - i;
                for (int j = i; j < dimension; j++) {
                    outer[base + j] += xi * x[j];
                }
                row += dimension - i;
            }
        }
    }

    /** Adds every vector (see {@link #add}). */
    public void addAll(float[][] vectors) {
        for (float[] v : vectors) {
            add(v);
        }
    }

    /** Adds another fitter's partial sums to this one's; {@code other} is not changed. */
    public void merge(PcaFitter other) {
        if (other == this) {
            throw new IllegalArgumentException("a fitter cannot merge itself");
        }
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("cannot merge a " + other.dimension + "-dimensional fitter into a " + dimension
                    + "-dimensional one");
        }
        long n;
        double[] s;
        double[] o;
        synchronized (other) {
            n = other.count;
            s = other.sum.clone();
            o = other.outer.clone();
        }
        synchronized (this) {
            count += n;
            for (int i = 0; i < s.length; i++) {
                sum[i] += s[i];
            }
            for (int i = 0; i < o.length; i++) {
                outer[i] += o[i];
            }
        }
    }

    /** {@link #fit(PcaOptions)} with the default whitening epsilon. */
    public PcaResult fit(int components, boolean whiten) {
        return fit(PcaOptions.of(components, whiten));
    }

    /**
     * Fits the projection: rows are the top {@code components} eigenvectors of the covariance (decreasing eigenvalue,
     * each with its largest-magnitude component positive), divided by {@code sqrt(eigenvalue + epsilon)} when
     * whitening; the mean is the mean of the vectors added.
     *
     * @throws IllegalArgumentException when {@code components} exceeds the dimension
     * @throws IllegalStateException    when fewer than 2 vectors were added
     */
    public PcaResult fit(PcaOptions options) {
        if (options.components() > dimension) {
            throw new IllegalArgumentException("PCA components must be at most the dimension " + dimension + ", got "
                    + options.components());
        }
        Moments m = moments();
        SymmetricEigen eig = SymmetricEigen.of(m.covariance());
        double[] values = eig.values();
        double trace = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, values[i]);
            trace += values[i];
        }
        int k = options.components();
        double epsilon = options.whitenEpsilon() * trace / dimension;
        float[] matrix = new float[k * dimension];
        for (int r = 0; r < k; r++) {
            double scale = 1;
            if (options.whiten()) {
                double denominator = Math.sqrt(values[r] + epsilon);
                // a zero-variance component with epsilon 0: keep it unscaled rather than divide by zero
                scale = denominator > 0 ? 1 / denominator : 1;
            }
            for (int c = 0; c < dimension; c++) {
                matrix[r * dimension + c] = (float) (scale * eig.vector(c, r));
            }
        }
        float[] mean = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            mean[i] = (float) m.mean()[i];
        }
        PcaResult draft = new PcaResult(new LinearProjection("pca", "", mean, matrix, k), values, m.count());
        String description = String.format(Locale.ROOT, "pca components=%d whiten=%s%s explained_variance=%.4f vectors=%d",
                k, options.whiten(), options.whiten() ? String.format(Locale.ROOT, " whiten_epsilon=%g", options.whitenEpsilon()) : "",
                draft.explainedVariance(), m.count());
        return new PcaResult(new LinearProjection("pca", description, mean, matrix, k), values, m.count());
    }

    /** Mean and covariance of what was added so far. */
    Moments moments() {
        long n;
        double[] s;
        double[] o;
        synchronized (this) {
            n = count;
            s = sum.clone();
            o = outer.clone();
        }
        if (n < 2) {
            throw new IllegalStateException("PCA needs at least 2 vectors, got " + n);
        }
        double[] mean = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            mean[i] = s[i] / n;
        }
        DMatrixRMaj cov = new DMatrixRMaj(dimension, dimension);
        int idx = 0;
        for (int i = 0; i < dimension; i++) {
            for (int j = i; j < dimension; j++) {
                double c = (o[idx++] - n * mean[i] * mean[j]) / (n - 1);
                cov.unsafe_set(i, j, c);
                cov.unsafe_set(j, i, c);
            }
        }
        return new Moments(n, mean, cov);
    }

    /** Count, mean and covariance (n - 1 denominator). */
    record Moments(long count, double[] mean, DMatrixRMaj covariance) {
    }
}
