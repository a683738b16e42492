package dev.lookalike.cli;

import dev.lookalike.catalog.CatalogFormat;
import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.catalog.ColumnMapping;
import dev.lookalike.catalog.OnError;
import dev.lookalike.catalog.RejectsWriter;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.engine.IngestOptions;
import dev.lookalike.engine.IngestReport;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.model.ModelCache;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Read a catalog (JSON Lines, CSV, or a fashion-products folder), vectorize it and upsert it into an index.",
                "A new index is built with --image-encoder/--text-encoder (default: descriptor-v1 and all-minilm-l6-v2-q);",
                "an existing one keeps the encoders it was built with."})
final class IngestCommand implements Callable<Integer> {

    @Option(names = "--catalog", required = true, paramLabel = "PATH", description = "Catalog file or folder.")
    Path catalog;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder (created when missing).")
    Path index;

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

    @Override
    public Integer call() throws Exception {
        OnError policy = OnError.fromFlag(onError);
        Path rejectsFile = policy == OnError.SKIP ? (rejects != null ? rejects : RejectsWriter.defaultPathFor(catalog)) : null;
        CatalogOptions options = CatalogOptions.defaults().withFormat(format);
        if (mapping != null) {
            options = options.withMapping(ColumnMapping.parse(mapping));
        }
        ModelCache models = encoders.cache();
        FusionSettings settingsIfNew = encoders.settingsForNewIndex(models);
        try (LuceneProductStore store = LuceneProductStore.open(index, settingsIfNew)) {
            encoders.requireMatches(store.settings(), index);
            System.err.println(EncoderOptions.describe(store.settings()));
            ingest(store, models, options, policy, rejectsFile);
            return 0;
        }
    }

    private void ingest(LuceneProductStore store, ModelCache models, CatalogOptions options, OnError policy,
                        Path rejectsFile) throws Exception {
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(store, models)) {
            ConsoleProgress progress = new ConsoleProgress(System.err, Catalogs.estimateRows(catalog, options));
            IngestReport report = open.engine().ingest(Catalogs.open(catalog, options),
                    new IngestOptions(policy, rejectsFile, batchSize, progress));
            progress.finish();
            System.out.println(report.summary());
            if (report.rejected() > 0) {
                System.out.println(report.rejected() + " rejected rows written to " + rejectsFile);
            }
        }
    }
}
