package dev.lookalike.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnBenchTest {

    @TempDir
    Path dir;

    /** Clustered 16-d vectors: low intrinsic dimension, as real embeddings (uniform random ones are HNSW's worst case). */
    static float[][] clustered(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centres = new float[20][16];
        for (float[] c : centres) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) (10 * r.nextGaussian());
            }
        }
        float[][] out = new float[n][16];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 16; j++) {
                out[i][j] = centres[i % centres.length][j] + (float) r.nextGaussian();
            }
        }
        return out;
    }

    @Test
    void exactTopKIsTheL2Order() {
        float[][] base = clustered(500, 1);
        float[] q = clustered(1, 2)[0];
        int[] expected = IntStream.range(0, base.length).boxed()
                .sorted(Comparator.comparingDouble(i -> squared(base[i], q))).limit(10).mapToInt(Integer::intValue).toArray();
        assertThat(AnnBench.exactTopK(base, new float[][] {q}, 10)[0]).containsExactly(expected);
    }

    @Test
    void sweepReportsRecallThatGrowsWithEfForEveryQuantizationAndPath() throws Exception {
        float[][] base = clustered(3000, 3);
        float[][] queries = clustered(100, 4);
        int[][] exact = AnnBench.exactTopK(base, queries, 10);
        for (VectorQuantization q : VectorQuantization.values()) {
            AnnBench.Result r = AnnBench.run(dir.resolve(q.id()), base, queries, exact, 10, q, 16, 100, new int[] {10, 200}, 0, 2);
            assertThat(r.indexBytes()).isGreaterThan(3000L * 16 * 4); // the float32 vectors alone
            assertThat(r.points()).hasSize(6);
            for (String path : new String[] {"store", "query", "leaf"}) {
                var points = r.points().stream().filter(p -> p.path().equals(path)).toList();
                assertThat(points.get(1).recall()).as(q + " " + path).isGreaterThanOrEqualTo(0.98)
                        .isGreaterThanOrEqualTo(points.get(0).recall());
                assertThat(points).allSatisfy(p -> assertThat(p.qps()).isPositive());
            }
            // the three paths search the same graph with the same beam: the same neighbours
            assertThat(r.points().get(1).recall()).isEqualTo(r.points().get(3).recall()).isEqualTo(r.points().get(5).recall());
        }
    }

    private static double squared(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

}
