package dev.lookalike.engine;

import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.query.AnchorStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Combines the similarities of a product to several anchors into one score, as {@link AnchorStrategy} documents:
 * which vectors to score candidates against, which to retrieve candidates with, and how to combine. Immutable;
 * package-private.
 */
final class AnchorScorer {

    /**
     * An anchor ready to score with: a unit vector in the fused space (per-query weights applied), its weight, the
     * product when it is a product anchor, and whether products match it by their best picture
     * ({@code SearchSnapshot.similarities} with {@code byPicture}).
     */
    record Resolved(String label, float[] vector, double weight, Product product, boolean byPicture) {
    }

    /**
     * A candidate's score and which anchors decided it: {@code positive}/{@code negative} index the positive/negative
     * anchors for {@code max} and {@code min}, and are -1 for {@code mean} (centroids) or when there are none.
     */
    record Score(float value, int positive, int negative, float penalty) {
    }

    private final AnchorStrategy strategy;
    private final List<Resolved> positives = new ArrayList<>();
    private final List<Resolved> negatives = new ArrayList<>();
    private final float lambda;
    private final float[] positiveCentroid;
    private final float[] negativeCentroid;
    private final List<float[]> scoring = new ArrayList<>();
    /** Per scoring vector: whether products match it by their best picture. */
    private final boolean[] scoringByPicture;
    /** Whether the positive / negative centroid matches by picture: when every anchor in it does. */
    private final boolean positivesByPicture;
    private final boolean negativesByPicture;

    AnchorScorer(AnchorStrategy strategy, List<Resolved> anchors) {
        this.strategy = strategy;
        double wPlus = 0;
        double wMinus = 0;
        for (Resolved a : anchors) {
            if (a.weight() > 0) {
                positives.add(a);
                wPlus += a.weight();
            } else {
                negatives.add(a);
                wMinus += -a.weight();
            }
        }
        this.lambda = (float) (wMinus / (positives.isEmpty() ? 1 : wPlus));
        this.positiveCentroid = centroid(positives, "positive");
        this.negativeCentroid = centroid(negatives, "negative");
        this.positivesByPicture = !positives.isEmpty() && positives.stream().allMatch(Resolved::byPicture);
        this.negativesByPicture = !negatives.isEmpty() && negatives.stream().allMatch(Resolved::byPicture);
        List<Boolean> flags = new ArrayList<>();
        if (strategy == AnchorStrategy.MEAN) {
            if (positiveCentroid != null) {
                scoring.add(positiveCentroid);
                flags.add(positivesByPicture);
            }
            if (negativeCentroid != null) {
                scoring.add(negativeCentroid);
                flags.add(negativesByPicture);
            }
        } else {
            positives.forEach(a -> {
                scoring.add(a.vector());
                flags.add(a.byPicture());
            });
            negatives.forEach(a -> {
                scoring.add(a.vector());
                flags.add(a.byPicture());
            });
        }
        scoringByPicture = new boolean[flags.size()];
        for (int i = 0; i < scoringByPicture.length; i++) {
            scoringByPicture[i] = flags.get(i);
        }
    }

