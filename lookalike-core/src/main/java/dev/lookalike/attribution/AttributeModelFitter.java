package dev.lookalike.attribution;

import java.util.List;

/**
 * Fits an {@link AttributeModel} on held-out evidence: neighbour lists of products whose true value is known but that
 * are not among their own neighbours (leave-one-out, or an inner fold). Every grid candidate is scored by accuracy;
 * the best (ties: the earlier in grid order) is kept, and the isotonic calibration of its winning share is fitted on
 * the same predictions. Stateless and thread-safe.
 */
public final class AttributeModelFitter {

    /**
     * Candidates.
     *
     * @param ks     neighbour counts, each {@code >= 1}
     * @param powers similarity powers, each {@code >= 0}
     */
    public record Grid(List<Integer> ks, List<Double> powers) {

        public static final Grid DEFAULT = new Grid(List.of(1, 5, 10, 20, 35, 50), List.of(0.0, 1.0, 4.0, 16.0, 64.0));

        public Grid {
            ks = List.copyOf(ks);
            powers = List.copyOf(powers);
            if (ks.isEmpty() || powers.isEmpty()) {
                throw new IllegalArgumentException("the grid needs at least one k and one power, got " + ks + " and " + powers);
            }
            ks.forEach(k -> new VoteOptions(k, 0));
            powers.forEach(p -> new VoteOptions(1, p));
        }

        /** The largest k: how many labelled neighbours a query needs. */
        public int maxK() {
            return ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }
    }

    private AttributeModelFitter() {
    }

    /**
     * @param evidence one neighbour list per fitting product (at least {@link Grid#maxK()} labelled neighbours each,
     *                 where the catalog has them)
     * @param truth    each product's stored value, same order, non-null
     */
    public static AttributeModel fit(String attribute, List<NeighbourLabels> evidence, List<String> truth, Grid grid) {
        if (evidence.size() != truth.size()) {
            throw new IllegalArgumentException("evidence and values differ in count: " + evidence.size() + " vs " + truth.size());
        }
        VoteOptions best = null;
        double bestAccuracy = -1;
        for (int k : grid.ks()) {
            for (double power : grid.powers()) {
                VoteOptions o = new VoteOptions(k, power);
                double acc = accuracy(evidence, truth, o);
                if (acc > bestAccuracy) {
                    best = o;
                    bestAccuracy = acc;
                }
            }
        }
        double[] shares = new double[evidence.size()];
        boolean[] right = new boolean[evidence.size()];
        for (int i = 0; i < shares.length; i++) {
            Vote v = evidence.get(i).vote(best);
            shares[i] = v.topShare();
            right[i] = truth.get(i).equals(v.top());
        }
        return new AttributeModel(attribute, best, Calibration.fit(shares, right), evidence.isEmpty() ? Double.NaN : bestAccuracy,
                evidence.size());
    }

    private static double accuracy(List<NeighbourLabels> evidence, List<String> truth, VoteOptions o) {
        if (evidence.isEmpty()) {
            return 0;
        }
        int right = 0;
        for (int i = 0; i < evidence.size(); i++) {
            if (truth.get(i).equals(evidence.get(i).vote(o).top())) {
                right++;
            }
        }
        return (double) right / evidence.size();
    }
}
