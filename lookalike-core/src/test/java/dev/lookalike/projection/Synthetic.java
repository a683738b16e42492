package dev.lookalike.projection;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.RandomMatrices_DDRM;

/** Seeded synthetic data for the projection tests. */
final class Synthetic {

    private Synthetic() {
    }

    /** A random orthogonal matrix (columns are the axes). */
    static DMatrixRMaj orthogonal(int d, long seed) {
        return RandomMatrices_DDRM.orthogonal(d, d, new java.util.Random(seed));
    }

    /** n Gaussian vectors with mean {@code mean} and covariance Q diag(variances) Q'. */
    static float[][] gaussian(int n, double[] mean, DMatrixRMaj axes, double[] variances, long seed) {
        int d = mean.length;
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = r.nextGaussian() * Math.sqrt(variances[j]);
            }
            for (int a = 0; a < d; a++) {
                double s = mean[a];
                for (int j = 0; j < d; j++) {
                    s += axes.get(a, j) * z[j];
                }
                out[i][a] = (float) s;
            }
        }
        return out;
    }

    /** M (x - mean) without the final normalisation: the raw coordinates of a linear projection. */
    static double[] raw(Projection p, float[] x) {
        LinearProjection lp = (LinearProjection) p;
        float[] m = lp.mean();
        float[] w = lp.matrix();
        int in = p.inputDimension();
        double[] y = new double[p.outputDimension()];
        for (int r = 0; r < y.length; r++) {
            double s = 0;
            for (int c = 0; c < in; c++) {
                s += w[r * in + c] * (x[c] - m[c]);
            }
            y[r] = s;
        }
        return y;
    }

    static double dot(float[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Row r of a projection's matrix. */
    static float[] row(Projection p, int r) {
        float[] w = ((LinearProjection) p).matrix();
        float[] out = new float[p.inputDimension()];
        System.arraycopy(w, r * out.length, out, 0, out.length);
        return out;
    }

    static double[] column(DMatrixRMaj m, int c) {
        double[] out = new double[m.numRows];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.get(i, c);
        }
        return out;
    }
}
