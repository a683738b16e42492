package dev.lookalike.cli;

import dev.lookalike.catalog.CatalogFormat;
import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.catalog.ColumnMapping;
import dev.lookalike.catalog.OnError;
import dev.lookalike.catalog.RejectsWriter;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.engine.ImageProjectionTrainer;
import dev.lookalike.engine.IngestOptions;
import dev.lookalike.engine.IngestReport;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.model.ModelCache;
import dev.lookalike.lucene.VectorQuantization;
import dev.lookalike.projection.Projection;
import dev.lookalike.projection.ProjectionSpec;
import dev.lookalike.search.ProductStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Read a catalog (JSON Lines, CSV, or a fashion-products folder), vectorize it and upsert it into an index.",
                "A new index is built with --image-encoder/--text-encoder (default: the built-in descriptor and all-minilm-l6-v2-q);",
                "an existing one keeps the encoders it was built with."})
final class IngestCommand implements Callable<Integer> {

    @Option(names = "--catalog", required = true, paramLabel = "PATH", description = "Catalog file or folder.")
    Path catalog;

    @Option(names = "--index", paramLabel = "DIR", description = "Index folder (created when missing); or --solr-zk and --solr-collection.")
    Path index;

    @Mixin
    SolrOptions solr = new SolrOptions();

    @Option(names = "--format", defaultValue = "AUTO", description = "AUTO (by extension), JSONL, CSV or FASHION_PRODUCTS.")
    CatalogFormat format;

    @Option(names = "--map", paramLabel = "FIELD=COLUMN,...", description = "CSV column mapping, e.g. id=sku,title=name,images=image_url.")
    String mapping;

