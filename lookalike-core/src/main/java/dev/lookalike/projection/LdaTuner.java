package dev.lookalike.projection;

import dev.lookalike.eval.Folds;
import dev.lookalike.eval.HeldOutPrecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks {@link LdaOptions} by k-fold cross-validation on the fitting data only (the caller's training set): each fold
 * fits on the other folds and scores precision@k of its own vectors against them ({@link HeldOutPrecision}).
 *
 * <ol>
 *   <li><b>per block</b>: for each attribute alone, every combination of {@link Grid#preDimensions()},
 *       {@link Grid#shrinkages()} and {@link Grid#eigenPowers()} (weight 1), scored on that attribute;</li>
 *   <li><b>weights</b>: with those blocks, the first attribute keeps weight 1 and each later one in turn tries every
 *       {@link Grid#weights() weight}, scored by the mean precision over all the attributes.</li>
 * </ol>
 * Ties keep the earlier candidate in grid order. Each fold's scatter matrices and eigen-decompositions are computed
 * once and shared by every candidate. Stateless and thread-safe.
 */
public final class LdaTuner {

    private static final Logger LOG = LoggerFactory.getLogger(LdaTuner.class);

    /**
     * Candidate values.
     *
     * @param preDimensions PCA dimensions first (0: none); values at or above the input dimension count as none
     * @param shrinkages    in (0, 1]
     * @param eigenPowers   in [0, 1]
     * @param weights       relative weights tried for the second and later attributes, {@code > 0}
     */
    public record Grid(List<Integer> preDimensions, List<Double> shrinkages, List<Double> eigenPowers, List<Double> weights) {

        /** The grid {@code lookalike ingest} and {@code lookalike eval --lda} use. */
        public static final Grid DEFAULT = new Grid(List.of(0, 256), List.of(0.01, 0.1, 0.3), List.of(0.0, 0.5),
                List.of(0.5, 0.7, 1.0, 1.4));

        public Grid {
            preDimensions = List.copyOf(preDimensions);
            shrinkages = List.copyOf(shrinkages);
            eigenPowers = List.copyOf(eigenPowers);
            weights = List.copyOf(weights);
            if (preDimensions.isEmpty() || shrinkages.isEmpty() || eigenPowers.isEmpty() || weights.isEmpty()) {
                throw new IllegalArgumentException("every grid list needs at least one value, got " + preDimensions + ", "
                        + shrinkages + ", " + eigenPowers + ", " + weights);
            }
            // each value is checked by LdaBlockOptions; build one of each to fail early
            for (int p : preDimensions) {
                for (double s : shrinkages) {
                    for (double e : eigenPowers) {
                        new LdaBlockOptions("check", p, s, e, 1.0);
                    }
                }
            }
            weights.forEach(w -> new LdaBlockOptions("check", 0, 0.1, 0, w));
        }
    }

    /**
     * @param folds cross-validation folds, {@code >= 2}
     * @param k     neighbours scored per held-out vector
     * @param seed  of the fold shuffle
     * @param grid  candidates
     */
    public record Options(int folds, int k, long seed, Grid grid) {
        public static final int DEFAULT_FOLDS = 3;
        public static final int DEFAULT_K = 10;
        public static final long DEFAULT_SEED = 42;

        public Options {
            if (folds < 2) {
                throw new IllegalArgumentException("tuning folds must be >= 2, got " + folds);
            }
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + k);
            }
            if (grid == null) {
                throw new IllegalArgumentException("grid must not be null");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_FOLDS, DEFAULT_K, DEFAULT_SEED, Grid.DEFAULT);
        }
    }

    private LdaTuner() {
    }

    /** One fold: statistics of its training part, and its held-out part centred with their mean. */
    private record Fold(LdaStatistics stats, DMatrixRMaj heldOut, Map<String, String[]> trainingLabels,
                        Map<String, String[]> heldOutLabels) {
    }

    /**
     * Cross-validates the grid on {@code vectors} and returns the best options for the attributes, in the given order
     * (that order is the block order).
     */
    public static LdaTuning tune(float[][] vectors, List<AttributeLabels> attributes, Options options) {
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("tuning needs at least one attribute");
        }
        long start = System.nanoTime();
        Folds folds = Folds.split(vectors.length, options.folds(), options.seed());
        List<Fold> data = new ArrayList<>();
        for (int f = 0; f < folds.count(); f++) {
            int[] training = folds.training(f);
            int[] heldOut = folds.heldOut(f);
            List<AttributeLabels> trainingAttributes = attributes.stream().map(a -> a.subset(training)).toList();
            LdaStatistics stats = new LdaStatistics(Folds.select(vectors, training), trainingAttributes);
            double[] mean = stats.mean();
            DMatrixRMaj centred = new DMatrixRMaj(heldOut.length, stats.dimension());
            for (int i = 0; i < heldOut.length; i++) {
                float[] v = vectors[heldOut[i]];
                for (int j = 0; j < mean.length; j++) {
                    centred.unsafe_set(i, j, v[j] - mean[j]);
                }
            }
            Map<String, String[]> tl = new LinkedHashMap<>();
            Map<String, String[]> hl = new LinkedHashMap<>();
            for (AttributeLabels a : attributes) {
                tl.put(a.name(), Folds.select(a.labels(), training));
                hl.put(a.name(), Folds.select(a.labels(), heldOut));
            }
            data.add(new Fold(stats, centred, tl, hl));
        }
        int dimension = data.get(0).stats().dimension();

        List<LdaTuning.Trial> trials = new ArrayList<>();
        List<LdaBlockOptions> chosen = new ArrayList<>();
        for (AttributeLabels a : attributes) {
            LdaTuning.Trial best = null;
            List<Integer> seenP = new ArrayList<>();
            for (int pre : options.grid().preDimensions()) {
                int p = data.get(0).stats().reducedDimension(pre);
                if (seenP.contains(p)) {
                    continue; // e.g. 256 on a 128-dimensional input: the same as none
                }
                seenP.add(p);
                for (double shrinkage : options.grid().shrinkages()) {
                    for (double power : options.grid().eigenPowers()) {
                        LdaOptions candidate = new LdaOptions(List.of(new LdaBlockOptions(a.name(), p >= dimension ? 0 : p, shrinkage, power, 1.0)));
                        LdaTuning.Trial t = score("block:" + a.name(), candidate, List.of(a.name()), data, options.k());
                        trials.add(t);
                        if (best == null || t.score() > best.score()) {
                            best = t;
                        }
                    }
                }
            }
            chosen.add(best.options().blocks().get(0));
        }
        for (Fold f : data) {
            f.stats().releaseDecompositions();
        }
        List<String> names = attributes.stream().map(AttributeLabels::name).toList();
        LdaOptions current = new LdaOptions(chosen);
        for (int b = 1; b < chosen.size(); b++) {
            LdaTuning.Trial best = null;
            for (double w : options.grid().weights()) {
                List<LdaBlockOptions> blocks = new ArrayList<>(current.blocks());
                blocks.set(b, blocks.get(b).withWeight(w));
                LdaTuning.Trial t = score("weight:" + names.get(b), new LdaOptions(blocks), names, data, options.k());
                trials.add(t);
                if (best == null || t.score() > best.score()) {
                    best = t;
                }
            }
            current = best.options();
        }
        LOG.info("LDA tuning: {} trials, {} folds, {} vectors, {} s; chose {}", trials.size(), options.folds(), vectors.length,
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9), current.compact());
        return new LdaTuning(current, trials);
    }

    private static LdaTuning.Trial score(String stage, LdaOptions candidate, List<String> scored, List<Fold> data, int k) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Fold f : data) {
            DMatrixRMaj rows = f.stats().rows(candidate);
            float[][] training = projectRows(f.stats().centred(), rows);
            float[][] heldOut = projectRows(f.heldOut(), rows);
            for (String attribute : scored) {
                double p = HeldOutPrecision.precisionAtK(heldOut, f.heldOutLabels().get(attribute), training,
                        f.trainingLabels().get(attribute), Math.min(k, training.length));
                sums.merge(attribute, Double.isNaN(p) ? 0 : p, Double::sum);
            }
        }
        Map<String, Double> precision = new LinkedHashMap<>();
        double total = 0;
        for (String attribute : scored) {
            double mean = sums.get(attribute) / data.size();
            precision.put(attribute, mean);
            total += mean;
        }
        LdaTuning.Trial t = new LdaTuning.Trial(stage, candidate, precision, total / scored.size());
        LOG.debug("LDA trial {} {}: {}", stage, candidate.compact(), precision);
        return t;
    }

    /** normalize(centred x rows'), row by row, as float vectors: what the projection's apply computes. */
    static float[][] projectRows(DMatrixRMaj centred, DMatrixRMaj rows) {
        DMatrixRMaj y = new DMatrixRMaj(centred.numRows, rows.numRows);
        CommonOps_DDRM.multTransB(centred, rows, y);
        float[][] out = new float[y.numRows][y.numCols];
        for (int i = 0; i < y.numRows; i++) {
            double norm = 0;
            for (int j = 0; j < y.numCols; j++) {
                double v = y.unsafe_get(i, j);
                norm += v * v;
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int j = 0; j < y.numCols; j++) {
                out[i][j] = (float) (y.unsafe_get(i, j) * inv);
            }
        }
        return out;
    }
}
