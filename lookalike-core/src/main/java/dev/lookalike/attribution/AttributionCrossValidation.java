package dev.lookalike.attribution;

import dev.lookalike.audit.Neighbours;
import dev.lookalike.eval.Folds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k-fold cross-validation of attribution on in-memory vectors: each fold's products are predicted from the other
 * folds only. Inside the training folds, the vote options and the calibration are fitted on inner folds (each inner
 * fold predicted from the rest of the training set), and a supervised space is tuned and fitted on training labels
 * only; no held-out label reaches any fit. Also injects wrong labels to measure mislabel detection. Stateless.
 */
public final class AttributionCrossValidation {

    private static final Logger LOG = LoggerFactory.getLogger(AttributionCrossValidation.class);

    /**
     * @param folds      outer folds, {@code >= 2}
     * @param innerFolds folds inside each training set for the vote options and calibration, {@code >= 2}
     * @param seed       of every split
     * @param grid       vote options tried
     * @param space      the vector map (none, or a supervised projection)
     */
    public record Options(int folds, int innerFolds, long seed, AttributeModelFitter.Grid grid, SpaceFitter space) {
        public Options {
            if (folds < 2 || innerFolds < 2) {
                throw new IllegalArgumentException("folds and inner folds must be >= 2, got " + folds + " and " + innerFolds);
            }
            Objects.requireNonNull(grid, "grid");
            Objects.requireNonNull(space, "space");
        }
    }

    /**
     * One held-out product's prediction.
     *
     * @param row        the product
     * @param stored     its (possibly injected) label
     * @param prediction from the other folds
     */
    public record HeldOut(int row, String stored, Prediction prediction) {
        public boolean correct() {
            return stored.equals(prediction.value());
        }
    }

    /**
     * @param foldAccuracy accuracy per fold (held-out products with a label)
     * @param models       the model fitted in each fold
     * @param spaces       the space fitter chosen in each fold
     * @param heldOut      every labelled product's held-out prediction, by row
     * @param calibrated   reliability of the calibrated confidence
     * @param raw          reliability of the raw winning share
     * @param seconds      run time
     */
    public record Result(double[] foldAccuracy, List<AttributeModel> models, List<String> spaces, List<HeldOut> heldOut,
                         Reliability calibrated, Reliability raw, double seconds) {
        public Result {
            foldAccuracy = foldAccuracy.clone();
            models = List.copyOf(models);
            spaces = List.copyOf(spaces);
            heldOut = List.copyOf(heldOut);
        }

        @Override
        public double[] foldAccuracy() {
            return foldAccuracy.clone();
        }

        public double meanAccuracy() {
            return Arrays.stream(foldAccuracy).average().orElse(Double.NaN);
        }

        public double sdAccuracy() {
            double m = meanAccuracy();
            return Math.sqrt(Arrays.stream(foldAccuracy).map(a -> (a - m) * (a - m)).sum() / Math.max(1, foldAccuracy.length - 1));
        }
    }

    /**
     * Mislabel detection on injected errors.
     *
     * @param injected     labels changed
     * @param listed       size of the top of the ranking examined ({@code share} of the labelled products)
     * @param found        injected errors in that top
     * @param recall       {@code found / injected}
     * @param precision    {@code found / listed}
     * @param naturalInTop products in the top that were not injected but whose original label disagrees with the prediction
     */
    public record MislabelResult(int injected, int listed, int found, double recall, double precision, int naturalInTop) {
    }

    private AttributionCrossValidation() {
    }

    /**
     * @param vectors one per product, unit length, non-null
     * @param labels  one per product, {@code null} when it has none (never predicted, never votes)
     */
    public static Result run(String attribute, float[][] vectors, String[] labels, Options options) {
        return run(attribute, fold -> vectors, labels, options, false);
    }

    /**
     * As {@link #run(String, float[][], String[], Options)} with vectors that depend on the outer fold: an encoder
     * trained on the catalog's labels must be trained without the held-out fold's, so each fold has its own encoder
     * and its own vectors for every product. Inside a fold everything (inner folds, calibration, the held-out
     * predictions) uses that fold's vectors, except the calibration: fold {@code f}'s encoder has seen the inner
     * folds' labels, so their vote shares are optimistic, and the confidence of fold {@code f}'s predictions is
     * calibrated instead on the held-out predictions of the other outer folds (each made by an encoder that had not
     * seen them). The vote options are still chosen on the inner folds.
     *
     * @param vectorsOfFold the vectors of every product under outer fold {@code f}'s encoder, one per product, unit length
     */
    public static Result run(String attribute, IntFunction<float[][]> vectorsOfFold, String[] labels, Options options) {
        return run(attribute, vectorsOfFold, labels, options, true);
    }

