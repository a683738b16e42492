package dev.lookalike.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Isotonic calibration of a score in [0, 1] (the winning vote share) to the probability that the prediction is right:
 * a non-decreasing step fit by pool-adjacent-violators on (score, correct) pairs, linearly interpolated between the
 * pooled blocks' mean scores and constant beyond the ends. Immutable and thread-safe.
 */
public final class Calibration {

    /** Calibration that returns the score itself. */
    public static final Calibration IDENTITY = new Calibration(new double[] {0, 1}, new double[] {0, 1});

    private final double[] x;
    private final double[] y;

    private Calibration(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /**
     * Fits on pairs; {@link #IDENTITY} when there are none.
     *
     * @throws IllegalArgumentException when the arrays differ in length or a score is not finite
     */
    public static Calibration fit(double[] scores, boolean[] correct) {
        if (scores.length != correct.length) {
            throw new IllegalArgumentException("scores and outcomes differ in length: " + scores.length + " vs " + correct.length);
        }
        if (scores.length == 0) {
            return IDENTITY;
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        // blocks of equal scores first, then pool adjacent violators
        List<double[]> blocks = new ArrayList<>(); // {sumScore, sumCorrect, count}
        for (int i = 0; i < order.length; ) {
            int j = i;
            double s = 0, c = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                s += scores[order[j]];
                c += correct[order[j]] ? 1 : 0;
                j++;
            }
            blocks.add(new double[] {s, c, j - i});
            i = j;
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] prev = blocks.get(blocks.size() - 2);
                if (prev[1] / prev[2] < last[1] / last[2]) {
                    break;
                }
                prev[0] += last[0];
                prev[1] += last[1];
                prev[2] += last[2];
                blocks.remove(blocks.size() - 1);
            }
        }
        double[] x = new double[blocks.size()];
        double[] y = new double[blocks.size()];
        for (int i = 0; i < x.length; i++) {
            double[] b = blocks.get(i);
            x[i] = b[0] / b[2];
            y[i] = b[1] / b[2];
        }
        return new Calibration(x, y);
    }

    /** The calibrated probability of a score. */
    public double apply(double score) {
        if (score <= x[0]) {
            return y[0];
        }
        if (score >= x[x.length - 1]) {
            return y[y.length - 1];
        }
        int i = Arrays.binarySearch(x, score);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (score - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }

    /** Pooled blocks of the fit. */
    public int blocks() {
        return x.length;
    }
}
