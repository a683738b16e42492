package dev.lookalike.cli;

import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.eval.Folds;
import dev.lookalike.eval.HeldOutPrecision;
import dev.lookalike.eval.LeaveOneOutPrecision;
import dev.lookalike.eval.TopK;
import dev.lookalike.lucene.HnswBench;
import dev.lookalike.projection.AttributeLabels;
import dev.lookalike.projection.LdaFitter;
import dev.lookalike.projection.LdaOptions;
import dev.lookalike.projection.LdaResult;
import dev.lookalike.projection.LdaTuner;
import dev.lookalike.projection.LdaTuning;
import dev.lookalike.projection.PcaFitter;
import dev.lookalike.projection.PcaResult;
import dev.lookalike.projection.Projection;
import dev.lookalike.search.ProductFilter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The image-projection evaluations of {@code lookalike eval}: PCA dimension against precision and query speed, and
 * the catalog-tuned LDA under k-fold cross-validation. Image vectors only; products without a usable picture are left
 * out. Labels are compared stripped and lower-cased. Query speed is reported per CPU-second of the querying thread (and
 * by the wall clock), since evaluations often share the machine. Not thread-safe (a command runs it once).
 */
final class ProjectionEval {

    private final List<String> attributes;
    private final Map<String, String[]> labels = new LinkedHashMap<>();
    /** The encoder's image vectors of the products that have one. */
    private final float[][] vectors;
    private final int k;
    private final long seed;
    private final PrintStream out;