    private static Result run(String attribute, IntFunction<float[][]> vectorsOfFold, String[] labels, Options options,
                              boolean crossFoldCalibration) {
        long start = System.nanoTime();
        int fetch = options.grid().maxK() + 20;
        Folds outer = Folds.split(labels.length, options.folds(), options.seed());
        double[] accuracy = new double[options.folds()];
        List<AttributeModel> models = new ArrayList<>();
        List<String> spaces = new ArrayList<>();
        List<HeldOut> all = new ArrayList<>();
        for (int f = 0; f < options.folds(); f++) {
            float[][] vectors = vectorsOfFold.apply(f);
            if (vectors.length != labels.length) {
                throw new IllegalArgumentException("vectors and labels differ in count in fold " + f + ": " + vectors.length
                        + " vs " + labels.length);
            }
            int[] training = outer.training(f);
            int[] heldOut = outer.heldOut(f);
            float[][] trainVectors = Folds.select(vectors, training);
            String[] trainLabels = Folds.select(labels, training);
            SpaceFitter space = options.space().tuned(trainVectors, trainLabels);

            List<NeighbourLabels> evidence = new ArrayList<>();
            List<String> truth = new ArrayList<>();
            Folds inner = Folds.split(training.length, options.innerFolds(), options.seed() + 1 + f);
            for (int j = 0; j < inner.count(); j++) {
                int[] a = inner.training(j);
                int[] b = inner.heldOut(j);
                String[] aLabels = Folds.select(trainLabels, a);
                String[] bLabels = Folds.select(trainLabels, b);
                List<NeighbourLabels> found = predictFrom(space, Folds.select(trainVectors, a), aLabels, Folds.select(trainVectors, b),
                        bLabels, fetch);
                for (int i = 0; i < b.length; i++) {
                    if (bLabels[i] != null) {
                        evidence.add(found.get(i));
                        truth.add(bLabels[i]);
                    }
                }
            }
            AttributeModel model = AttributeModelFitter.fit(attribute, evidence, truth, options.grid());
            models.add(model);
            spaces.add(space.name());

            String[] heldLabels = Folds.select(labels, heldOut);
            List<NeighbourLabels> found = predictFrom(space, trainVectors, trainLabels, Folds.select(vectors, heldOut), heldLabels, fetch);
            int right = 0, n = 0;
            for (int i = 0; i < heldOut.length; i++) {
                if (heldLabels[i] == null) {
                    continue;
                }
                HeldOut h = new HeldOut(heldOut[i], heldLabels[i], model.predict(found.get(i)));
                all.add(h);
                n++;
                right += h.correct() ? 1 : 0;
            }
            accuracy[f] = n == 0 ? Double.NaN : (double) right / n;
            LOG.info("attribution {} fold {}: accuracy {} ({} held out), {}, space {}", attribute, f + 1,
                    String.format(java.util.Locale.ROOT, "%.4f", accuracy[f]), n, model.vote(), space.name());
        }
        if (crossFoldCalibration) {
            recalibrateAcrossFolds(all, outer, models, labels.length);
        }
        all.sort(java.util.Comparator.comparingInt(HeldOut::row));
        double[] conf = all.stream().mapToDouble(h -> h.prediction().confidence()).toArray();
        double[] share = all.stream().mapToDouble(h -> h.prediction().share()).toArray();
        boolean[] right = new boolean[all.size()];
        for (int i = 0; i < right.length; i++) {
            right[i] = all.get(i).correct();
        }
        return new Result(accuracy, models, spaces, all, Reliability.of(conf, right, 10), Reliability.of(share, right, 10),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Replaces each fold's calibration by one fitted on the other folds' held-out (winning share, right) pairs, in
     * {@code models} and in every held-out prediction of {@code all}.
     */
    private static void recalibrateAcrossFolds(List<HeldOut> all, Folds outer, List<AttributeModel> models, int rows) {
        int[] foldOfRow = new int[rows];
        for (int f = 0; f < outer.count(); f++) {
            for (int row : outer.heldOut(f)) {
                foldOfRow[row] = f;
            }
        }
        for (int f = 0; f < outer.count(); f++) {
            int fold = f;
            List<HeldOut> others = all.stream().filter(h -> foldOfRow[h.row()] != fold && h.prediction().value() != null).toList();
            double[] shares = others.stream().mapToDouble(h -> h.prediction().share()).toArray();
            boolean[] right = new boolean[others.size()];
            for (int i = 0; i < right.length; i++) {
                right[i] = others.get(i).correct();
            }
            AttributeModel m = models.get(f);
            models.set(f, new AttributeModel(m.attribute(), m.vote(), Calibration.fit(shares, right), m.fitAccuracy(),
                    m.fitPredictions()));
        }
        all.replaceAll(h -> {
            AttributeModel m = models.get(foldOfRow[h.row()]);
            Prediction p = h.prediction();
            return new HeldOut(h.row(), h.stored(), new Prediction(p.value(), p.share(),
                    p.value() == null ? 0 : m.calibration().apply(p.share()), p.vote(), m));
        });
    }

    /** Each query's neighbours among the database, in the space fitted on the database's labels. */
    private static List<NeighbourLabels> predictFrom(SpaceFitter space, float[][] database, String[] databaseLabels, float[][] queries,
                                                     String[] queryLabels, int fetch) {
        UnaryOperator<float[]> map = space.fit(database, databaseLabels);
        // only products with a value vote, so only they are searched: a sparse attribute still gets its k voters
        int[] labelled = IntStream.range(0, database.length).filter(i -> databaseLabels[i] != null).toArray();
        float[][] db = Arrays.stream(labelled).parallel().mapToObj(i -> map.apply(database[i])).toArray(float[][]::new);
        String[] dbLabels = Folds.select(databaseLabels, labelled);
        float[][] q = Arrays.stream(queries).parallel().map(map).toArray(float[][]::new);
        int k = Math.min(fetch, db.length);
        return IntStream.range(0, q.length).parallel()
                .mapToObj(i -> queryLabels[i] == null ? new NeighbourLabels(new String[0], new float[0])
                        : NeighbourLabels.of(Neighbours.exact(db, q[i], k, -1), dbLabels))
                .toList();
    }

    /**
     * Labels with a seeded {@code rate} of the labelled ones changed, each uniformly to another value that the
     * attribute already takes.
     *
     * @return the new labels; {@code injected[i]} says whether label i was changed
     */
    public static String[] injectErrors(String[] labels, double rate, long seed, boolean[] injected) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("error rate must be in [0, 1], got " + rate);
        }
        if (injected.length != labels.length) {
            throw new IllegalArgumentException("injected must have one flag per label");
        }
        List<String> values = new ArrayList<>(new TreeSet<>(Arrays.stream(labels).filter(Objects::nonNull).toList()));
        int[] labelled = IntStream.range(0, labels.length).filter(i -> labels[i] != null).toArray();
        if (values.size() < 2) {
            throw new IllegalArgumentException("injecting errors needs at least 2 distinct values, got " + values);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = labelled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labelled[i];
            labelled[i] = labelled[j];
            labelled[j] = t;
        }
        String[] out = labels.clone();
        int count = (int) Math.round(rate * labelled.length);
        for (int i = 0; i < count; i++) {
            int row = labelled[i];
            int pick = random.nextInt(values.size() - 1);
            int own = values.indexOf(labels[row]);
            out[row] = values.get(pick >= own ? pick + 1 : pick);
            injected[row] = true;
        }
        return out;
    }

