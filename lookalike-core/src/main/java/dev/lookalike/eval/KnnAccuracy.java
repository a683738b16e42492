package dev.lookalike.eval;

import java.util.stream.IntStream;

/**
 * k-nearest-neighbour classification accuracy: each test vector takes the majority label of its k most similar
 * training vectors (dot product; ties between labels go to the label that reached the winning count first, walking from the nearest). Stateless; uses the
 * common fork-join pool.
 */
public final class KnnAccuracy {

    private KnnAccuracy() {
    }

    public static double accuracy(float[][] train, int[] trainLabels, float[][] test, int[] testLabels, int k) {
        if (train.length != trainLabels.length || test.length != testLabels.length) {
            throw new IllegalArgumentException("vectors and labels differ in length");
        }
        if (k < 1 || k > train.length) {
            throw new IllegalArgumentException("k must be in [1, " + train.length + "], got " + k);
        }
        int maxLabel = IntStream.of(trainLabels).max().orElse(0);
        long correct = IntStream.range(0, test.length).parallel().filter(q -> {
            int[] top = TopK.exact(train, test[q], k, -1);
            int[] votes = new int[maxLabel + 1];
            int best = trainLabels[top[0]];
            for (int i : top) {
                int label = trainLabels[i];
                votes[label]++;
                if (votes[label] > votes[best]) {
                    best = label;
                }
            }
            return best == testLabels[q];
        }).count();
        return (double) correct / test.length;
    }
}
