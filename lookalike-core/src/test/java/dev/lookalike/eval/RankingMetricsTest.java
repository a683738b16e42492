package dev.lookalike.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.eval.RankingMetrics.Gain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    // a: 2, c: 1, d: 2, e: 0; b is unjudged (grade 0)
    private static final Map<String, Integer> JUDGED = Map.of("a", 2, "c", 1, "d", 2, "e", 0);
    private static final List<String> RANKING = List.of("a", "b", "c");

    @Test
    void dcgSumsDiscountedGains() {
        // exponential gains 3, 0, 1 at ranks 1..3: 3/log2(2) + 0/log2(3) + 1/log2(4)
        assertThat(RankingMetrics.dcg(new int[] {2, 0, 1}, 3, Gain.EXPONENTIAL)).isCloseTo(3.5, within(1e-12));
        assertThat(RankingMetrics.dcg(new int[] {2, 0, 1}, 3, Gain.LINEAR)).isCloseTo(2.5, within(1e-12));
        assertThat(RankingMetrics.dcg(new int[] {2, 0, 1}, 1, Gain.EXPONENTIAL)).isCloseTo(3.0, within(1e-12));
        assertThat(RankingMetrics.dcg(new int[0], 5, Gain.EXPONENTIAL)).isZero();
    }

    @Test
    void ndcgAgainstTheIdealOrderOfAllJudgedCandidates() {
        // ideal grades 2, 2, 1, 0: IDCG@3 = 3 + 3/log2(3) + 1/2 = 5.392789...
        assertThat(RankingMetrics.ndcg(RANKING, JUDGED, 3, Gain.EXPONENTIAL)).isCloseTo(0.649014791936513, within(1e-12));
        // linear: 2.5 / (2 + 2/log2(3) + 0.5)
        assertThat(RankingMetrics.ndcg(RANKING, JUDGED, 3, Gain.LINEAR)).isCloseTo(0.6645649565734895, within(1e-12));
    }

    @Test
    void kLargerThanTheRankingAndTheJudgments() {
        // nothing more to gain after rank 3 in the ranking, nor after rank 3 in the ideal (the 4th ideal grade is 0)
        assertThat(RankingMetrics.ndcg(RANKING, JUDGED, 10, Gain.EXPONENTIAL)).isCloseTo(0.649014791936513, within(1e-12));
        assertThat(RankingMetrics.precision(RANKING, JUDGED, 10, 1)).isCloseTo(0.2, within(1e-12)); // a and c, over k = 10
        assertThat(RankingMetrics.recall(RANKING, JUDGED, 10, 1)).isCloseTo(2.0 / 3, within(1e-12)); // d never retrieved
    }

    @Test
    void curveMatchesTheSingleCutOffs() {
        double[] curve = RankingMetrics.ndcgCurve(RANKING, JUDGED, 4, Gain.EXPONENTIAL);
        assertThat(curve).containsExactly(new double[] {1.0, 0.6131471927654584, 0.649014791936513, 0.649014791936513}, within(1e-12));
        for (int k = 1; k <= 4; k++) {
            assertThat(curve[k - 1]).isCloseTo(RankingMetrics.ndcg(RANKING, JUDGED, k, Gain.EXPONENTIAL), within(1e-12));
        }
    }

    @Test
    void tiesInGradeGiveThePerfectScoreInEitherOrder() {
        Map<String, Integer> judged = Map.of("x", 1, "y", 1, "z", 2);
        assertThat(RankingMetrics.ndcg(List.of("z", "x", "y"), judged, 3, Gain.EXPONENTIAL)).isCloseTo(1.0, within(1e-12));
        assertThat(RankingMetrics.ndcg(List.of("z", "y", "x"), judged, 3, Gain.EXPONENTIAL)).isCloseTo(1.0, within(1e-12));
        assertThat(RankingMetrics.ndcg(List.of("y", "z", "x"), judged, 3, Gain.EXPONENTIAL)).isLessThan(1.0);
    }

    @Test
    void emptyOrAllZeroJudgmentsHaveNoValue() {
        for (Map<String, Integer> judged : List.of(Map.<String, Integer>of(), Map.of("a", 0, "b", 0))) {
            assertThat(RankingMetrics.ndcg(RANKING, judged, 5, Gain.EXPONENTIAL)).isNaN();
            assertThat(RankingMetrics.ndcgCurve(RANKING, judged, 3, Gain.EXPONENTIAL)).containsOnly(Double.NaN);
            assertThat(RankingMetrics.precision(RANKING, judged, 5, 1)).isNaN();
            assertThat(RankingMetrics.recall(RANKING, judged, 5, 1)).isNaN();
            assertThat(RankingMetrics.reciprocalRank(RANKING, judged, 1)).isNaN();
        }
        assertThat(RankingMetrics.mean(new double[] {Double.NaN, 0.5, 1.0})).isCloseTo(0.75, within(1e-12));
        assertThat(RankingMetrics.mean(new double[] {Double.NaN})).isNaN();
        assertThat(RankingMetrics.defined(new double[] {Double.NaN, 0.5, 1.0})).isEqualTo(2);
    }

    @Test
    void emptyRankingScoresZero() {
        assertThat(RankingMetrics.ndcg(List.of(), JUDGED, 5, Gain.EXPONENTIAL)).isZero();
        assertThat(RankingMetrics.precision(List.of(), JUDGED, 5, 1)).isZero();
        assertThat(RankingMetrics.reciprocalRank(List.of(), JUDGED, 1)).isZero();
    }

    @Test
    void reciprocalRankOfTheFirstRelevantCandidate() {
        assertThat(RankingMetrics.reciprocalRank(RANKING, JUDGED, 1)).isEqualTo(1.0);
        assertThat(RankingMetrics.reciprocalRank(List.of("b", "e", "c"), JUDGED, 1)).isCloseTo(1.0 / 3, within(1e-12));
        // a higher bar for "relevant": c (grade 1) no longer counts
        assertThat(RankingMetrics.reciprocalRank(List.of("b", "c", "d"), JUDGED, 2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RankingMetrics.reciprocalRank(List.of("b", "e"), JUDGED, 1)).isZero();
    }

    @Test
    void aRepeatedIdCountsOnceAtItsFirstRank() {
        assertThat(RankingMetrics.precision(List.of("a", "a", "a"), JUDGED, 3, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RankingMetrics.ndcg(List.of("a", "a", "d"), JUDGED, 2, Gain.EXPONENTIAL))
                .isCloseTo(RankingMetrics.ndcg(List.of("a", "d"), JUDGED, 2, Gain.EXPONENTIAL), within(1e-12));
    }

    @Test
    void overlapOfApproximateWithExact() {
        assertThat(RankingMetrics.overlap(List.of("a", "b", "c"), List.of("a", "c", "d"), 3)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(RankingMetrics.overlap(List.of("c", "a"), List.of("a", "c", "d"), 2)).isEqualTo(1.0);
        // only the first k of each count
        assertThat(RankingMetrics.overlap(List.of("d", "a"), List.of("a", "c", "d"), 1)).isZero();
        assertThat(RankingMetrics.overlap(List.of("a"), List.of(), 5)).isNaN();
    }

    @Test
    void nearestRankPercentiles() {
        double[] v = {5, 1, 3, 2, 4};
        assertThat(RankingMetrics.percentile(v, 50)).isEqualTo(3);
        assertThat(RankingMetrics.percentile(v, 20)).isEqualTo(1);
        assertThat(RankingMetrics.percentile(v, 99)).isEqualTo(5);
        assertThat(RankingMetrics.percentile(v, 100)).isEqualTo(5);
        assertThat(RankingMetrics.percentile(new double[0], 50)).isNaN();
        assertThatThrownBy(() -> RankingMetrics.percentile(v, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0.0");
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> RankingMetrics.ndcg(RANKING, JUDGED, 0, Gain.EXPONENTIAL)).hasMessage("k must be >= 1, got 0");
        assertThatThrownBy(() -> RankingMetrics.precision(RANKING, JUDGED, 3, 0)).hasMessage("the relevant grade must be >= 1, got 0");
        assertThatThrownBy(() -> Gain.EXPONENTIAL.of(-1)).hasMessage("grade must be >= 0, got -1");
        assertThat(Gain.parse("Linear")).isEqualTo(Gain.LINEAR);
        assertThatThrownBy(() -> Gain.parse("log")).hasMessage("gain must be exponential or linear, got 'log'");
    }
}
