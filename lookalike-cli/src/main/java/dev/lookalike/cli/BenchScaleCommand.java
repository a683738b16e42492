package dev.lookalike.cli;

import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.lucene.VectorQuantization;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"End-to-end benchmark on a generated catalog: N products whose fused vectors replicate a source index's"
                + " vectors (randomly projected to --dim, seeded Gaussian noise added), with generated titles, brands, prices,"
                + " stock and filter attributes; ingested through the store in batches.",
                "Reports ingest throughput, index bytes per product (by file type), heap, more-like-this p50/p99 without"
                + " a filter and with 1 %% and 10 %% filters, queries/s with --threads clients, and sort-by-similar over"
                + " 1,000 keyword candidates."})
final class BenchScaleCommand implements Callable<Integer> {

    @Option(names = "--source", paramLabel = "DIR",
            description = "Index whose fused vectors are replicated (default: seeded random cluster centres).")
    Path source;

    @Option(names = "--products", defaultValue = "100000", description = "Products to generate (default ${DEFAULT-VALUE}).")
    int products;

    @Option(names = "--dim", defaultValue = "256", description = "Fused vector dimension (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--noise", defaultValue = "0.35", description = "Norm of the Gaussian noise added to each replicated unit vector (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--quant", defaultValue = "int8", description = "Graph quantization: none, int8, int4 (default ${DEFAULT-VALUE}).")
    String quant;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Where to build the index (must not hold one).")
    Path index;

    @Option(names = "--reuse", description = "Query an index an earlier run built (same --products, --dim, --seed) instead of building one.")
    boolean reuse;

    @Option(names = "--batch", defaultValue = "2000", description = "Products per upsert batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--force-merge", description = "Merge into one segment after ingest (timed separately).")
    boolean forceMerge;

