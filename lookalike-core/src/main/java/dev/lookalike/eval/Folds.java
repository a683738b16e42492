package dev.lookalike.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded k-fold split of {@code 0..n-1}: the indices are shuffled (Fisher-Yates with the seed) and dealt round-robin,
 * so folds differ in size by at most one. The same n, k and seed give the same folds on every JVM. Immutable.
 */
public final class Folds {

    private final int[][] folds;
    private final int n;

    private Folds(int[][] folds, int n) {
        this.folds = folds;
        this.n = n;
    }

    /** @throws IllegalArgumentException unless {@code 2 <= k <= n} */
    public static Folds split(int n, int k, long seed) {
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("folds must be between 2 and the item count " + n + ", got " + k);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[][] folds = new int[k][];
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            folds[f] = new int[size];
        }
        int[] fill = new int[k];
        for (int i = 0; i < n; i++) {
            int f = i % k;
            folds[f][fill[f]++] = order[i];
        }
        for (int[] fold : folds) {
            Arrays.sort(fold);
        }
        return new Folds(folds, n);
    }

    public int count() {
        return folds.length;
    }

    /** The held-out indices of fold {@code f}, increasing. */
    public int[] heldOut(int f) {
        return folds[f].clone();
    }

    /** Every index not in fold {@code f}, increasing. */
    public int[] training(int f) {
        boolean[] out = new boolean[n];
        for (int i : folds[f]) {
            out[i] = true;
        }
        int[] training = new int[n - folds[f].length];
        int t = 0;
        for (int i = 0; i < n; i++) {
            if (!out[i]) {
                training[t++] = i;
            }
        }
        return training;
    }

    /** Rows of {@code rows} at the given indices (shared, not copied). */
    public static float[][] select(float[][] rows, int[] indices) {
        float[][] out = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = rows[indices[i]];
        }
        return out;
    }

    public static String[] select(String[] labels, int[] indices) {
        String[] out = new String[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = labels[indices[i]];
        }
        return out;
    }
}
