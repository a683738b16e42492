package dev.lookalike.cli;

import dev.lookalike.attribution.AttributeModel;
import dev.lookalike.attribution.AttributeModelFitter;
import dev.lookalike.attribution.AttributionCrossValidation;
import dev.lookalike.attribution.SpaceFitter;
import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.CatalogSink;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.RowError;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.model.ModelCache;
import dev.lookalike.projection.LdaTuner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "attribute-eval", mixinStandardHelpOptions = true,
        description = {"Cross-validated attribution on a catalog's image vectors: per attribute, k-fold accuracy of the kNN vote"
                + " with and without a catalog-tuned LDA projection (fitted on the training folds only), the reliability table of"
                + " the calibrated confidence, and the recall of injected wrong labels in the top of the suspected-mislabel list."})
final class AttributeEvalCommand implements Callable<Integer> {

    /** LDA options tried inside each training set (a reduced grid: tuning runs once per outer fold). */
    static final LdaTuner.Grid LDA_GRID = new LdaTuner.Grid(List.of(0), List.of(0.01, 0.1), List.of(0.0, 0.5), List.of(1.0));

    @Option(names = "--catalog", required = true, paramLabel = "PATH", description = "Catalog file or folder.")
    Path catalog;

    @Option(names = "--attribute", required = true, description = "Attribute to predict (repeatable).")
    List<String> attributes;

    @Option(names = "--projection", split = ",", defaultValue = "none,lda", paramLabel = "none|lda",
            description = "Spaces to evaluate (default ${DEFAULT-VALUE}).")
    List<String> projections;

    @Option(names = "--folds", defaultValue = "5", description = "Outer folds (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--inner-folds", defaultValue = "3", description = "Folds inside each training set (default ${DEFAULT-VALUE}).")
    int innerFolds;

    @Option(names = "--inject-errors", paramLabel = "RATE",
            description = "Share of labels changed for the mislabel run; 0 skips it (default 0.05; 0 with"
                    + " --fold-image-encoder, which refuses any other value).")
    Double injectErrors;