    /**
     * Ranks the held-out predictions of a run on labels with injected errors by the confidence that the stored label
     * is wrong ({@link Prediction#wrongness}, ties by the prediction's confidence) and counts injected errors among the
     * first {@code share} of them.
     *
     * @param original the labels before injection
     */
    public static MislabelResult mislabels(Result run, boolean[] injected, String[] original, double share) {
        List<HeldOut> ranked = new ArrayList<>(run.heldOut());
        ranked.sort(java.util.Comparator.comparingDouble((HeldOut h) -> -h.prediction().wrongness(h.stored()))
                .thenComparingDouble(h -> -h.prediction().confidence()).thenComparingInt(HeldOut::row));
        int listed = (int) Math.round(share * ranked.size());
        int total = 0;
        for (boolean b : injected) {
            total += b ? 1 : 0;
        }
        int found = 0, natural = 0;
        for (int i = 0; i < listed; i++) {
            HeldOut h = ranked.get(i);
            if (injected[h.row()]) {
                found++;
            } else if (!original[h.row()].equals(h.prediction().value())) {
                natural++;
            }
        }
        return new MislabelResult(total, listed, found, total == 0 ? Double.NaN : (double) found / total,
                listed == 0 ? Double.NaN : (double) found / listed, natural);
    }
}
