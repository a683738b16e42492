package dev.lookalike.eval;

/**
 * Leave-one-out precision@k by exact search: for every query item with a label, the share of its k most
 * similar other items (dot product, higher is more similar) that carry the same label. Items without a label
 * are searched over but never queried; ties are broken by lower index. Stateless and thread-safe; uses the
 * common fork-join pool.
 */
public final class LeaveOneOutPrecision {

    private LeaveOneOutPrecision() {
    }

    /**
     * @param vectors one vector per item, all of one length
     * @param labels  one label per item, {@code null} when unknown
     * @param k       neighbours per query, {@code >= 1}
     * @return mean precision@k over labelled items, or NaN when none is labelled
     */
    public static double precisionAtK(float[][] vectors, String[] labels, int k) {
        if (vectors.length != labels.length) {
            throw new IllegalArgumentException("vectors and labels differ in length: " + vectors.length + " vs " + labels.length);
        }
        if (k < 1 || k >= vectors.length) {
            throw new IllegalArgumentException("k must be in [1, " + (vectors.length - 1) + "], got " + k);
        }
        return HeldOutPrecision.meanPrecision(vectors, labels, vectors, labels, k, q -> q);
    }
}
