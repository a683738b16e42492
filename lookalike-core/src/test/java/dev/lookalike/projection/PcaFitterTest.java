package dev.lookalike.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class PcaFitterTest {

    private static final double[] VARIANCES = {9, 4, 1, 0.25, 0.1, 0.01};
    private static final double[] MEAN = {1, -2, 0.5, 3, 0, -1};

    @Test
    void recoversThePrincipalAxesUpToSignAndTheExplainedVariance() {
        DMatrixRMaj axes = Synthetic.orthogonal(6, 11);
        float[][] data = Synthetic.gaussian(40_000, MEAN, axes, VARIANCES, 12);
        PcaFitter fitter = new PcaFitter(6);
        fitter.addAll(data);
        PcaResult result = fitter.fit(3, false);

        assertThat(result.count()).isEqualTo(40_000);
        assertThat(result.projection().kind()).isEqualTo("pca");
        assertThat(result.projection().outputDimension()).isEqualTo(3);
        for (int k = 0; k < 3; k++) {
            double cosine = Math.abs(Synthetic.dot(Synthetic.row(result.projection(), k), Synthetic.column(axes, k)));
            assertThat(cosine).as("|cos| of component %d with axis %d", k, k).isGreaterThan(0.995);
        }
        double[] eigenvalues = result.eigenvalues();
        assertThat(eigenvalues).hasSize(6);
        for (int k = 0; k < 6; k++) {
            assertThat(eigenvalues[k]).as("eigenvalue %d", k).isCloseTo(VARIANCES[k], within(0.04 * VARIANCES[k] + 0.002));
        }
        double total = java.util.Arrays.stream(VARIANCES).sum();
        assertThat(result.explainedVariance()).isCloseTo((9 + 4 + 1) / total, within(0.005));
        assertThat(result.explainedVariance(6)).isCloseTo(1.0, within(1e-12));
        float[] mean = ((LinearProjection) result.projection()).mean();
        for (int i = 0; i < 6; i++) {
            assertThat((double) mean[i]).isCloseTo(MEAN[i], within(0.05));
        }
    }

    @Test
    void componentSignsAreFixedSoARefitGivesTheSameMatrix() {
        float[][] data = Synthetic.gaussian(2_000, MEAN, Synthetic.orthogonal(6, 3), VARIANCES, 4);
        PcaFitter a = new PcaFitter(6);
        a.addAll(data);
        PcaFitter b = new PcaFitter(6);
        b.addAll(data);
        Projection pa = a.fit(4, false).projection();
        assertThat(b.fit(4, false).projection().id()).isEqualTo(pa.id());
        for (int k = 0; k < 4; k++) {
            float[] row = Synthetic.row(pa, k);
            int argMax = 0;
            for (int i = 1; i < row.length; i++) {
                if (Math.abs(row[i]) > Math.abs(row[argMax])) {
                    argMax = i;
                }
            }
            assertThat(row[argMax]).isPositive();
        }
    }

    @Test
    void whiteningGivesUnitVarianceAndUncorrelatedComponents() {
        DMatrixRMaj axes = Synthetic.orthogonal(6, 21);
        float[][] data = Synthetic.gaussian(20_000, MEAN, axes, VARIANCES, 22);
        PcaFitter fitter = new PcaFitter(6);
        fitter.addAll(data);
        Projection exact = fitter.fit(new PcaOptions(4, true, 0)).projection();
        double[][] cov = covariance(exact, data);
        for (int i = 0; i < 4; i++) {
            assertThat(cov[i][i]).as("variance of whitened component %d on the fitting data", i).isCloseTo(1.0, within(1e-4));
            for (int j = 0; j < i; j++) {
                assertThat(cov[i][j]).as("covariance %d,%d", i, j).isCloseTo(0.0, within(1e-4));
            }
        }
        // fresh data from the same distribution: about unit variance too
        double[][] fresh = covariance(exact, Synthetic.gaussian(20_000, MEAN, axes, VARIANCES, 23));
        for (int i = 0; i < 4; i++) {
            assertThat(fresh[i][i]).isCloseTo(1.0, within(0.05));
        }
        // the default epsilon damps: variance eigenvalue / (eigenvalue + mean eigenvalue)
        Projection damped = fitter.fit(4, true).projection();
        double[] eig = fitter.fit(4, true).eigenvalues();
        double meanEig = java.util.Arrays.stream(eig).sum() / 6;
        double[][] dampedCov = covariance(damped, data);
        for (int i = 0; i < 4; i++) {
            assertThat(dampedCov[i][i]).isCloseTo(eig[i] / (eig[i] + meanEig), within(1e-4));
        }
    }

    @Test
    void streamingInPartsAndMergingEqualsAllAtOnce() throws Exception {
        float[][] data = Synthetic.gaussian(9_000, MEAN, Synthetic.orthogonal(6, 31), VARIANCES, 32);
        PcaFitter all = new PcaFitter(6);
        all.addAll(data);

        // three per-thread fitters, merged
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<PcaFitter> parts = new ArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            PcaFitter part = new PcaFitter(6);
            parts.add(part);
            int from = t * 3_000;
            done.add(pool.submit(() -> {
                for (int i = from; i < from + 3_000; i++) {
                    part.add(data[i]);
                }
            }));
        }
        // and one fitter shared by three threads
        PcaFitter shared = new PcaFitter(6);
        for (int t = 0; t < 3; t++) {
            int from = t;
            done.add(pool.submit(() -> {
                for (int i = from; i < data.length; i += 3) {
                    shared.add(data[i]);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        PcaFitter merged = new PcaFitter(6);
        parts.forEach(merged::merge);

        PcaResult expected = all.fit(5, true);
        for (PcaFitter other : List.of(merged, shared)) {
            assertThat(other.count()).isEqualTo(9_000);
            PcaResult got = other.fit(5, true);
            assertThat(got.eigenvalues()).containsExactly(expected.eigenvalues(), within(1e-9));
            assertThat(((LinearProjection) got.projection()).matrix())
                    .containsExactly(((LinearProjection) expected.projection()).matrix(), within(1e-5f));
            assertThat(((LinearProjection) got.projection()).mean())
                    .containsExactly(((LinearProjection) expected.projection()).mean(), within(1e-6f));
        }
    }

    @Test
    void projectedVectorsAreUnitLengthAndZeroStaysZero() {
        PcaFitter fitter = new PcaFitter(6);
        fitter.addAll(Synthetic.gaussian(500, MEAN, Synthetic.orthogonal(6, 41), VARIANCES, 42));
        Projection p = fitter.fit(3, false).projection();
        float[] y = p.apply(new float[] {1, 2, 3, 4, 5, 6});
        double norm = 0;
        for (float v : y) {
            norm += v * v;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-6));
        assertThat(p.apply(new float[6])).containsOnly(0f);
        assertThatThrownBy(() -> p.apply(new float[5])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6").hasMessageContaining("5");
        assertThatThrownBy(() -> p.apply(new float[] {0, 0, Float.NaN, 0, 0, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void refusesBadInput() {
        PcaFitter fitter = new PcaFitter(4);
        assertThatThrownBy(() -> fitter.add(new float[3])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3");
        assertThatThrownBy(() -> fitter.add(new float[] {0, Float.POSITIVE_INFINITY, 0, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Infinity");
        fitter.add(new float[] {1, 0, 0, 0});
        assertThatThrownBy(() -> fitter.fit(2, false)).isInstanceOf(IllegalStateException.class).hasMessageContaining("got 1");
        fitter.add(new float[] {0, 1, 0, 0});
        assertThatThrownBy(() -> fitter.fit(5, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 5");
        assertThatThrownBy(() -> new PcaOptions(0, false, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new PcaOptions(2, true, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> fitter.merge(new PcaFitter(3))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
    }

    /** Covariance of the raw (unnormalised) projected coordinates. */
    private static double[][] covariance(Projection p, float[][] data) {
        int k = p.outputDimension();
        double[] mean = new double[k];
        double[][] ys = new double[data.length][];
        for (int i = 0; i < data.length; i++) {
            ys[i] = Synthetic.raw(p, data[i]);
            for (int j = 0; j < k; j++) {
                mean[j] += ys[i][j] / data.length;
            }
        }
        double[][] cov = new double[k][k];
        for (double[] y : ys) {
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    cov[a][b] += (y[a] - mean[a]) * (y[b] - mean[b]) / (data.length - 1);
                }
            }
        }
        return cov;
    }
}
