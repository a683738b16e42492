package dev.lookalike.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.query.Anchor;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.server.LookalikeServer;
import dev.lookalike.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The served path against the same queries run in-process: the index is opened once, a {@link LookalikeServer} is
 * started in this JVM on a free loopback port (the configuration {@code serve} would read from the {@code LOOKALIKE_*}
 * environment variables, with no per-client limit), and each query type runs in-process
 * ({@link Lookalike#similar} / {@link Lookalike#search}) and over HTTP ({@link HttpClient}, HTTP/1.1, keep-alive), with
 * 1 and {@code --threads} clients. Allocation per request is read from {@code ThreadMXBean}: the querying thread's in
 * process, the server's threads (all but this command's and the HTTP client's) over HTTP. Not thread-safe.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"HTTP + JSON overhead: \"more like this\" (GET /v1/products/{id}/similar), sort-by-similar "
                + "(POST /v1/search with q and an anchor) and search by photo (POST /v1/search/image) served by an "
                + "in-process server, against the same queries through the engine; 1 and --threads clients."})
final class BenchHttpCommand implements Callable<Integer> {

    @Option(names = "--index", paramLabel = "DIR", required = true, description = "Index folder (opened for writing by the server).")
    Path index;

    @Mixin
    ModelCacheOption models = new ModelCacheOption();

