package dev.lookalike.cli;

import dev.lookalike.catalog.Product;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.query.SearchRequest;
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
        description = {"Measure \"more like this\" latency on an index: random anchors (seeded), one thread, after a warm-up.",
                "With --search: sort-by-similar latency, the keyword candidates of --q re-ranked by a random anchor.",
                "Subcommands: ann (Fashion-MNIST ANN benchmark), scale (generated catalog at scale), http (HTTP + JSON overhead)."},
        subcommands = {BenchAnnCommand.class, BenchScaleCommand.class, BenchHttpCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--index", paramLabel = "DIR", description = "Index folder (required without a subcommand).")
    java.nio.file.Path index;

    @Mixin
    ModelCacheOption models = new ModelCacheOption();

    @Option(names = "--queries", defaultValue = "2000", description = "Timed queries (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--warmup", defaultValue = "500", description = "Untimed queries first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--k", defaultValue = "10", description = "Hits per query (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "7", description = "Seed for picking anchors.")
    long seed;

    @Option(names = "--search", description = "Bench sort-by-similar (keywords --q re-ranked by a random anchor) instead of more-like-this.")
    boolean search;

    @Option(names = "--q", defaultValue = "cotton", description = "Keywords for --search (default ${DEFAULT-VALUE}).")
    String keywords;

    @Override
    public Integer call() throws Exception {
        if (index == null) {
            throw new IllegalArgumentException("bench needs --index DIR (or a subcommand: ann, scale, http)");
        }
        if (queries < 1 || warmup < 0 || k < 1) {
            throw new IllegalArgumentException("--queries and --k must be >= 1 and --warmup >= 0, got " + queries + ", " + k
                    + " and " + warmup);
        }
        IndexOptions indexOptions = new IndexOptions();
        indexOptions.index = index;
        indexOptions.models = models;
        try (IndexOptions.OpenEngine open = indexOptions.openReadOnly()) {
            var engine = open.engine();
            int n = (int) Math.min(engine.store().count(), 100_000);
            List<String> ids = new ArrayList<>(n);
            for (Product p : engine.store().list(0, n)) {
                ids.add(p.id());
            }
            if (ids.isEmpty()) {
                throw new IllegalArgumentException(indexOptions.describe() + " is empty");
            }
            SplittableRandom random = new SplittableRandom(seed);
            long candidates = 0;
            for (int i = 0; i < warmup; i++) {
                run(engine, ids.get(random.nextInt(ids.size())));
            }
            long[] nanos = new long[queries];
            long wallStart = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                String id = ids.get(random.nextInt(ids.size()));
                long t = System.nanoTime();
                candidates += run(engine, id);
                nanos[i] = System.nanoTime() - t;
            }
            double wall = (System.nanoTime() - wallStart) / 1e9;
            Arrays.sort(nanos);
            String what = search ? String.format(Locale.ROOT, "sort-by-similar (q=\"%s\", %.0f candidates on average)", keywords,
                    (double) candidates / queries) : "more-like-this";
            System.out.printf(Locale.ROOT, "%s: %d products, %d queries, k=%d, 1 thread: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, %.0f queries/s%n",
                    what, engine.store().count(), queries, k, pct(nanos, 50), pct(nanos, 90), pct(nanos, 99),
                    nanos[nanos.length - 1] / 1e6, queries / wall);
            return 0;
        }
    }

    /** One query; returns the number of candidates it ranked. */
    private long run(Lookalike engine, String anchor) throws java.io.IOException {
        if (search) {
            return engine.search(SearchRequest.builder().keywords(keywords).like(anchor).k(k).build()).total();
        }
        return engine.similar(new SimilarRequest(anchor, k, ProductFilter.NONE)).hits().size();
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