    ProjectionEval(List<Product> products, float[][] imageVectors, List<String> attributes, int k, long seed, PrintStream out) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < imageVectors.length; i++) {
            if (imageVectors[i] != null) {
                kept.add(i);
            }
        }
        this.vectors = kept.stream().map(i -> imageVectors[i]).toArray(float[][]::new);
        this.attributes = List.copyOf(attributes);
        for (String a : attributes) {
            labels.put(a, kept.stream().map(i -> label(products.get(i), a)).toArray(String[]::new));
        }
        this.k = k;
        this.seed = seed;
        this.out = out;
        out.printf(Locale.ROOT, "%d products with a usable picture (of %d), image vectors of %d dimensions%n",
                vectors.length, products.size(), vectors.length == 0 ? 0 : vectors[0].length);
        if (vectors.length <= k) {
            throw new IllegalArgumentException("need more than k=" + k + " products with a usable picture, got " + vectors.length);
        }
    }

    static String label(Product p, String attribute) {
        String v = p.attribute(attribute);
        return v == null || v.isBlank() ? null : ProductFilter.normalizeValue(v);
    }

    /**
     * Leave-one-out precision@k per attribute and query speed for the encoder's vectors and for each PCA dimension
     * (fitted on every vector: unsupervised, no label is used).
     *
     * @param dimensions components per row; 0 means the full dimension (a rotation, which only centres the vectors)
     */
    void pca(List<Integer> dimensions, boolean whiten, int queries, boolean hnsw) throws IOException {
        int d = vectors[0].length;
        long start = System.nanoTime();
        PcaFitter fitter = new PcaFitter(d);
        Arrays.stream(vectors).parallel().forEach(fitter::add);
        double accumulate = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "PCA statistics of %d vectors accumulated in %.1f s; k=%d; %d timed queries (seed %d)%n",
                vectors.length, accumulate, k, queries, seed);
        int warmup = Math.min(500, queries);
        int[] queryRows = new SplittableRandom(seed).ints(warmup + queries, 0, vectors.length).toArray();
        out.printf(Locale.ROOT, "%-14s %6s %7s %7s", "projection", "dims", "expl.var", "fit s");
        attributes.forEach(a -> out.printf(Locale.ROOT, " %12s", "P@" + k + " " + shorten(a)));
        out.printf(Locale.ROOT, " %10s %10s", "exact q/s", "(wall)");
        if (hnsw) {
            out.printf(Locale.ROOT, " %9s %9s %9s %9s %9s %8s %8s %8s", "hnsw q/s", "p50 ms", "p99 ms", "(wall p50", "wall p99)", "visited",
                    "recall", "build s");
        }
        out.println();
        float[][] raw = normalised(vectors);
        if (hnsw) {
            // untimed: compile Lucene's HNSW code paths before the first row, so that row is not charged for the JIT
            int[] rows = Arrays.copyOf(queryRows, warmup + 1);
            int[][] none = new int[rows.length][0];
            HnswBench.measure(Arrays.copyOf(raw, Math.min(raw.length, 3_000)), Arrays.stream(rows).map(r -> r % Math.min(raw.length, 3_000)).toArray(),
                    warmup, k, none);
        }
        row("none", d, Double.NaN, Double.NaN, raw, queryRows, warmup, hnsw, true);
        for (int requested : dimensions) {
            int components = requested <= 0 ? d : requested;
            if (components > d) {
                out.printf(Locale.ROOT, "%-14s %6d  skipped: above the input dimension %d%n", "pca", components, d);
                continue;
            }
            for (boolean w : whiten ? new boolean[] {false, true} : new boolean[] {false}) {
                long fitStart = System.nanoTime();
                PcaResult result = fitter.fit(components, w);
                double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
                Projection p = result.projection();
                float[][] projected = Arrays.stream(vectors).parallel().map(p::apply).toArray(float[][]::new);
                row(w ? "pca+whiten" : "pca", components, result.explainedVariance(), fitSeconds, projected, queryRows, warmup, hnsw, true);
            }
        }
        // the first row's speed again, now that everything is warm: shows how much the order of the rows matters
        row("none (again)", d, Double.NaN, Double.NaN, raw, queryRows, warmup, hnsw, false);
    }

    private void row(String name, int dims, double explained, double fitSeconds, float[][] space, int[] queryRows, int warmup,
                     boolean hnsw, boolean precision) throws IOException {
        out.printf(Locale.ROOT, "%-14s %6d %7s %7s", name, dims, Double.isNaN(explained) ? "-" : String.format(Locale.ROOT, "%.3f", explained),
                Double.isNaN(fitSeconds) ? "-" : String.format(Locale.ROOT, "%.2f", fitSeconds));
        for (String a : attributes) {
            if (precision) {
                out.printf(Locale.ROOT, " %12.4f", LeaveOneOutPrecision.precisionAtK(space, labels.get(a), k));
            } else {
                out.printf(Locale.ROOT, " %12s", "same");
            }
        }
        // exact top-k, one thread; timed by the wall clock and by this thread's CPU time
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int[][] exact = new int[queryRows.length][];
        long wallStart = 0;
        long cpuStart = 0;
        for (int i = 0; i < queryRows.length; i++) {
            if (i == warmup) {
                wallStart = System.nanoTime();
                cpuStart = threads.getCurrentThreadCpuTime();
            }
            exact[i] = TopK.exact(space, space[queryRows[i]], k, -1);
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        out.printf(Locale.ROOT, " %10.0f %10.0f", (queryRows.length - warmup) / cpu, (queryRows.length - warmup) / wall);
        if (hnsw && dims <= HnswBench.MAX_DIMENSIONS) {
            HnswBench.Result h = HnswBench.measure(space, queryRows, warmup, k, exact);
            out.printf(Locale.ROOT, " %9.0f %9.3f %9.3f %9.3f %9.3f %8.0f %8.4f %8.1f", h.cpuQueriesPerSecond(), h.cpuP50Ms(), h.cpuP99Ms(),
                    h.p50Ms(), h.p99Ms(), h.meanVisited(), h.recall(), h.buildSeconds());
        }
        out.println();
        out.flush();
    }

    /**
     * k-fold cross-validation of the catalog-tuned projection: for each fold, the projection is tuned (inner
     * cross-validation) and fitted on the other folds only, every vector is projected, and each held-out product's
     * precision@k of same attribute is measured among the training-fold products only. The untuned descriptor, a PCA of
     * the same dimension fitted on the training folds, and each attribute's block alone are measured the same way.
     */
    void lda(int folds, int innerFolds) {
        Folds split = Folds.split(vectors.length, folds, seed);
        Map<String, double[]> untuned = new LinkedHashMap<>();
        Map<String, double[]> pca = new LinkedHashMap<>();
        Map<String, double[]> tuned = new LinkedHashMap<>();
        Map<String, double[]> alone = new LinkedHashMap<>();
        Map<String, double[]> chance = new LinkedHashMap<>();
        for (String a : attributes) {
            untuned.put(a, new double[folds]);
            pca.put(a, new double[folds]);
            tuned.put(a, new double[folds]);
            alone.put(a, new double[folds]);
            chance.put(a, new double[folds]);
        }
        out.printf(Locale.ROOT, "%d-fold cross-validation (seed %d), options tuned by %d-fold cross-validation inside each training set, k=%d%n",
                folds, seed, innerFolds, k);
        for (int f = 0; f < folds; f++) {
            long start = System.nanoTime();
            int[] training = split.training(f);
            int[] heldOut = split.heldOut(f);
            float[][] trainVectors = Folds.select(vectors, training);
            float[][] heldOutVectors = Folds.select(vectors, heldOut);
            List<AttributeLabels> trainLabels = attributes.stream()
                    .map(a -> new AttributeLabels(a, Folds.select(labels.get(a), training))).toList();

            LdaTuning tuning = LdaTuner.tune(trainVectors, trainLabels,
                    new LdaTuner.Options(innerFolds, k, seed + f, LdaTuner.Grid.DEFAULT));
            LdaResult fitted = LdaFitter.fit(trainVectors, trainLabels, tuning.best());
            Projection projection = fitted.projection();
            PcaFitter pcaFitter = new PcaFitter(trainVectors[0].length);
            Arrays.stream(trainVectors).parallel().forEach(pcaFitter::add);
            Projection pcaProjection = pcaFitter.fit(Math.min(projection.outputDimension(), trainVectors[0].length), false).projection();

            float[][] rawTrain = normalised(trainVectors);
            float[][] rawHeldOut = normalised(heldOutVectors);
            float[][] ldaTrain = apply(projection, trainVectors);
            float[][] ldaHeldOut = apply(projection, heldOutVectors);
            float[][] pcaTrain = apply(pcaProjection, trainVectors);
            float[][] pcaHeldOut = apply(pcaProjection, heldOutVectors);
            for (String a : attributes) {
                String[] dbLabels = Folds.select(labels.get(a), training);
                String[] qLabels = Folds.select(labels.get(a), heldOut);
                untuned.get(a)[f] = HeldOutPrecision.precisionAtK(rawHeldOut, qLabels, rawTrain, dbLabels, k);
                pca.get(a)[f] = HeldOutPrecision.precisionAtK(pcaHeldOut, qLabels, pcaTrain, dbLabels, k);
                tuned.get(a)[f] = HeldOutPrecision.precisionAtK(ldaHeldOut, qLabels, ldaTrain, dbLabels, k);
                chance.get(a)[f] = chance(qLabels, dbLabels);
                LdaOptions single = new LdaOptions(List.of(tuning.best().blocks().stream()
                        .filter(b -> b.attribute().equals(a)).findFirst().orElseThrow().withWeight(1.0)));
                Projection own = LdaFitter.fit(trainVectors, trainLabels, single).projection();
                alone.get(a)[f] = HeldOutPrecision.precisionAtK(apply(own, heldOutVectors), qLabels, apply(own, trainVectors), dbLabels, k);
            }
            out.printf(Locale.ROOT, "fold %d: %d training, %d held out, %.0f s; tuned: %s -> %d dims%n", f + 1, training.length,
                    heldOut.length, (System.nanoTime() - start) / 1e9, tuning.best().compact(), projection.outputDimension());
            for (String a : attributes) {
                out.printf(Locale.ROOT, "  %-14s untuned %.4f  pca-%d %.4f  tuned %.4f  tuned(%s alone) %.4f%n", a,
                        untuned.get(a)[f], pcaProjection.outputDimension(), pca.get(a)[f], tuned.get(a)[f], shorten(a), alone.get(a)[f]);
            }
            out.flush();
        }
        out.printf(Locale.ROOT, "%nmean +- sd over %d folds (precision@%d of held-out products among training-fold products)%n", folds, k);
        out.printf(Locale.ROOT, "%-14s %17s %17s %17s %17s %8s%n", "attribute", "untuned", "pca (same dims)", "tuned (all attrs)",
                "tuned (attr alone)", "chance");
        for (String a : attributes) {
            out.printf(Locale.ROOT, "%-14s %17s %17s %17s %17s %8.4f%n", a, meanSd(untuned.get(a)), meanSd(pca.get(a)),
                    meanSd(tuned.get(a)), meanSd(alone.get(a)), mean(chance.get(a)));
        }
    }

    private static float[][] apply(Projection p, float[][] rows) {
        return Arrays.stream(rows).parallel().map(p::apply).toArray(float[][]::new);
    }

    private static float[][] normalised(float[][] rows) {
        return Arrays.stream(rows).map(v -> VectorMath.normalizeInPlace(v.clone())).toArray(float[][]::new);
    }

    /** Expected precision of a random ranking of the database: the mean share of database items with the query's label. */
    private static double chance(String[] queryLabels, String[] databaseLabels) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (String l : databaseLabels) {
            if (l != null) {
                counts.merge(l, 1, Integer::sum);
            }
        }
        double sum = 0;
        int n = 0;
        for (String l : queryLabels) {
            if (l != null) {
                sum += counts.getOrDefault(l, 0) / (double) databaseLabels.length;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static String meanSd(double[] v) {
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
        return String.format(Locale.ROOT, "%.4f +- %.4f", m, sd);
    }

    private static String shorten(String attribute) {
        return attribute.length() <= 8 ? attribute : attribute.substring(0, 8);
    }
}
