package dev.lookalike.eval;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Graded ranking metrics of one query (docs/golden-sets.md): DCG and nDCG@k, precision@k, recall@k, reciprocal rank,
 * the overlap of an approximate top k with the exact one, and nearest-rank percentiles.
 *
 * <p>A ranking is a list of candidate ids, best first; judgments map candidate ids to grades ({@code >= 0}). A
 * candidate without a judgment has grade 0. A candidate is <em>relevant</em> when its grade is at least
 * {@code relevantGrade} (1 unless a caller says otherwise). A ranking that names an id twice counts it at its first
 * rank only. A query whose judgments hold nothing relevant (no positive grade, for nDCG) has no defined value:
 * the functions return {@code NaN}, and means over queries leave it out ({@link #mean}).
 *
 * <p>Stateless and thread-safe.
 */
public final class RankingMetrics {

    /** How a grade becomes a gain in DCG. */
    public enum Gain {
        /** {@code 2^grade - 1} (Burges et al.; the default): a grade 2 counts three times a grade 1. */
        EXPONENTIAL,
        /** {@code grade} (Järvelin and Kekäläinen): a grade 2 counts twice a grade 1. */
        LINEAR;

        public double of(int grade) {
            if (grade < 0) {
                throw new IllegalArgumentException("grade must be >= 0, got " + grade);
            }
            return this == EXPONENTIAL ? Math.pow(2, grade) - 1 : grade;
        }

        /** {@code exponential} or {@code linear}, case-insensitive. */
        public static Gain parse(String name) {
            for (Gain g : values()) {
                if (g.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return g;
                }
            }
            throw new IllegalArgumentException("gain must be exponential or linear, got '" + name + "'");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private RankingMetrics() {
    }

    /**
     * {@code DCG@k = sum over ranks i = 1..min(k, n) of gain(grades[i-1]) / log2(i + 1)}.
     *
     * @param grades grades in rank order
     */
    public static double dcg(int[] grades, int k, Gain gain) {
        requireK(k);
        double sum = 0;
        for (int i = 0; i < Math.min(k, grades.length); i++) {
            sum += gain.of(grades[i]) / log2(i + 2);
        }
        return sum;
    }

    /**
     * {@code nDCG@k = DCG@k / IDCG@k}, where the ideal DCG ranks every judged candidate of the query by falling grade.
     *
     * @return a value in [0, 1], or NaN when no judged candidate has a positive grade (IDCG = 0)
     */
    public static double ndcg(List<String> ranking, Map<String, Integer> judgments, int k, Gain gain) {
        double ideal = dcg(idealGrades(judgments), k, gain);
        if (ideal == 0) {
            return Double.NaN;
        }
        return dcg(grades(ranking, judgments), k, gain) / ideal;
    }

    /**
     * nDCG at every cut-off from 1 to {@code maxK}: {@code result[k - 1]} is nDCG@k (NaN throughout when IDCG = 0).
     */
    public static double[] ndcgCurve(List<String> ranking, Map<String, Integer> judgments, int maxK, Gain gain) {
        requireK(maxK);
        int[] ideal = idealGrades(judgments);
        int[] got = grades(ranking, judgments);
        double[] out = new double[maxK];
        double dcg = 0;
        double idcg = 0;
        for (int i = 0; i < maxK; i++) {
            double discount = log2(i + 2);
            if (i < got.length) {
                dcg += gain.of(got[i]) / discount;
            }
            if (i < ideal.length) {
                idcg += gain.of(ideal[i]) / discount;
            }
            out[i] = idcg == 0 ? Double.NaN : dcg / idcg;
        }
        if (idcg == 0) {
            Arrays.fill(out, Double.NaN);
        }
        return out;
    }

    /**
     * Relevant candidates in the first {@code k} ranks, divided by {@code k} (also when the ranking is shorter).
     *
     * @return a value in [0, 1], or NaN when the judgments hold nothing relevant
     */
    public static double precision(List<String> ranking, Map<String, Integer> judgments, int k, int relevantGrade) {
        requireK(k);
        if (relevantCount(judgments, relevantGrade) == 0) {
            return Double.NaN;
        }
        return (double) relevantInTop(ranking, judgments, k, relevantGrade) / k;
    }

    /**
     * Relevant candidates in the first {@code k} ranks, divided by all relevant judged candidates.
     *
     * @return a value in [0, 1], or NaN when the judgments hold nothing relevant
     */
    public static double recall(List<String> ranking, Map<String, Integer> judgments, int k, int relevantGrade) {
        requireK(k);
        int relevant = relevantCount(judgments, relevantGrade);
        if (relevant == 0) {
            return Double.NaN;
        }
        return (double) relevantInTop(ranking, judgments, k, relevantGrade) / relevant;
    }

    /**
     * {@code 1 / rank} of the first relevant candidate in the ranking, 0 when the ranking has none; the mean over
     * queries is the MRR.
     *
     * @return a value in [0, 1], or NaN when the judgments hold nothing relevant
     */
    public static double reciprocalRank(List<String> ranking, Map<String, Integer> judgments, int relevantGrade) {
        if (relevantCount(judgments, relevantGrade) == 0) {
            return Double.NaN;
        }
        Set<String> seen = new HashSet<>();
        int rank = 0;
        for (String id : ranking) {
            if (!seen.add(id)) {
                continue;
            }
            rank++;
            if (judgments.getOrDefault(id, 0) >= relevantGrade) {
                return 1.0 / rank;
            }
        }
        return 0;
    }

    /**
     * Recall of an approximate search against an exact one: the share of the exact top {@code k} that the
     * approximate top {@code k} contains.
     *
     * @return a value in [0, 1], or NaN when the exact ranking is empty
     */
    public static double overlap(List<String> approximate, List<String> exact, int k) {
        requireK(k);
        Set<String> truth = new HashSet<>(exact.subList(0, Math.min(k, exact.size())));
        if (truth.isEmpty()) {
            return Double.NaN;
        }
        int found = 0;
        for (String id : new HashSet<>(approximate.subList(0, Math.min(k, approximate.size())))) {
            if (truth.contains(id)) {
                found++;
            }
        }
        return (double) found / truth.size();
    }

    /** Mean of the values that are not NaN; NaN when there are none. */
    public static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Values that are not NaN. */
    public static int defined(double[] values) {
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Nearest-rank percentile: the smallest value with at least {@code p} percent of the values at or below it.
     *
     * @param p in (0, 100]
     * @return NaN for no values
     */
    public static double percentile(double[] values, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Grades of the ranking's candidates, first occurrences only (unjudged: 0). */
    static int[] grades(List<String> ranking, Map<String, Integer> judgments) {
        Set<String> seen = new HashSet<>();
        return ranking.stream().filter(seen::add).mapToInt(id -> judgments.getOrDefault(id, 0)).toArray();
    }

    /** All judged grades, highest first. */
    static int[] idealGrades(Map<String, Integer> judgments) {
        return judgments.values().stream().mapToInt(Integer::intValue).boxed()
                .sorted((a, b) -> Integer.compare(b, a)).mapToInt(Integer::intValue).toArray();
    }

    private static int relevantCount(Map<String, Integer> judgments, int relevantGrade) {
        requireRelevantGrade(relevantGrade);
        return (int) judgments.values().stream().filter(g -> g >= relevantGrade).count();
    }

    private static int relevantInTop(List<String> ranking, Map<String, Integer> judgments, int k, int relevantGrade) {
        int[] g = grades(ranking, judgments);
        int n = 0;
        for (int i = 0; i < Math.min(k, g.length); i++) {
            if (g[i] >= relevantGrade) {
                n++;
            }
        }
        return n;
    }

    private static void requireK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }

    private static void requireRelevantGrade(int relevantGrade) {
        if (relevantGrade < 1) {
            throw new IllegalArgumentException("the relevant grade must be >= 1, got " + relevantGrade);
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
