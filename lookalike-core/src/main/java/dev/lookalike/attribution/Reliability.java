package dev.lookalike.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A reliability table: predictions binned by confidence, with the observed accuracy per bin and the expected
 * calibration error (ECE: the count-weighted mean of |accuracy - mean confidence| over the bins). Immutable.
 *
 * @param bins  equal-width confidence bins over [0, 1], empty ones included
 * @param count predictions in the table
 * @param ece   expected calibration error, NaN when there are no predictions
 */
public record Reliability(List<Bin> bins, int count, double ece) {

    /**
     * @param low            bin's lower bound (inclusive)
     * @param high           upper bound (exclusive, except 1)
     * @param count          predictions with a confidence in the bin
     * @param meanConfidence their mean confidence (NaN when empty)
     * @param accuracy       the share of them that were right (NaN when empty)
     */
    public record Bin(double low, double high, int count, double meanConfidence, double accuracy) {
    }

    public Reliability {
        bins = List.copyOf(bins);
    }

    /** The table of predictions with these confidences and outcomes, in {@code binCount} equal bins. */
    public static Reliability of(double[] confidence, boolean[] correct, int binCount) {
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException("confidences and outcomes differ in length: " + confidence.length + " vs " + correct.length);
        }
        if (binCount < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + binCount);
        }
        int[] n = new int[binCount];
        double[] conf = new double[binCount];
        int[] right = new int[binCount];
        for (int i = 0; i < confidence.length; i++) {
            double c = confidence[i];
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("confidence " + i + " must be in [0, 1], got " + c);
            }
            int b = Math.min(binCount - 1, (int) (c * binCount));
            n[b]++;
            conf[b] += c;
            right[b] += correct[i] ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < binCount; b++) {
            double mean = n[b] == 0 ? Double.NaN : conf[b] / n[b];
            double acc = n[b] == 0 ? Double.NaN : (double) right[b] / n[b];
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, n[b], mean, acc));
            if (n[b] > 0) {
                ece += (double) n[b] / confidence.length * Math.abs(acc - mean);
            }
        }
        return new Reliability(bins, confidence.length, confidence.length == 0 ? Double.NaN : ece);
    }

    /** A Markdown table: bin, count, mean confidence, accuracy; then the ECE. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| confidence | predictions | mean confidence | accuracy |\n|---|---|---|---|\n");
        for (Bin b : bins) {
            if (b.count() == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %.1f–%.1f | %,d | %.3f | %.3f |%n", b.low(), b.high(), b.count(),
                    b.meanConfidence(), b.accuracy()));
        }
        sb.append(String.format(Locale.ROOT, "%nECE %.4f over %,d predictions%n", ece, count));
        return sb.toString();
    }
}