    @Option(names = "--queries", defaultValue = "2000", description = "Timed queries per measurement (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--warmup", defaultValue = "500", description = "Untimed queries before each measurement (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "8", description = "Client threads for the throughput figure (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    private static final String[] COLOURS = {"red", "blue", "black", "white", "green", "grey", "navy", "pink", "beige", "brown"};
    private static final String[] MATERIALS = {"cotton", "linen", "wool", "denim", "leather", "silk", "polyester", "suede"};
    private static final String[] TYPES = {"shirt", "dress", "trousers", "jacket", "sneakers", "boots", "bag", "skirt",
            "sweater", "coat", "shorts", "scarf", "belt", "hat", "sandals", "blazer", "hoodie", "jeans", "top", "socks"};
    /** Products per keyword group: the keyword {@code kwN} matches this many products. */
    static final int KEYWORD_GROUP = 1_000;

    @Override
    public Integer call() throws Exception {
        VectorQuantization quantization = VectorQuantization.parse(quant);
        if (products < 2 * KEYWORD_GROUP || dim < 8) {
            throw new IllegalArgumentException("--products must be >= " + 2 * KEYWORD_GROUP + " and --dim >= 8, got "
                    + products + " and " + dim);
        }
        // checked before a 100,000-product ingest, not when the figure that needs them is reached
        if (batch < 1 || queries < 1 || warmup < 0 || threads < 1) {
            throw new IllegalArgumentException("--batch, --queries and --threads must be >= 1 and --warmup >= 0, got "
                    + batch + ", " + queries + ", " + threads + " and " + warmup);
        }
        if (LuceneProductStore.exists(index) != reuse) {
            throw new IllegalArgumentException(reuse ? "--reuse: no index in " + index
                    : "index " + index + " already holds an index; give an empty folder (or --reuse to query it)");
        }
        int image = dim / 2;
        int text = dim / 4;
        FusionSettings settings = new FusionSettings(1f, 0.6f, 0.4f, "generated-image", image, "generated-text", text,
                dim - image - text, List.of());
        System.out.printf(Locale.ROOT, "%d products, %d dimensions, quantization %s, noise %.2f, %d logical CPUs, -Xmx %d MB%n",
                products, dim, quantization, noise, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        if (!reuse) {
            ingest(settings, quantization);
        } else {
            try (LuceneProductStore built = LuceneProductStore.openReadOnly(index)) {
                if (built.quantization() != quantization) {
                    throw new IllegalArgumentException("--reuse: the index in " + index + " was built with --quant "
                            + built.quantization().name().toLowerCase(Locale.ROOT) + "; give that (the default is int8)");
                }
            }
        }
        query(settings, image, text);
        return 0;
    }

    private void ingest(FusionSettings settings, VectorQuantization quantization) throws Exception {
        float[][] centres = centres();
        long t0 = System.nanoTime();
        try (LuceneProductStore store = LuceneProductStore.open(index, settings, null, quantization)) {
            SplittableRandom random = new SplittableRandom(seed);
            List<IndexedProduct> pending = new ArrayList<>(batch);
            long nextReport = System.nanoTime() + 30_000_000_000L;
            for (int i = 0; i < products; i++) {
                pending.add(new IndexedProduct(product(i), new ProductVectors(Map.of(), vector(centres[i % centres.length], random))));
                if (pending.size() == batch || i == products - 1) {
                    store.upsert(pending);
                    pending.clear();
                    if (System.nanoTime() > nextReport) {
                        System.out.printf(Locale.ROOT, "  %,d products, %.0f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
                        nextReport = System.nanoTime() + 30_000_000_000L;
                    }
                }
            }
            store.commit();
            double ingest = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "SCALE_INGEST\t%d\t%.1f\t%.0f%n", products, ingest, products / ingest);
            System.out.printf(Locale.ROOT, "ingest (upsert in batches of %d, commit): %.1f s, %,.0f products/s%n", batch, ingest, products / ingest);
            if (forceMerge) {
                long m = System.nanoTime();
                store.forceMerge(1);
                System.out.printf(Locale.ROOT, "force merge to one segment: %.1f s%n", (System.nanoTime() - m) / 1e9);
            }
            reportSize();
            System.gc();
            long heapAfterIngest = heapUsed();
            System.out.printf(Locale.ROOT, "SCALE_HEAP_AFTER_INGEST_MB\t%d%nheap used after ingest (after a GC): %d MB; segments: %d%n",
                    heapAfterIngest >> 20, heapAfterIngest >> 20, store.segmentCount());
        }
    }

    private void query(FusionSettings settings, int image, int text) throws Exception {
        // queries on a fresh read-only open, as a server would have it
        try (LuceneProductStore store = LuceneProductStore.openReadOnly(index);
             Lookalike engine = new Lookalike(store, new ProductVectorizer(settings, new Unused<>(settings.imageEncoder(), image),
                     new Unused<>(settings.textEncoder(), text), null, ref -> {
                         throw new IllegalStateException("the generated catalog has no pictures");
                     }))) {
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            ProductFilter onePercent = ProductFilter.builder().attribute("bucket", "b7").build();
            ProductFilter tenPercent = ProductFilter.builder().attribute("decile", "d3").build();
            latency("more-like-this, no filter", () -> engine.similar(new SimilarRequest(anchor(), 10, ProductFilter.NONE)).hits().size());
            latency("more-like-this, 1 % filter", () -> engine.similar(new SimilarRequest(anchor(), 10, onePercent)).hits().size());
            latency("more-like-this, 10 % filter", () -> engine.similar(new SimilarRequest(anchor(), 10, tenPercent)).hits().size());
            latency("sort-by-similar, 1,000 keyword candidates", () -> (int) engine.search(SearchRequest.builder()
                    .keywords("kw" + queryRandoms.get().nextInt(products / KEYWORD_GROUP)).like(anchor()).k(10).build()).total());
            throughput("more-like-this, no filter", () -> engine.similar(new SimilarRequest(anchor(), 10, ProductFilter.NONE)).hits().size());
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "SCALE_HEAP_PEAK_QUERIES_MB\t%d%nheap during queries: peak of the heap pools %d MB (sum of per-pool peaks: an upper bound)%n",
                    peak >> 20, peak >> 20);
        }
    }

    /** Query-side randomness, one stream per thread. */
    private final ThreadLocal<SplittableRandom> queryRandoms = ThreadLocal.withInitial(() -> new SplittableRandom(seed + Thread.currentThread().threadId()));

    private String anchor() {
        return id(queryRandoms.get().nextInt(products));
    }

    private void latency(String what, Callable<Integer> query) throws Exception {
        for (int i = 0; i < warmup; i++) {
            query.call();
        }
        long[] nanos = new long[queries];
        long sizes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < queries; i++) {
            long t = System.nanoTime();
            sizes += query.call();
            nanos[i] = System.nanoTime() - t;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "SCALE_LATENCY\t%s\t%.3f\t%.3f\t%.3f\t%.0f%n", what, pct(nanos, 50), pct(nanos, 99), pct(nanos, 100), queries / wall);
        System.out.printf(Locale.ROOT, "%s, 1 thread: p50 %.3f ms, p99 %.3f ms, max %.3f ms, %,.0f queries/s (%.0f hits or candidates per query)%n",
                what, pct(nanos, 50), pct(nanos, 99), pct(nanos, 100), queries / wall, (double) sizes / queries);
    }

    private void throughput(String what, Callable<Integer> query) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int perThread = Math.max(1, queries / threads) * 2;
            List<Callable<long[]>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < warmup / threads; i++) {
                        query.call();
                    }
                    long[] nanos = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        long s = System.nanoTime();
                        query.call();
                        nanos[i] = System.nanoTime() - s;
                    }
                    return nanos;
                });
            }
            long start = System.nanoTime();
            List<Future<long[]>> done = pool.invokeAll(tasks);
            double wall = (System.nanoTime() - start) / 1e9;
            long[] all = new long[perThread * threads];
            for (int t = 0; t < threads; t++) {
                System.arraycopy(done.get(t).get(), 0, all, t * perThread, perThread);
            }
            Arrays.sort(all);
            int total = perThread * threads + (warmup / threads) * threads;
            System.out.printf(Locale.ROOT, "SCALE_THROUGHPUT\t%s\t%d\t%.0f\t%.3f\t%.3f%n", what, threads, total / wall, pct(all, 50), pct(all, 99));
            System.out.printf(Locale.ROOT, "%s, %d client threads: %,.0f queries/s, p50 %.3f ms, p99 %.3f ms%n",
                    what, threads, total / wall, pct(all, 50), pct(all, 99));
        } finally {
            pool.shutdown();
        }
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** du of the index folder, per product, by file extension. */
    private void reportSize() throws IOException {
        Map<String, Long> byExt = new TreeMap<>();
        long total = 0;
        try (Stream<Path> files = Files.list(index)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? name : name.substring(dot + 1);
                long size = Files.size(f);
                byExt.merge(ext, size, Long::sum);
                total += size;
            }
        }
        System.out.printf(Locale.ROOT, "SCALE_BYTES_PER_PRODUCT\t%.1f%nindex: %,d bytes, %.1f bytes per product; by file type (bytes per product):",
                (double) total / products, total, (double) total / products);
        byExt.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, " %s %.1f", e.getKey(), (double) e.getValue() / products));
        System.out.println();
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "p%07d", i);
    }

    /** Product i: deterministic generated fields; {@code kw<i / 1000>} in the title is the 1,000-candidate keyword. */
    private static Product product(int i) {
        SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
        String colour = COLOURS[r.nextInt(COLOURS.length)];
        String material = MATERIALS[r.nextInt(MATERIALS.length)];
        String type = TYPES[r.nextInt(TYPES.length)];
        return Product.builder(id(i))
                .title(colour + " " + material + " " + type + " kw" + i / KEYWORD_GROUP)
                .description("A " + material + " " + type + " in " + colour + ".")
                .brand("brand" + r.nextInt(500))
                .categoryPath(List.of("Apparel", type))
                .price(Math.round(r.nextDouble(5, 300) * 100) / 100.0)
                .currency("EUR")
                .inStock(r.nextInt(10) != 0)
                .attribute("colour", colour)
                .attribute("bucket", "b" + i % 100)
                .attribute("decile", "d" + i % 10)
                .build();
    }

    /** A unit vector near {@code centre}: centre + Gaussian noise of norm about {@link #noise}, normalised. */
    private float[] vector(float[] centre, SplittableRandom random) {
        float[] v = new float[dim];
        double sigma = noise / Math.sqrt(dim);
        for (int j = 0; j < dim; j++) {
            v[j] = (float) (centre[j] + sigma * random.nextGaussian());
        }
        return VectorMath.normalizeInPlace(v);
    }

    /**
     * The source index's fused vectors, projected to {@link #dim} by a seeded Gaussian random projection (which keeps
     * cosines approximately) and normalised; without a source, 10,000 seeded random unit vectors.
     */
    private float[][] centres() throws IOException {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        if (source == null) {
            float[][] out = new float[10_000][dim];
            for (float[] v : out) {
                for (int j = 0; j < dim; j++) {
                    v[j] = (float) r.nextGaussian();
                }
                VectorMath.normalizeInPlace(v);
            }
            return out;
        }
        List<float[]> fused = new ArrayList<>();
        try (LuceneProductStore store = LuceneProductStore.openReadOnly(source)) {
            int n = (int) Math.min(store.count(), 100_000);
            for (Product p : store.list(0, n)) {
                store.get(p.id()).map(ip -> ip.vectors().fused()).ifPresent(fused::add);
            }
        }
        if (fused.isEmpty()) {
            throw new IllegalArgumentException("index " + source + " holds no product with a vector");
        }
        int from = fused.get(0).length;
        if (from == dim) {
            return fused.toArray(float[][]::new);
        }
        float[][] projection = new float[dim][from];
        for (float[] row : projection) {
            for (int j = 0; j < from; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        float[][] out = new float[fused.size()][dim];
        for (int i = 0; i < out.length; i++) {
            for (int d = 0; d < dim; d++) {
                out[i][d] = VectorMath.dot(projection[d], fused.get(i));
            }
            VectorMath.normalizeInPlace(out[i]);
        }
        System.out.printf(Locale.ROOT, "%d source vectors of %d dimensions from %s, randomly projected to %d%n", out.length, from, source, dim);
        return out;
    }

    /** The generated index has no encoders: queries use product anchors only. */
    private record Unused<T>(String id, int dimension) implements Encoder<T> {
        @Override
        public List<float[]> embedAll(List<T> inputs) {
            throw new IllegalStateException("the generated catalog has no encoder; use product anchors");
        }
    }
}
