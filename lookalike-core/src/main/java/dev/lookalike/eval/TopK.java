package dev.lookalike.eval;

import java.util.Arrays;

/** Exact top-k by dot product over an in-memory matrix. Stateless and thread-safe. */
public final class TopK {

    private TopK() {
    }

    /**
     * Indices of the k rows with the highest dot product with {@code query}, best first, skipping {@code exclude}
     * (pass -1 to skip none). Ties go to the lower index.
     */
    public static int[] exact(float[][] rows, float[] query, int k, int exclude) {
        int[] heapIdx = new int[k];
        float[] heapScore = new float[k];
        int size = 0;
        for (int i = 0; i < rows.length; i++) {
            if (i == exclude) {
                continue;
            }
            float[] row = rows[i];
            float s = 0;
            for (int d = 0; d < row.length; d++) {
                s += row[d] * query[d];
            }
            if (size < k) {
                heapIdx[size] = i;
                heapScore[size] = s;
                size++;
                siftUp(heapIdx, heapScore, size - 1);
            } else if (s > heapScore[0]) {
                heapIdx[0] = i;
                heapScore[0] = s;
                siftDown(heapIdx, heapScore, size);
            }
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> heapScore[a] != heapScore[b] ? Float.compare(heapScore[b], heapScore[a]) : Integer.compare(heapIdx[a], heapIdx[b]));
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = heapIdx[order[i]];
        }
        return out;
    }

    // min-heap on score; among equal scores the higher index is "smaller" so it is evicted first
    private static boolean less(int[] idx, float[] score, int a, int b) {
        return score[a] < score[b] || (score[a] == score[b] && idx[a] > idx[b]);
    }

    private static void siftUp(int[] idx, float[] score, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!less(idx, score, i, parent)) {
                return;
            }
            swap(idx, score, i, parent);
            i = parent;
        }
    }

    private static void siftDown(int[] idx, float[] score, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < size && less(idx, score, l, m)) m = l;
            if (r < size && less(idx, score, r, m)) m = r;
            if (m == i) {
                return;
            }
            swap(idx, score, i, m);
            i = m;
        }
    }

    private static void swap(int[] idx, float[] score, int a, int b) {
        int ti = idx[a];
        idx[a] = idx[b];
        idx[b] = ti;
        float ts = score[a];
        score[a] = score[b];
        score[b] = ts;
    }
}
