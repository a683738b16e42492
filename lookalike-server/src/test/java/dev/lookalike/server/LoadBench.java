package dev.lookalike.server;

import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, run by hand (not a test): {@link LoadRun} over a fresh index of demo products (no pictures), 8 reader
 * clients and one writer on loopback, default refresh interval. See docs/benchmarks.md.
 *
 * <pre>{@code
 * java ... dev.lookalike.server.LoadBench PRODUCTS SECONDS READERS
 * }</pre>
 */
public final class LoadBench {

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        int readers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        ServerConfig config = ServerConfig.load(null, Map.of("LOOKALIKE_AUTH_WRITE_KEYS", HardeningTest.WRITE_KEY));
        Duration refresh = Duration.ofMillis(config.catalog().refreshMs());
        Path dir = Files.createTempDirectory("lookalike-load-bench");
        List<Product> products = new DemoCatalogGenerator()
                .generateProducts(DemoCatalogGenerator.Options.defaults().withCount(count).withSeed(42));
        try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT);
             Lookalike engine = Lookalike.open(LuceneProductStore.open(dir.resolve("index"), Encoders.defaultSettings()), images::load)) {
            engine.upsert(products);
            List<String> ids = new ArrayList<>();
            products.forEach(p -> ids.add(p.id()));
            try (LookalikeServer server = LookalikeServer.create(engine, config).start("127.0.0.1", 0)) {
                LoadRun.Report report = new LoadRun(server.port(), ids,
                        List.of("dress", "shirt", "red", "cotton", "leather", "bag", "blue", "linen"), refresh,
                        HardeningTest.WRITE_KEY).run(readers, Duration.ofSeconds(15), Duration.ofSeconds(seconds));
                System.out.printf("LoadBench: %d products, %d readers + 1 writer, refresh %d ms: %s%n", count, readers,
                        refresh.toMillis(), report.summary());
                report.errorSamples().forEach(e -> System.out.println("  error: " + e));
            }
        }
    }
}
