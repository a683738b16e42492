package dev.lookalike.cli;

import dev.lookalike.catalog.Product;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.search.ProductFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure \"more like this\" latency on an index: random anchors (seeded), one thread, after a warm-up.")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    IndexOptions indexOptions;

    @Option(names = "--queries", defaultValue = "2000", description = "Timed queries (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--warmup", defaultValue = "500", description = "Untimed queries first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--k", defaultValue = "10", description = "Hits per query (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "7", description = "Seed for picking anchors.")
    long seed;

    @Override
    public Integer call() throws Exception {
        try (IndexOptions.OpenEngine open = indexOptions.openReadOnly()) {
            var engine = open.engine();
            int n = (int) Math.min(engine.store().count(), 100_000);
            List<String> ids = new ArrayList<>(n);
            for (Product p : engine.store().list(0, n)) {
                ids.add(p.id());
            }
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("index " + indexOptions.index + " is empty");
            }
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < warmup; i++) {
                engine.similar(new SimilarRequest(ids.get(random.nextInt(ids.size())), k, ProductFilter.NONE));
            }
            long[] nanos = new long[queries];
            long wallStart = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                String id = ids.get(random.nextInt(ids.size()));
                long t = System.nanoTime();
                engine.similar(new SimilarRequest(id, k, ProductFilter.NONE));
                nanos[i] = System.nanoTime() - t;
            }
            double wall = (System.nanoTime() - wallStart) / 1e9;
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "more-like-this: %d products, %d queries, k=%d, 1 thread: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, %.0f queries/s%n",
                    engine.store().count(), queries, k, pct(nanos, 50), pct(nanos, 90), pct(nanos, 99),
                    nanos[nanos.length - 1] / 1e6, queries / wall);
            return 0;
        }
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