    @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
            description = "fail: stop at the first bad row; skip: write bad rows to the rejects file and go on.")
    String onError;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Rejects file for --on-error=skip (default: <catalog>.rejects.jsonl).")
    Path rejects;

    @Option(names = "--batch-size", defaultValue = "256", description = "Products vectorized and written together.")
    int batchSize;

    @Mixin
    EncoderOptions encoders = new EncoderOptions();

    @Mixin
    FetchOptions fetch = new FetchOptions();

    @Option(names = "--image-root", paramLabel = "DIR", description = "Folder the catalog's local pictures must lie in"
            + " (default: the catalog file's folder; '..' and symbolic links may not leave it).")
    Path imageRoot;

    @Option(names = "--images-anywhere", description = "Let the catalog's local pictures lie anywhere this process can read.")
    boolean imagesAnywhere;

    @Option(names = "--image-pca", paramLabel = "N", description = "New index only: fit a PCA of the image vectors on a first pass"
            + " over the catalog and keep N components (same as --image-projection pca:N).")
    Integer imagePca;

    @Option(names = "--whiten", description = "With --image-pca: whiten the components (unit variance each).")
    boolean whiten;

    @Option(names = "--image-projection", paramLabel = "SPEC", description = "New index only: fit an image projection on a first"
            + " pass over the catalog: pca:N[,whiten], or lda:ATTR[,ATTR...] (catalog-tuned by the catalog's own attributes).")
    String imageProjection;

    @Option(names = "--fit-sample", defaultValue = "20000", paramLabel = "N",
            description = "Products drawn (seeded, uniformly) to fit the projection on (default ${DEFAULT-VALUE}).")
    int fitSample;

    @Option(names = "--fit-folds", defaultValue = "3", paramLabel = "N",
            description = "lda: cross-validation folds for choosing its options on the sample; 0 keeps the defaults (default ${DEFAULT-VALUE}).")
    int fitFolds;

    @Option(names = "--quantization", paramLabel = "none|int8|int4",
            description = "New index only: quantize the fused vectors' HNSW graph (results are re-ranked on the float32 vectors;"
                    + " recorded in the manifest). Default none; an existing index keeps its own, and another value is refused.")
    String quantization;

    @Option(names = "--fit-seed", defaultValue = "42", description = "Seed of the fit sample and folds (default ${DEFAULT-VALUE}).")
    long fitSeed;

    @Override
    public Integer call() throws Exception {
        // every check on the inputs comes before an index is created: a failed ingest leaves no index stamped with its options
        if (solr.given() == (index != null)) {
            throw new IllegalArgumentException("give --index DIR, or --solr-zk HOSTS and --solr-collection NAME");
        }
        if (!java.nio.file.Files.exists(catalog)) {
            throw new IllegalArgumentException("no catalog at " + catalog);
        }
        OnError policy = OnError.fromFlag(onError);
        if (rejects != null && policy != OnError.SKIP) {
            throw new IllegalArgumentException("--rejects " + rejects + " needs --on-error=skip: with --on-error="
                    + onError + " the first bad row stops the ingest and nothing is written there");
        }
        if (mapping != null && (format == CatalogFormat.AUTO ? Catalogs.detect(catalog) : format) != CatalogFormat.CSV) {
            throw new IllegalArgumentException("--map renames CSV columns; " + catalog + " is not read as CSV (JSON Lines and"
                    + " fashion-products catalogs name their fields themselves)");
        }
        Path rejectsFile = policy == OnError.SKIP ? (rejects != null ? rejects : RejectsWriter.defaultPathFor(catalog)) : null;
        CatalogOptions options = CatalogOptions.defaults().withFormat(format).withImageRoot(imageRoot)
                .withImagesAnywhere(imagesAnywhere);
        if (mapping != null) {
            options = options.withMapping(ColumnMapping.parse(mapping));
        }
        ModelCache models = encoders.cache();
        FusionSettings settings = encoders.settingsForNewIndex(models);
        ProjectionSpec spec = projectionSpec();
        VectorQuantization vectorQuantization = quantization == null ? VectorQuantization.NONE : VectorQuantization.parse(quantization);
        if (solr.given()) {
            if (vectorQuantization != VectorQuantization.NONE) {
                throw new IllegalArgumentException("--quantization " + vectorQuantization + " is for --index folders; a SolrCloud"
                        + " collection's vector encoding is set in its configset");
            }
            if (spec != null) {
                throw new IllegalArgumentException("image projections are not supported on SolrCloud yet: ingest without"
                        + " --image-pca/--image-projection, or into an --index folder");
            }
            try (ProductStore store = solr.open(settings)) {
                encoders.requireMatches(store.settings(), solr.describe());
                System.err.println(EncoderOptions.describe(store.settings()));
                ingest(store, models, options, policy, rejectsFile);
                return 0;
            }
        }
        Projection projection = null;
        if (spec != null) {
            if (LuceneProductStore.exists(index)) {
                throw new IllegalArgumentException("index " + index + " already exists: an image projection is fitted only when an"
                        + " index is created (its products are vectorised with the index's own settings); use a new --index folder");
            }
            try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT, fetch.policy())) {
                ProductVectorizer plain = new ProductVectorizer(settings, Encoders.image(settings.imageEncoder(), models),
                        Encoders.text(settings.textEncoder(), models), images::load);
                ImageProjectionTrainer.Result fit = ImageProjectionTrainer.fit(Catalogs.open(catalog, options), plain, spec,
                        new ImageProjectionTrainer.Options(fitSample, fitSeed, fitFolds));
                System.out.println(fit.summary());
                projection = fit.projection();
            }
            settings = settings.withImageProjection(projection.descriptor());
        }
        try (LuceneProductStore store = LuceneProductStore.open(index, settings, projection, vectorQuantization)) {
            encoders.requireMatches(store.settings(), "index " + index);
            if (quantization != null && store.quantization() != vectorQuantization) {
                throw new IllegalArgumentException("index " + index + " was built with --quantization "
                        + store.quantization().name().toLowerCase(java.util.Locale.ROOT) + " and keeps it; a new --index"
                        + " folder takes --quantization " + quantization);
            }
            System.err.println(EncoderOptions.describe(store.settings()));
            ingest(store, models, options, policy, rejectsFile);
            return 0;
        }
    }

    /** For the progress bar only: a catalog the estimate cannot read is reported by the reader itself, with its place. */
    private long estimateRows(CatalogOptions options) {
        try {
            return Catalogs.estimateRows(catalog, options);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private void ingest(ProductStore store, ModelCache models, CatalogOptions options, OnError policy,
                        Path rejectsFile) throws Exception {
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(store, models, fetch.policy())) {
            ConsoleProgress progress = new ConsoleProgress(System.err, estimateRows(options));
            IngestReport report = open.engine().ingest(Catalogs.open(catalog, options),
                    new IngestOptions(policy, rejectsFile, batchSize, progress));
            progress.finish();
            System.out.println(report.summary());
            if (report.rejected() > 0) {
                System.out.println(report.rejected() + " rejected rows written to " + rejectsFile);
            }
        }
    }

    /** The projection the options ask for, or null. */
    private ProjectionSpec projectionSpec() {
        if (imagePca != null && imageProjection != null) {
            throw new IllegalArgumentException("give --image-pca or --image-projection, not both");
        }
        if (whiten && imagePca == null) {
            throw new IllegalArgumentException("--whiten goes with --image-pca (or write --image-projection pca:N,whiten)");
        }
        if (imagePca != null) {
            return ProjectionSpec.pca(imagePca, whiten);
        }
        return imageProjection == null ? null : ProjectionSpec.parse(imageProjection);
    }
}
