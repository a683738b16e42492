package dev.lookalike.audit;

import java.util.Arrays;

/**
 * A query's nearest rows, best first, with their cosine similarities. Immutable: arrays are copied in and out.
 *
 * @param rows         row numbers of the neighbours (in the searched {@link CatalogVectors}, or the searched matrix)
 * @param similarities one per row, non-increasing
 */
public record Neighbours(int[] rows, float[] similarities) {

    public static final Neighbours NONE = new Neighbours(new int[0], new float[0]);

    public Neighbours {
        if (rows == null || similarities == null || rows.length != similarities.length) {
            throw new IllegalArgumentException("rows and similarities must be non-null and of one length, got "
                    + (rows == null ? null : rows.length) + " and " + (similarities == null ? null : similarities.length));
        }
        rows = rows.clone();
        similarities = similarities.clone();
    }

    @Override
    public int[] rows() {
        return rows.clone();
    }

    @Override
    public float[] similarities() {
        return similarities.clone();
    }

    public int size() {
        return rows.length;
    }

    public int row(int i) {
        return rows[i];
    }

    public float similarity(int i) {
        return similarities[i];
    }

    /** The first {@code k} neighbours (all when there are fewer). */
    public Neighbours limit(int k) {
        return k >= rows.length ? this : new Neighbours(Arrays.copyOf(rows, k), Arrays.copyOf(similarities, k));
    }

    /**
     * Exact top-k by dot product among {@code database} rows (null rows skipped), best first, ties to the lower row,
     * skipping {@code exclude} (-1 for none). Thread-safe; one thread.
     */
    public static Neighbours exact(float[][] database, float[] query, int k, int exclude) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int[] idx = new int[k];
        float[] score = new float[k];
        int size = 0;
        for (int i = 0; i < database.length; i++) {
            float[] row = database[i];
            if (i == exclude || row == null) {
                continue;
            }
            float s = dot(row, query);
            if (size < k) {
                int p = size++;
                while (p > 0 && (score[p - 1] < s)) { // insertion: kept sorted, best first; equal scores keep row order
                    idx[p] = idx[p - 1];
                    score[p] = score[p - 1];
                    p--;
                }
                idx[p] = i;
                score[p] = s;
            } else if (s > score[k - 1]) {
                int p = k - 1;
                while (p > 0 && score[p - 1] < s) {
                    idx[p] = idx[p - 1];
                    score[p] = score[p - 1];
                    p--;
                }
                idx[p] = i;
                score[p] = s;
            }
        }
        return new Neighbours(Arrays.copyOf(idx, size), Arrays.copyOf(score, size));
    }

    /** Dot product with four independent sums (the JIT does not vectorise a single float sum). */
    static float dot(float[] a, float[] b) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = Math.min(a.length, b.length);
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
