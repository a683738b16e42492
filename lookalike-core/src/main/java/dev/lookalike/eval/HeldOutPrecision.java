package dev.lookalike.eval;

import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * Precision@k of held-out queries against a separate database, by exact search: for every query with a label, the
 * share of its k most similar database items (dot product) that carry the same label. Database items without a label
 * count as different. This is the protocol for anything fitted on the database's labels: the queries' own labels
 * never reach the fit. Stateless and thread-safe; uses the common fork-join pool.
 */
public final class HeldOutPrecision {

    private HeldOutPrecision() {
    }

    /**
     * @return mean precision@k over labelled queries, or NaN when none is labelled
     * @throws IllegalArgumentException when lengths differ or {@code k} is not in {@code [1, database.length]}
     */
    public static double precisionAtK(float[][] queries, String[] queryLabels, float[][] database, String[] databaseLabels, int k) {
        if (queries.length != queryLabels.length) {
            throw new IllegalArgumentException("queries and their labels differ in length: " + queries.length + " vs " + queryLabels.length);
        }
        if (database.length != databaseLabels.length) {
            throw new IllegalArgumentException("database and its labels differ in length: " + database.length + " vs " + databaseLabels.length);
        }
        if (k < 1 || k > database.length) {
            throw new IllegalArgumentException("k must be in [1, " + database.length + "], got " + k);
        }
        return meanPrecision(queries, queryLabels, database, databaseLabels, k, q -> -1);
    }

    /**
     * Mean over labelled queries of the share of each query's k nearest database items with its label; the database
     * item {@code skip.applyAsInt(q)} (-1: none) is left out of query q's search. Arguments already checked.
     */
    static double meanPrecision(float[][] queries, String[] queryLabels, float[][] database, String[] databaseLabels, int k,
                                IntUnaryOperator skip) {
        double[] perQuery = IntStream.range(0, queries.length).parallel().mapToDouble(q -> {
            String label = queryLabels[q];
            if (label == null) {
                return Double.NaN;
            }
            int same = 0;
            for (int i : TopK.exact(database, queries[q], k, skip.applyAsInt(q))) {
                if (label.equals(databaseLabels[i])) {
                    same++;
                }
            }
            return (double) same / k;
        }).toArray();
        double sum = 0;
        int n = 0;
        for (double p : perQuery) {
            if (!Double.isNaN(p)) {
                sum += p;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