    @Option(names = "--inject-in", paramLabel = "none|lda",
            description = "Space of the mislabel run (default: the last of --projection).")
    String injectIn;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of folds and injected errors (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N products (0: all).")
    int limit;

    @Option(names = "--fold-image-encoder", paramLabel = "ID",
            description = {"Image encoder per outer fold, with {fold} standing for the fold's number from 0, e.g."
                    + " onnx:models/fold{fold}.json: an encoder trained on the catalog's own labels must not have seen the"
                    + " held-out fold's, so each fold has its own (trained on the other folds). The inner folds that choose"
                    + " the vote use the same encoder (it has seen their labels); the confidence is calibrated on the other"
                    + " outer folds' held-out predictions instead. Each fold's encoder must be trained on the split that"
                    + " --folds and --seed make here (tools/attribution-study/cnn_attribution_study.py uses the defaults)."
                    + " No mislabel run: the encoders were trained on the labels before any injection."})
    String foldImageEncoder;

    @Mixin
    EncoderOptions encoders = new EncoderOptions();

    @Override
    public Integer call() throws Exception {
        for (String p : projections) {
            if (!p.equals("none") && !p.equals("lda")) {
                throw new IllegalArgumentException("--projection takes none and/or lda, got '" + p + "'");
            }
        }
        if (foldImageEncoder != null && !foldImageEncoder.contains("{fold}")) {
            throw new IllegalArgumentException("--fold-image-encoder must contain {fold}, got '" + foldImageEncoder + "'");
        }
        if (foldImageEncoder != null && injectErrors != null && injectErrors > 0) {
            throw new IllegalArgumentException("--inject-errors " + injectErrors + " with --fold-image-encoder: the fold"
                    + " encoders were trained on the labels before injection, so they would give the wrong labels away; use 0");
        }
        double injectRate = injectErrors != null ? injectErrors : foldImageEncoder != null ? 0 : 0.05;
        List<Product> products = new ArrayList<>();
        Catalogs.open(catalog, CatalogOptions.defaults()).read(new CatalogSink() {
            @Override
            public void accept(Product p) {
                if (limit <= 0 || products.size() < limit) {
                    products.add(p);
                }
            }

            @Override
            public void reject(RowError e) {
                System.out.println("rejected: " + e);
            }
        });
        ModelCache models = encoders.cache();
        FusionSettings settings = encoders.settingsForNewIndex(models);
        List<Integer> kept = new ArrayList<>();
        IntFunction<float[][]> vectorsOfFold;
        if (foldImageEncoder == null) {
            float[][] vectors = imageVectors(products, settings, models, kept);
            vectorsOfFold = f -> vectors;
        } else {
            float[][][] perFold = new float[folds][][];
            for (int f = 0; f < folds; f++) {
                String id = foldImageEncoder.replace("{fold}", Integer.toString(f));
                List<Integer> keptByFold = new ArrayList<>();
                perFold[f] = imageVectors(products, Encoders.settings(id, settings.textEncoder(), models), models, keptByFold);
                if (f == 0) {
                    kept.addAll(keptByFold);
                } else if (!keptByFold.equals(kept)) {
                    throw new IllegalStateException(id + " could encode " + keptByFold.size() + " products' pictures, fold 0's"
                            + " encoder " + kept.size() + ": every fold's encoder must see the same products");
                }
            }
            vectorsOfFold = f -> perFold[f];
        }
        for (String attribute : attributes) {
            String[] labels = kept.stream().map(i -> value(products.get(i), attribute)).toArray(String[]::new);
            long labelled = Arrays.stream(labels).filter(l -> l != null).count();
            System.out.printf(Locale.ROOT, "%n== %s: %d labelled, %d values; %d-fold, vote options and calibration by %d-fold CV inside"
                            + " each training set, seed %d%n", attribute, labelled, Arrays.stream(labels).filter(l -> l != null).distinct().count(),
                    folds, innerFolds, seed);
            for (String p : projections) {
                SpaceFitter space = p.equals("lda") ? SpaceFitter.lda(attribute, LDA_GRID, seed) : SpaceFitter.NONE;
                AttributionCrossValidation.Options options = new AttributionCrossValidation.Options(folds, innerFolds, seed,
                        AttributeModelFitter.Grid.DEFAULT, space);
                AttributionCrossValidation.Result r = AttributionCrossValidation.run(attribute, vectorsOfFold, labels, options);
                System.out.printf(Locale.ROOT, "%n%s, projection %s: accuracy %.4f ± %.4f (folds %s), %.1f s%n", attribute, p,
                        r.meanAccuracy(), r.sdAccuracy(), fmt(r.foldAccuracy()), r.seconds());
                for (int f = 0; f < r.models().size(); f++) {
                    AttributeModel m = r.models().get(f);
                    System.out.printf(Locale.ROOT, "  fold %d: %s, inner accuracy %.4f, space %s%n", f + 1, m.vote(), m.fitAccuracy(), r.spaces().get(f));
                }
                System.out.printf(Locale.ROOT, "Reliability, calibrated confidence (isotonic on %s):%n%s",
                        foldImageEncoder == null ? "inner folds" : "the other outer folds' held-out predictions", r.calibrated().toMarkdown());
                System.out.printf(Locale.ROOT, "Reliability, raw vote share: ECE %.4f%n", r.raw().ece());
                if (injectRate > 0 && p.equals(injectIn == null ? projections.get(projections.size() - 1) : injectIn)) {
                    boolean[] injected = new boolean[labels.length];
                    String[] noisy = AttributionCrossValidation.injectErrors(labels, injectRate, seed, injected);
                    AttributionCrossValidation.Result nr = AttributionCrossValidation.run(attribute, vectorsOfFold, noisy, options);
                    AttributionCrossValidation.MislabelResult m = AttributionCrossValidation.mislabels(nr, injected, labels, injectRate);
                    System.out.printf(Locale.ROOT, "Mislabels, projection %s: %d labels injected (%.0f %%); top %d of the list holds %d of them:"
                                    + " recall %.4f, precision %.4f (%d more listed products disagree with their original label); %.1f s%n",
                            p, m.injected(), injectRate * 100, m.listed(), m.found(), m.recall(), m.precision(), m.naturalInTop(), nr.seconds());
                }
                System.out.flush();
            }
        }
        return 0;
    }

    /** Unit-length image vectors of the products that have a usable picture; their indices are added to {@code kept}. */
    private static float[][] imageVectors(List<Product> products, FusionSettings settings, ModelCache models, List<Integer> kept)
            throws Exception {
        long start = System.nanoTime();
        float[][] image;
        try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT)) {
            ProductVectorizer vectorizer = new ProductVectorizer(settings, Encoders.image(settings.imageEncoder(), models),
                    Encoders.text(settings.textEncoder(), models), images::load);
            image = vectorizer.encodeImages(products);
        }
        for (int i = 0; i < image.length; i++) {
            if (image[i] != null) {
                kept.add(i);
            }
        }
        float[][] vectors = kept.stream().map(i -> normalized(image[i])).toArray(float[][]::new);
        System.out.printf(Locale.ROOT, "%d products, %d with a usable picture, image encoder %s (%d dims), encoded in %.1f s%n",
                products.size(), vectors.length, settings.imageEncoder(), vectors.length == 0 ? 0 : vectors[0].length,
                (System.nanoTime() - start) / 1e9);
        return vectors;
    }

    private static String value(Product p, String attribute) {
        String v = p.attribute(attribute);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static float[] normalized(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        float[] out = v.clone();
        if (n > 0) {
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        return out;
    }

    private static String fmt(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v));
        }
        return sb.toString();
    }
}