    @Option(names = "--queries", defaultValue = "2000", description = "Timed queries per measurement (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--warmup", defaultValue = "500", description = "Untimed queries first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "8", description = "Concurrent clients for the throughput rows (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--k", defaultValue = "10", description = "Hits per query (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "7", description = "Seed for picking anchors.")
    long seed;

    @Option(names = "--q", defaultValue = "cotton", description = "Keywords for sort-by-similar (default ${DEFAULT-VALUE}).")
    String keywords;

    @Option(names = "--types", split = ",", defaultValue = "mlt,search,photo",
            description = "Query types to run: mlt, search, photo (default ${DEFAULT-VALUE}).")
    List<String> types;

    @Option(names = "--photo-queries", defaultValue = "300", description = "Timed photo queries (they encode a picture; default ${DEFAULT-VALUE}).")
    int photoQueries;

    private final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** One query type: the same query in-process and as an HTTP request, for anchor number {@code i}. */
    private interface Query {
        int inProcess(Lookalike engine, int i) throws IOException;

        HttpRequest http(URI base, int i);
    }

    @Override
    public Integer call() throws Exception {
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.openExisting(index), models.cache());
             LookalikeServer server = LookalikeServer.create(open.engine(), ServerConfig.load(null, System.getenv())
                     .withUploads(ServerConfig.Uploads.of(open.engine().uploadLimits()))
                     .withMaxConcurrentPerClient(0)).start("127.0.0.1", 0)) {
            Lookalike engine = open.engine();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            List<String> ids = new ArrayList<>();
            List<byte[]> photos = new ArrayList<>();
            for (Product p : engine.store().list(0, (int) Math.min(engine.store().count(), 100_000))) {
                ids.add(p.id());
                if (photos.size() < 500 && !p.images().isEmpty() && !p.images().getFirst().isRemote()) {
                    ImageRef ref = p.images().getFirst();
                    Path file = Path.of(ref.uri());
                    if (Files.isRegularFile(file)) {
                        photos.add(Files.readAllBytes(file));
                    }
                }
            }
            if (types.contains("photo") && photos.isEmpty()) {
                throw new IllegalArgumentException("index " + index + " has no product with a local picture to search by"
                        + " (--types photo); give --types mlt,search");
            }
            SplittableRandom random = new SplittableRandom(seed);
            int[] picks = random.ints(1 << 16, 0, ids.size()).toArray();
            System.out.printf(Locale.ROOT, "%d products, k=%d, %d queries after %d warm-up, %d clients; Java %s, %d processors, load average %.2f%n",
                    ids.size(), k, queries, warmup, threads, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            Map<String, Query> all = new HashMap<>();
            all.put("mlt", new Query() {
                public int inProcess(Lookalike e, int i) throws IOException {
                    return e.similar(new SimilarRequest(id(i), k, ProductFilter.NONE)).hits().size();
                }

                public HttpRequest http(URI b, int i) {
                    return HttpRequest.newBuilder(b.resolve("/v1/products/" + URLEncoder.encode(id(i), StandardCharsets.UTF_8)
                            .replace("+", "%20") + "/similar?k=" + k)).GET().build();
                }

                private String id(int i) {
                    return ids.get(picks[i & (picks.length - 1)]);
                }
            });
            all.put("search", new Query() {
                public int inProcess(Lookalike e, int i) throws IOException {
                    return e.search(SearchRequest.builder().keywords(keywords).like(id(i)).k(k).build()).hits().size();
                }

                public HttpRequest http(URI b, int i) {
                    ObjectNode json = JsonNodeFactory.instance.objectNode().put("q", keywords);
                    json.putArray("anchors").addObject().put("id", id(i));
                    String body = json.put("k", k).toString();
                    return HttpRequest.newBuilder(b.resolve("/v1/search")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                }

                private String id(int i) {
                    return ids.get(picks[i & (picks.length - 1)]);
                }
            });
            all.put("photo", new Query() {
                public int inProcess(Lookalike e, int i) throws IOException {
                    return e.search(SearchRequest.builder().anchor(new Anchor.ImageAnchor(photo(i), null, 1)).k(k).build()).hits().size();
                }

                public HttpRequest http(URI b, int i) {
                    String boundary = "lookalikebench" + i;
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"q.jpg\"\r\n"
                            + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    body.writeBytes(photo(i));
                    body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"query\"\r\n"
                            + "Content-Type: application/json\r\n\r\n{\"k\":" + k + "}\r\n--" + boundary + "--\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    return HttpRequest.newBuilder(b.resolve("/v1/search/image"))
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
                }

                private byte[] photo(int i) {
                    return photos.get(picks[i & (picks.length - 1)] % photos.size());
                }
            });
            ExecutorService clientPool = Executors.newFixedThreadPool(2, named("bench-http-client-"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool).build();
            try {
                System.out.println("type\tpath\tclients\tp50_ms\tp99_ms\tqps\tkb_alloc_per_query\tresponse_bytes");
                for (String type : types) {
                    Query q = all.get(type);
                    if (q == null) {
                        throw new IllegalArgumentException("--types: unknown type '" + type + "' (known: mlt, search, photo)");
                    }
                    int n = type.equals("photo") ? photoQueries : queries;
                    int w = type.equals("photo") ? Math.min(warmup, photoQueries) : warmup;
                    run(type, "engine", 1, n, w, i -> q.inProcess(engine, i));
                    run(type, "http", 1, n, w, i -> send(http, q.http(base, i)));
                    run(type, "engine", threads, n, w, i -> q.inProcess(engine, i));
                    run(type, "http", threads, n, w, i -> send(http, q.http(base, i)));
                }
            } finally {
                http.close();
                clientPool.shutdownNow();
            }
        }
        return 0;
    }

    private interface Call {
        int run(int i) throws Exception;
    }

    /** Warm-up, then {@code n} timed calls spread over {@code clients} threads; prints one row. */
    private void run(String type, String path, int clients, int n, int w, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients, named("bench-client-"));
        try {
            List<Callable<Void>> warm = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                warm.add(() -> {
                    for (int i = next.getAndIncrement(); i < w; i = next.getAndIncrement()) {
                        call.run(i);
                    }
                    return null;
                });
            }
            pool.invokeAll(warm).forEach(BenchHttpCommand::join);
            long[] nanos = new long[n];
            long[] size = new long[1];
            AtomicInteger timed = new AtomicInteger();
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                tasks.add(() -> {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    for (int i = timed.getAndIncrement(); i < n; i = timed.getAndIncrement()) {
                        long s = System.nanoTime();
                        int bytes = call.run(w + i);
                        nanos[i] = System.nanoTime() - s;
                        size[0] = bytes;
                    }
                    return mx.getCurrentThreadAllocatedBytes() - before;
                });
            }
            Map<Long, Long> serverBefore = serverThreadAllocation();
            long start = System.nanoTime();
            List<Future<Long>> done = pool.invokeAll(tasks);
            double wall = (System.nanoTime() - start) / 1e9;
            long allocated = 0;
            if (path.equals("engine")) {
                for (Future<Long> f : done) {
                    allocated += join(f);
                }
            } else {
                done.forEach(BenchHttpCommand::join);
                Map<Long, Long> serverAfter = serverThreadAllocation();
                for (Map.Entry<Long, Long> e : serverAfter.entrySet()) {
                    allocated += e.getValue() - serverBefore.getOrDefault(e.getKey(), 0L);
                }
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%.3f\t%.3f\t%.0f\t%.1f\t%s%n", type, path, clients, pct(nanos, 50),
                    pct(nanos, 99), n / wall, allocated / 1024.0 / n, path.equals("http") ? Long.toString(size[0]) : "-");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Bytes allocated so far by each live thread of the server (every thread but this command's and the HTTP client's). */
    private Map<Long, Long> serverThreadAllocation() {
        Map<Long, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t == Thread.currentThread() || name.startsWith("bench-") || name.startsWith("HttpClient-")) {
                continue;
            }
            long bytes = mx.getThreadAllocatedBytes(t.threadId());
            if (bytes >= 0) {
                out.put(t.threadId(), bytes);
            }
        }
        return out;
    }

    /** Sends, reads the whole body, and returns its length; anything but 200 fails the run. */
    private static int send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": HTTP " + r.statusCode() + " "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body().length;
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
