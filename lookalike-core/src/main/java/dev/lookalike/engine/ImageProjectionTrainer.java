package dev.lookalike.engine;

import dev.lookalike.catalog.CatalogReader;
import dev.lookalike.catalog.CatalogSink;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.RowError;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.projection.AttributeLabels;
import dev.lookalike.projection.LdaFitter;
import dev.lookalike.projection.LdaOptions;
import dev.lookalike.projection.LdaResult;
import dev.lookalike.projection.LdaTuner;
import dev.lookalike.projection.PcaFitter;
import dev.lookalike.projection.PcaOptions;
import dev.lookalike.projection.PcaResult;
import dev.lookalike.projection.Projection;
import dev.lookalike.projection.ProjectionSpec;
import dev.lookalike.search.ProductFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits an image projection on a catalog before it is ingested: a first pass over the catalog draws a seeded uniform
 * sample of its valid products (reservoir sampling, so any catalog size works in bounded memory), their image
 * vectors are computed (image encoder only, before any projection), and the projection is fitted on them. Rows the
 * reader rejects are skipped here; the ingest pass reports them. Stateless and thread-safe.
 */
public final class ImageProjectionTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ImageProjectionTrainer.class);
    private static final int BATCH = 256;

    /**
     * @param sampleSize   products drawn from the catalog, {@code >= 2}
     * @param seed         seed of the sample (and of the LDA tuning folds)
     * @param tuningFolds  LDA only: cross-validation folds for choosing its options on the sample (0: the defaults
     *                     of {@link LdaOptions#defaults}, no tuning)
     */
    public record Options(int sampleSize, long seed, int tuningFolds) {
        public static final int DEFAULT_SAMPLE_SIZE = 20_000;

        public Options {
            if (sampleSize < 2) {
                throw new IllegalArgumentException("fit sample size must be >= 2, got " + sampleSize);
            }
            if (tuningFolds != 0 && tuningFolds < 2) {
                throw new IllegalArgumentException("tuning folds must be 0 (no tuning) or >= 2, got " + tuningFolds);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_SAMPLE_SIZE, LdaTuner.Options.DEFAULT_SEED, LdaTuner.Options.DEFAULT_FOLDS);
        }
    }

    /**
     * A fitted projection and how it came about.
     *
     * @param projection the projection
     * @param sampled    products drawn from the catalog
     * @param fitted     of those, products with a usable picture (the vectors the fit saw)
     * @param summary    one line for the console
     */
    public record Result(Projection projection, int sampled, int fitted, String summary) {
    }

    private ImageProjectionTrainer() {
    }

    public static Result fit(CatalogReader catalog, ProductVectorizer vectorizer, ProjectionSpec spec, Options options)
            throws IOException {
        if (vectorizer.imageProjection().isPresent()) {
            throw new IllegalArgumentException("fit the projection with a vectorizer that projects nothing yet");
        }
        int dimension = vectorizer.settings().encoderImageDimension();
        if (spec.kind().equals("pca") && spec.components() > dimension) {
            throw new IllegalArgumentException("PCA components must be at most the image encoder's dimension " + dimension
                    + ", got " + spec.components());
        }
        long start = System.nanoTime();
        List<Product> sample = sample(catalog, options.sampleSize(), options.seed());
        PcaFitter pca = spec.kind().equals("pca") ? new PcaFitter(dimension) : null;
        List<float[]> vectors = new ArrayList<>();
        List<Product> withImage = new ArrayList<>();
        for (int from = 0; from < sample.size(); from += BATCH) {
            List<Product> batch = sample.subList(from, Math.min(sample.size(), from + BATCH));
            float[][] encoded = vectorizer.encodeImages(batch);
            for (int i = 0; i < encoded.length; i++) {
                if (encoded[i] == null) {
                    continue;
                }
                if (pca != null) {
                    pca.add(encoded[i]);
                } else {
                    vectors.add(encoded[i]);
                    withImage.add(batch.get(i));
                }
            }
        }
        Projection projection;
        String detail;
        int fitted;
        if (pca != null) {
            fitted = (int) pca.count();
            if (fitted < 2) {
                throw new IllegalArgumentException("only " + fitted + " of " + sample.size()
                        + " sampled products have a usable picture; PCA needs at least 2");
            }
            PcaResult result = pca.fit(PcaOptions.of(spec.components(), spec.whiten()));
            projection = result.projection();
            detail = String.format(Locale.ROOT, "explained variance %.3f", result.explainedVariance());
        } else {
            fitted = vectors.size();
            float[][] x = vectors.toArray(float[][]::new);
            List<AttributeLabels> labels = new ArrayList<>();
            for (String attribute : spec.attributes()) {
                labels.add(new AttributeLabels(attribute, withImage.stream().map(p -> label(p, attribute)).toArray(String[]::new)));
            }
            LdaOptions ldaOptions = options.tuningFolds() >= 2
                    ? LdaTuner.tune(x, labels, new LdaTuner.Options(options.tuningFolds(), LdaTuner.Options.DEFAULT_K, options.seed(),
                            LdaTuner.Grid.DEFAULT)).best()
                    : LdaOptions.defaults(spec.attributes());
            LdaResult result = LdaFitter.fit(x, labels, ldaOptions);
            projection = result.projection();
            detail = result.blocks().stream().map(b -> String.format(Locale.ROOT, "%s: %d classes, %d labelled, %d components",
                    b.options().attribute(), b.classes(), b.labelled(), b.components())).reduce((a, b) -> a + "; " + b).orElse("");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String summary = String.format(Locale.ROOT, "fitted image projection %s (%d -> %d) on %d of %d sampled products in %.1f s; %s",
                spec, projection.inputDimension(), projection.outputDimension(), fitted, sample.size(), seconds, detail);
        LOG.info("{}: {}", summary, projection.description());
        return new Result(projection, sample.size(), fitted, summary);
    }

    /** An attribute's first value, stripped and lower-cased (as filters compare them); null when missing or blank. */
    static String label(Product p, String attribute) {
        String v = p.attribute(attribute);
        return v == null || v.isBlank() ? null : ProductFilter.normalizeValue(v);
    }

    /** A uniform sample of at most {@code size} valid products, in catalog order (Algorithm R, seeded). */
    static List<Product> sample(CatalogReader catalog, int size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<Product> reservoir = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        long[] seen = {0};
        try {
            catalog.read(new CatalogSink() {
                @Override
                public void accept(Product product) {
                    long i = seen[0]++;
                    if (reservoir.size() < size) {
                        reservoir.add(product);
                        positions.add(i);
                    } else {
                        long j = random.nextLong(i + 1);
                        if (j < size) {
                            reservoir.set((int) j, product);
                            positions.set((int) j, i);
                        }
                    }
                }

                @Override
                public void reject(RowError error) {
                    // the ingest pass reports it
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Integer[] order = new Integer[reservoir.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(positions.get(a), positions.get(b)));
        List<Product> out = new ArrayList<>(order.length);
        for (int i : order) {
            out.add(reservoir.get(i));
        }
        LOG.info("Sampled {} of {} products for fitting", out.size(), seen[0]);
        return out;
    }
}