    /** Unit weighted centroid, or {@code null} when there are no anchors. */
    private static float[] centroid(List<Resolved> anchors, String which) {
        if (anchors.isEmpty()) {
            return null;
        }
        float[] sum = new float[anchors.get(0).vector().length];
        for (Resolved a : anchors) {
            float w = (float) Math.abs(a.weight());
            float[] v = a.vector();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += w * v[i];
            }
        }
        if (VectorMath.norm(sum) < 1e-6f) {
            throw new IllegalArgumentException("the " + which + " anchors cancel each other out: their weighted centroid is zero");
        }
        return VectorMath.normalizeInPlace(sum);
    }

    AnchorStrategy strategy() {
        return strategy;
    }

    /** {@code λ = W- / W+}. */
    float lambda() {
        return lambda;
    }

    boolean hasNegatives() {
        return !negatives.isEmpty();
    }

    List<Resolved> positives() {
        return positives;
    }

    /** The unit vectors candidates are scored against; {@link #score} reads their similarities in this order. */
    List<float[]> scoringVectors() {
        return scoring;
    }

    /** Per {@link #scoringVectors()} vector: whether products are scored against it by their best picture. */
    boolean[] scoringByPicture() {
        return scoringByPicture.clone();
    }

    /**
     * Per {@link #retrievalVectors()} vector: whether products are retrieved by their best picture ({@code mean}: when
     * every positive anchor matches by picture).
     */
    boolean[] retrievalByPicture() {
        return switch (strategy) {
            case MEAN -> new boolean[] {positivesByPicture};
            case MAX, MIN -> {
                boolean[] out = new boolean[positives.size() + (strategy == AnchorStrategy.MIN ? 1 : 0)];
                for (int i = 0; i < positives.size(); i++) {
                    out[i] = positives.get(i).byPicture();
                }
                if (strategy == AnchorStrategy.MIN) {
                    out[positives.size()] = positivesByPicture;
                }
                yield out;
            }
        };
    }

    /**
     * The unit vectors to retrieve candidates with when there are no keywords: {@code mean}: the direction
     * {@code c+ − λ·c−}; {@code max}: each positive anchor; {@code min}: each positive anchor and their centroid.
     */
    List<float[]> retrievalVectors() {
        if (positives.isEmpty()) {
            throw new IllegalStateException("no positive anchor to retrieve with");
        }
        return switch (strategy) {
            case MEAN -> {
                if (negativeCentroid == null) {
                    yield List.of(positiveCentroid);
                }
                float[] q = positiveCentroid.clone();
                for (int i = 0; i < q.length; i++) {
                    q[i] -= lambda * negativeCentroid[i];
                }
                yield List.of(VectorMath.norm(q) < 1e-6f ? positiveCentroid : VectorMath.normalizeInPlace(q));
            }
            case MAX -> positives.stream().map(Resolved::vector).toList();
            case MIN -> {
                List<float[]> out = new ArrayList<>(positives.stream().map(Resolved::vector).toList());
                out.add(positiveCentroid);
                yield out;
            }
        };
    }

    /**
     * The score of candidate {@code i} given {@code sims[v][i]}, the similarities to {@link #scoringVectors()};
     * {@code NaN} value for a candidate without a vector.
     */
    Score score(float[][] sims, int i) {
        if (strategy == AnchorStrategy.MEAN) {
            int row = 0;
            float value = 0;
            if (positiveCentroid != null) {
                value = sims[row++][i];
            }
            float penalty = 0;
            if (negativeCentroid != null) {
                penalty = lambda * sims[row][i];
            }
            return new Score(value - penalty, -1, -1, penalty);
        }
        int best = -1;
        float value = Float.NaN;
        for (int j = 0; j < positives.size(); j++) {
            float s = sims[j][i];
            if (Float.isNaN(s)) {
                return new Score(Float.NaN, -1, -1, 0);
            }
            if (best < 0 || (strategy == AnchorStrategy.MAX ? s > value : s < value)) {
                best = j;
                value = s;
            }
        }
        if (best < 0) {
            value = 0;
        }
        int worst = -1;
        float penalty = 0;
        for (int k = 0; k < negatives.size(); k++) {
            float s = sims[positives.size() + k][i];
            if (Float.isNaN(s)) {
                return new Score(Float.NaN, -1, -1, 0);
            }
            if (worst < 0 || s > penalty) {
                worst = k;
                penalty = s;
            }
        }
        penalty *= lambda;
        return new Score(value - penalty, best, worst, penalty);
    }

    /** The positive vector a score is measured against: the centroid ({@code mean}) or the deciding anchor. */
    float[] positiveVector(Score s) {
        return strategy == AnchorStrategy.MEAN || s.positive() < 0 ? positiveCentroid : positives.get(s.positive()).vector();
    }

    /** Whether the score's positive part was measured by the product's best picture. */
    boolean positiveByPicture(Score s) {
        return strategy == AnchorStrategy.MEAN || s.positive() < 0 ? positivesByPicture : positives.get(s.positive()).byPicture();
    }

    /** Whether the score's penalty was measured by the product's best picture. */
    boolean negativeByPicture(Score s) {
        return strategy == AnchorStrategy.MEAN || s.negative() < 0 ? negativesByPicture : negatives.get(s.negative()).byPicture();
    }

    /** The negative vector of the penalty, or {@code null}. */
    float[] negativeVector(Score s) {
        return strategy == AnchorStrategy.MEAN || s.negative() < 0 ? negativeCentroid : negatives.get(s.negative()).vector();
    }

    /** Which anchor the similarity is measured against, for explanations. */
    String anchorLabel(Score s) {
        if (positives.isEmpty()) {
            return "none (unlike anchors only)";
        }
        if (strategy == AnchorStrategy.MEAN || s.positive() < 0) {
            return positives.size() == 1 ? positives.get(0).label() : "centroid of " + positives.size() + " anchors";
        }
        return positives.get(s.positive()).label();
    }

    String negativeLabel(Score s) {
        if (negatives.isEmpty()) {
            return null;
        }
        if (strategy == AnchorStrategy.MEAN || s.negative() < 0) {
            return negatives.size() == 1 ? negatives.get(0).label() : "centroid of " + negatives.size() + " unlike anchors";
        }
        return negatives.get(s.negative()).label();
    }
}
