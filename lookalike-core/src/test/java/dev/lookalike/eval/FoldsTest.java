package dev.lookalike.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FoldsTest {

    @Test
    void foldsPartitionTheItemsEvenlyAndTheSeedFixesThem() {
        Folds folds = Folds.split(103, 5, 42);
        assertThat(folds.count()).isEqualTo(5);
        int[] all = IntStream.range(0, 5).flatMap(f -> Arrays.stream(folds.heldOut(f))).sorted().toArray();
        assertThat(all).containsExactly(IntStream.range(0, 103).toArray());
        for (int f = 0; f < 5; f++) {
            assertThat(folds.heldOut(f).length).isBetween(20, 21);
            int[] training = folds.training(f);
            assertThat(training).hasSize(103 - folds.heldOut(f).length).doesNotContain(folds.heldOut(f));
        }
        assertThat(Folds.split(103, 5, 42).heldOut(2)).containsExactly(folds.heldOut(2));
        assertThat(Folds.split(103, 5, 43).heldOut(2)).isNotEqualTo(folds.heldOut(2));
        // shuffled, not contiguous blocks
        assertThat(folds.heldOut(0)).isNotEqualTo(IntStream.range(0, 21).toArray());
        assertThatThrownBy(() -> Folds.split(3, 5, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 5");
    }

    @Test
    void heldOutPrecisionCountsSameLabelsAmongTheDatabaseOnly() {
        float[][] db = {{1, 0}, {0.9f, 0.1f}, {0, 1}, {0.1f, 0.9f}};
        String[] dbLabels = {"a", "a", "b", null};
        float[][] queries = {{1, 0.05f}, {0.05f, 1}, {1, 1}};
        String[] queryLabels = {"a", "b", null};
        // query a: top-2 {0, 1} both a -> 1.0; query b: top-2 {2, 3}: 3 is unlabelled -> 0.5; the unlabelled query is skipped
        assertThat(HeldOutPrecision.precisionAtK(queries, queryLabels, db, dbLabels, 2)).isCloseTo(0.75, within(1e-12));
        assertThatThrownBy(() -> HeldOutPrecision.precisionAtK(queries, queryLabels, db, dbLabels, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 5");
    }
}
