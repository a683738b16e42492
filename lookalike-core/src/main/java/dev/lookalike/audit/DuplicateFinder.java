package dev.lookalike.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Near-duplicate groups: every pair of products whose view vectors' cosine similarity reaches a threshold (found
 * among each product's {@code k} nearest neighbours), joined transitively (union-find) into groups. Stateless.
 */
public final class DuplicateFinder {

    /** Two rows and their similarity; {@code a < b}. */
    public record Pair(int a, int b, float similarity) {
    }

    /**
     * @param threshold the similarity a pair needed
     * @param pairs     pairs at or above it, most similar first
     * @param groups    rows of each group of two or more, largest group first, rows increasing
     */
    public record Result(double threshold, List<Pair> pairs, List<int[]> groups) {
        public Result {
            pairs = List.copyOf(pairs);
            groups = groups.stream().map(int[]::clone).toList();
        }

        /** Pairs implied by the groups: the sum of {@code size * (size - 1) / 2}. */
        public long groupPairs() {
            return groups.stream().mapToLong(g -> (long) g.length * (g.length - 1) / 2).sum();
        }

        /** The groups of a stricter threshold, from these pairs (no new search). */
        public Result atThreshold(double stricter, int rows) {
            if (stricter < threshold) {
                throw new IllegalArgumentException("can only raise the threshold " + threshold + ", got " + stricter);
            }
            return group(pairs.stream().filter(p -> reaches(p.similarity(), stricter)).toList(), rows, stricter);
        }

        /** The group number of each row, -1 for rows in no group. */
        public int[] groupOfRow(int rows) {
            int[] out = new int[rows];
            Arrays.fill(out, -1);
            for (int g = 0; g < groups.size(); g++) {
                for (int r : groups.get(g)) {
                    out[r] = g;
                }
            }
            return out;
        }
    }

    /**
     * Precision and recall against true duplicates, over pairs, two ways. Group pairs: two products in one found group
     * (transitive: chains make large groups); right when they are in one true group. Direct pairs: the pairs that
     * reached the threshold themselves.
     */
    public record Evaluation(double threshold, long foundPairs, long truePairs, long correctPairs, int groups, long directPairs,
                             long directCorrect) {
        public double precision() {
            return foundPairs == 0 ? Double.NaN : (double) correctPairs / foundPairs;
        }

        public double recall() {
            return truePairs == 0 ? Double.NaN : (double) correctPairs / truePairs;
        }

        public double directPrecision() {
            return directPairs == 0 ? Double.NaN : (double) directCorrect / directPairs;
        }

        public double directRecall() {
            return truePairs == 0 ? Double.NaN : (double) directCorrect / truePairs;
        }
    }

    private DuplicateFinder() {
    }

    /**
     * @param k neighbours examined per product, {@code >= 1}; a group larger than {@code k + 1} may be found only
     *          partly connected, never wrongly
     * @throws IllegalArgumentException when the threshold is not in [-1, 1] or k < 1
     */
    /**
     * Whether a float similarity reaches a threshold given in double, with float rounding forgiven: two identical
     * vectors may score 0.99999994, and 0.95f is below 0.95, yet both pairs are "at" 1 and 0.95.
     */
    static boolean reaches(float similarity, double threshold) {
        return similarity >= threshold - 1e-6;
    }

    public static Result find(CatalogVectors catalog, NeighbourSearch search, double threshold, int k) {
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be a cosine similarity in [-1, 1], got " + threshold);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        List<Pair> pairs = IntStream.range(0, catalog.size()).parallel().mapToObj(row -> {
            Neighbours n;
            try {
                n = search.nearest(row, k);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Pair> out = new ArrayList<>();
            for (int i = 0; i < n.size() && reaches(n.similarity(i), threshold); i++) {
                int other = n.row(i);
                out.add(new Pair(Math.min(row, other), Math.max(row, other), n.similarity(i)));
            }
            return out;
        }).flatMap(List::stream).toList();
        Map<Long, Pair> unique = new HashMap<>();
        for (Pair p : pairs) {
            unique.merge(((long) p.a() << 32) | p.b(), p, (x, y) -> x.similarity() >= y.similarity() ? x : y);
        }
        return group(new ArrayList<>(unique.values()), catalog.size(), threshold);
    }

    static Result group(List<Pair> pairs, int rows, double threshold) {
        int[] parent = new int[rows];
        for (int i = 0; i < rows; i++) {
            parent[i] = i;
        }
        for (Pair p : pairs) {
            int ra = root(parent, p.a());
            int rb = root(parent, p.b());
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        }
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (Pair p : pairs) {
            for (int r : new int[] {p.a(), p.b()}) {
                members.computeIfAbsent(root(parent, r), x -> new ArrayList<>());
            }
        }
        for (int r = 0; r < rows; r++) {
            List<Integer> m = members.get(root(parent, r));
            if (m != null) {
                m.add(r);
            }
        }
        List<int[]> groups = new ArrayList<>(members.values().stream().map(m -> m.stream().mapToInt(Integer::intValue).toArray()).toList());
        groups.sort(Comparator.comparingInt((int[] g) -> -g.length).thenComparingInt(g -> g[0]));
        List<Pair> sorted = new ArrayList<>(pairs);
        sorted.sort(Comparator.comparingDouble((Pair p) -> -p.similarity()).thenComparingInt(Pair::a).thenComparingInt(Pair::b));
        return new Result(threshold, sorted, groups);
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /**
     * Scores found groups against true duplicate pairs (rows); true pairs are closed transitively first.
     *
     * @param truePairs pairs of rows that are duplicates of each other
     */
    public static Evaluation evaluate(Result found, List<int[]> truePairs, int rows) {
        Result truth = group(truePairs.stream().map(p -> new Pair(Math.min(p[0], p[1]), Math.max(p[0], p[1]), 1f)).toList(), rows, 1);
        int[] foundGroup = found.groupOfRow(rows);
        long correct = 0;
        for (int[] g : truth.groups()) {
            for (int i = 0; i < g.length; i++) {
                for (int j = i + 1; j < g.length; j++) {
                    if (foundGroup[g[i]] >= 0 && foundGroup[g[i]] == foundGroup[g[j]]) {
                        correct++;
                    }
                }
            }
        }
        int[] trueGroup = truth.groupOfRow(rows);
        long direct = found.pairs().stream().filter(p -> trueGroup[p.a()] >= 0 && trueGroup[p.a()] == trueGroup[p.b()]).count();
        return new Evaluation(found.threshold(), found.groupPairs(), truth.groupPairs(), correct, found.groups().size(), found.pairs().size(),
                direct);
    }
}
