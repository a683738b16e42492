package dev.lookalike.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Similarity-weighted k-nearest-neighbour voting. Stateless and thread-safe. */
public final class KnnVote {

    private KnnVote() {
    }

    /**
     * The vote of the first {@code options.k()} labelled neighbours.
     *
     * @param labels       the neighbours' values, best neighbour first; {@code null} for a neighbour without one
     *                     (skipped: the next labelled neighbour votes instead)
     * @param similarities their similarities to the query, same order
     */
    public static Vote vote(String[] labels, float[] similarities, VoteOptions options) {
        if (labels.length != similarities.length) {
            throw new IllegalArgumentException("labels and similarities differ in length: " + labels.length + " vs " + similarities.length);
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        double total = 0;
        int voters = 0;
        for (int i = 0; i < labels.length && voters < options.k(); i++) {
            if (labels[i] == null) {
                continue;
            }
            voters++;
            double w = options.power() == 0 ? 1 : Math.pow(Math.max(similarities[i], 0), options.power());
            weights.merge(labels[i], w, Double::sum);
            total += w;
        }
        if (voters == 0) {
            return Vote.EMPTY;
        }
        if (total <= 0) { // every voter at similarity <= 0 with power > 0: fall back to a plain count
            return vote(labels, similarities, new VoteOptions(options.k(), 0));
        }
        List<Map.Entry<String, Double>> entries = new ArrayList<>(weights.entrySet());
        entries.sort((a, b) -> Double.compare(b.getValue(), a.getValue())); // stable: ties keep first-met order
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : entries) {
            shares.put(e.getKey(), e.getValue() / total);
        }
        return new Vote(shares);
    }
}
