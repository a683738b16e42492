package dev.lookalike.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void poolsAdjacentViolatorsIntoANonDecreasingMap() {
        // scores 0.2 0.4 0.6 0.8 with outcomes 0 1 0 1: 0.4 and 0.6 pool to 0.5
        Calibration c = Calibration.fit(new double[] {0.2, 0.4, 0.6, 0.8}, new boolean[] {false, true, false, true});
        assertThat(c.blocks()).isEqualTo(3);
        assertThat(c.apply(0.1)).isZero();
        assertThat(c.apply(0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(c.apply(0.9)).isEqualTo(1.0);
        assertThat(c.apply(0.35)).isCloseTo(0.25, within(1e-12)); // halfway between 0.2 (0) and 0.5 (0.5)
    }

    @Test
    void learnsAnOverconfidentScoreAndLowersTheExpectedCalibrationError() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 20_000;
        double[] score = new double[n];
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            score[i] = r.nextDouble();
            right[i] = r.nextDouble() < score[i] * score[i]; // true probability: score squared
        }
        Calibration c = Calibration.fit(score, right);
        assertThat(c.apply(0.5)).isCloseTo(0.25, within(0.05));
        assertThat(c.apply(0.9)).isCloseTo(0.81, within(0.05));
        double[] calibrated = new double[n];
        for (int i = 0; i < n; i++) {
            calibrated[i] = c.apply(score[i]);
        }
        Reliability before = Reliability.of(score, right, 10);
        Reliability after = Reliability.of(calibrated, right, 10);
        assertThat(before.ece()).isGreaterThan(0.1);
        assertThat(after.ece()).isLessThan(0.02);
        assertThat(after.bins()).hasSize(10);
        assertThat(after.bins().stream().mapToInt(Reliability.Bin::count).sum()).isEqualTo(n);
        assertThat(after.toMarkdown()).contains("| confidence | predictions |").contains("ECE");
    }

    @Test
    void reliabilityOfAPerfectlyCalibratedTableIsZero() {
        Reliability r = Reliability.of(new double[] {0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75},
                new boolean[] {true, false, false, false, true, true, true, false}, 2);
        assertThat(r.ece()).isZero();
        assertThat(r.bins().get(1).accuracy()).isEqualTo(0.75);
        assertThat(r.bins().get(1).count()).isEqualTo(4);
    }
}
