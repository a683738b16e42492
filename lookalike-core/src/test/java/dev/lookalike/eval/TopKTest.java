package dev.lookalike.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void matchesAFullSortOnRandomData() {
        SplittableRandom r = new SplittableRandom(3);
        float[][] rows = new float[500][16];
        for (float[] row : rows) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) r.nextGaussian();
            }
        }
        float[] q = rows[17];
        int[] top = TopK.exact(rows, q, 10, 17);
        int[] expected = IntStream.range(0, rows.length).filter(i -> i != 17).boxed()
                .sorted(Comparator.comparingDouble(i -> -dot(rows[i], q))).limit(10).mapToInt(Integer::intValue).toArray();
        assertThat(top).containsExactly(expected);
    }

    @Test
    void precisionCountsSameLabelNeighboursAndSkipsUnlabelledQueries() {
        float[][] v = {{1, 0}, {0.9f, 0.1f}, {0, 1}, {0.1f, 0.9f}};
        String[] labels = {"a", "a", "b", null};
        // a's nearest other is a (1/1); a->a; b's nearest is the unlabelled item (label null != b)
        assertThat(LeaveOneOutPrecision.precisionAtK(v, labels, 1)).isEqualTo((1 + 1 + 0) / 3.0);
        assertThat(Arrays.stream(TopK.exact(v, v[0], 3, -1)).boxed().toList()).containsExactly(0, 1, 3);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
