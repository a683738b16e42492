package dev.lookalike.cli;

import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.engine.IngestOptions;
import dev.lookalike.engine.IngestReport;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.model.ModelCache;
import dev.lookalike.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a synthetic fashion catalog (seeded), ingest it, and serve it on http://localhost:7070/.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = ".lookalike/demo", description = "Working folder for the catalog and index (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--count", defaultValue = "3000", description = "Products to generate (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--port", defaultValue = "7070", description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--fresh", description = "Regenerate and re-ingest even when a matching demo index exists.")
    boolean fresh;

    @Option(names = "--no-serve", description = "Build the demo index and exit.")
    boolean noServe;

    @Mixin
    EncoderOptions encoders = new EncoderOptions();

    @Override
    public Integer call() throws Exception {
        Path index = dir.resolve("index");
        Path marker = dir.resolve("demo.properties");
        ModelCache models = encoders.cache();
        FusionSettings settings = encoders.settingsForNewIndex(models);
        String signature = String.format(Locale.ROOT, "count=%d%nseed=%d%nsettings=%s%n", count, seed, settings);
        boolean reuse = !fresh && Files.exists(marker) && Files.readString(marker).equals(signature);
        if (!reuse) {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            long start = System.nanoTime();
            DemoCatalog demo = new DemoCatalogGenerator().generate(dir.resolve("catalog"),
                    DemoCatalogGenerator.Options.defaults().withCount(count).withSeed(seed));
            System.err.printf(Locale.ROOT, "Generated %d demo products in %.1f s: %s%n", demo.products().size(),
                    (System.nanoTime() - start) / 1e9, demo.catalogFile());
            System.err.println(EncoderOptions.describe(settings));
            try (LuceneProductStore store = LuceneProductStore.open(index, settings);
                 IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(store, models)) {
                ConsoleProgress progress = new ConsoleProgress(System.err, demo.products().size());
                IngestReport report = open.engine().ingest(Catalogs.open(demo.catalogFile(), CatalogOptions.defaults()),
                        IngestOptions.failFast().withListener(progress));
                progress.finish();
                System.err.println(report.summary());
            }
            Files.writeString(marker, signature);
        } else {
            System.err.println("Reusing the demo index in " + index + " (--fresh rebuilds it)");
        }
        if (!noServe) {
            ServeCommand.serveUntilStopped(IndexOptions.OpenEngine.of(LuceneProductStore.openExisting(index), models),
                    ServerConfig.defaults().withListen(host, port).withIndexDir(index).withImageRoot(dir));
        }
        return 0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
