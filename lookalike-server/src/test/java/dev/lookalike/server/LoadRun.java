package dev.lookalike.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded load run against a started {@link LookalikeServer} on loopback: {@code readers} clients query (more like
 * this, keyword search, product reads) while one writer upserts one product again and again with a rising version and
 * creates and deletes others. Every read of the rewritten product checks staleness: a read that starts more than the
 * refresh interval after a version was acknowledged must see that version or a newer one; the same for deletes.
 * Heap is measured after a full GC once the warm-up is done and again at the end (server and clients share the JVM).
 *
 * <p>Used by {@code LoadTest} (short) and {@code LoadBench} (by hand). Not thread-safe: one run at a time.
 */
final class LoadRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run measured. */
    record Report(long reads, long writes, long deletes, long errors, List<String> errorSamples, long staleReads,
                  long olderButFresh, double seconds, double[] readMillis, double[] writeMillis, long heapAfterWarmup,
                  long heapAtEnd, long heapMaxSampled) {

        double percentile(double[] sorted, int p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        String summary() {
            return String.format(Locale.ROOT, "%.0f s: %d reads (%.0f/s, p50 %.1f ms, p99 %.1f ms), %d upserts and %d deletes"
                            + " (p50 %.1f ms, p99 %.1f ms), %d errors, %d stale reads (%d reads saw an older version within"
                            + " the refresh interval), heap after GC %d MB after warm-up, %d MB at the end (largest sampled"
                            + " after GC: %d MB)",
                    seconds, reads, reads / seconds, percentile(readMillis, 50), percentile(readMillis, 99), writes, deletes,
                    percentile(writeMillis, 50), percentile(writeMillis, 99), errors, staleReads, olderButFresh,
                    heapAfterWarmup >> 20, heapAtEnd >> 20, heapMaxSampled >> 20);
        }
    }

    /** The last acknowledged write of the rewritten product (or delete of a deleted one). */
    private record Ack(long version, long nanos) {
    }

    private final int port;
    private final List<String> anchorIds;
    private final List<String> words;
    private final Duration refresh;
    private final String writeKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicReference<Ack> lastUpsert = new AtomicReference<>(new Ack(-1, 0));
    private final AtomicReference<Ack> lastDelete = new AtomicReference<>(new Ack(-1, 0));
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong olderButFresh = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> readMillis = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> writeMillis = new ConcurrentLinkedQueue<>();
    private volatile boolean measuring;
    private volatile boolean stop;

    /**
     * @param anchorIds ids of stored products the readers query (never written by the run)
     * @param words     keywords the readers search for
     * @param refresh   the server's refresh interval: the staleness bound
     * @param writeKey  an API key of {@code auth.write_keys}, sent with the writes
     */
    LoadRun(int port, List<String> anchorIds, List<String> words, Duration refresh, String writeKey) {
        this.port = port;
        this.writeKey = writeKey;
        this.anchorIds = List.copyOf(anchorIds);
        this.words = List.copyOf(words);
        this.refresh = refresh;
    }

    Report run(int readers, Duration warmup, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
        List<Future<?>> tasks = new ArrayList<>();
        tasks.add(pool.submit(this::writer));
        for (int r = 0; r < readers; r++) {
            long seed = r;
            tasks.add(pool.submit(() -> reader(seed)));
        }
        Thread.sleep(warmup.toMillis());
        long heapAfterWarmup = heapAfterGc();
        measuring = true;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long maxSampled = heapAfterWarmup;
        long sampleEvery = Math.max(1_000, duration.toMillis() / 10);
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(sampleEvery, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            if (System.nanoTime() < end) {
                maxSampled = Math.max(maxSampled, heapAfterGc());
            }
        }
        measuring = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        stop = true;
        for (Future<?> f : tasks) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        http.close();
        long heapAtEnd = heapAfterGc();
        return new Report(reads.get(), writes.get(), deletes.get(), errors.get(), List.copyOf(errorSamples), stale.get(),
                olderButFresh.get(), seconds, sorted(readMillis), sorted(writeMillis), heapAfterWarmup, heapAtEnd,
                Math.max(maxSampled, heapAtEnd));
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double[] sorted(ConcurrentLinkedQueue<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private void writer() {
        long version = 0;
        while (!stop) {
            try {
                version++;
                long t = System.nanoTime();
                HttpResponse<String> r = send("PUT", "/v1/products/load-live", product("load-live", version));
                if (expect(r, 200, "PUT load-live")) {
                    lastUpsert.set(new Ack(version, System.nanoTime()));
                    count(writes, writeMillis, t);
                }
                String temp = "load-temp-" + version;
                t = System.nanoTime();
                if (expect(send("PUT", "/v1/products/" + temp, product(temp, version)), 200, "PUT " + temp)) {
                    count(writes, writeMillis, t);
                    t = System.nanoTime();
                    if (expect(send("DELETE", "/v1/products/" + temp, null), 204, "DELETE " + temp)) {
                        lastDelete.set(new Ack(version, System.nanoTime()));
                        count(deletes, writeMillis, t);
                    }
                }
            } catch (IOException | RuntimeException e) {
                error("writer: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void reader(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        while (!stop) {
            try {
                long t = System.nanoTime();
                switch (random.nextInt(4)) {
                    case 0 -> expect(send("GET", "/v1/products/" + pick(random, anchorIds) + "/similar?k=10", null), 200, "similar");
                    case 1 -> expect(send("POST", "/v1/search", "{\"q\":\"" + pick(random, words) + "\",\"k\":10}"), 200, "search");
                    case 2 -> expect(send("POST", "/v1/search", "{\"q\":\"" + pick(random, words) + "\",\"anchors\":[{\"id\":\""
                            + pick(random, anchorIds) + "\"}],\"k\":10}"), 200, "sort by similar");
                    default -> checkFreshness();
                }
                count(reads, readMillis, t);
            } catch (IOException | RuntimeException e) {
                error("reader: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reads the rewritten product and the last deleted one; counts reads staler than the refresh interval. */
    private void checkFreshness() throws IOException, InterruptedException {
        Ack upsert = lastUpsert.get();
        Ack delete = lastDelete.get();
        long started = System.nanoTime();
        HttpResponse<String> r = send("GET", "/v1/products/load-live", null);
        if (upsert.version() >= 1) {
            if (expect(r, 200, "GET load-live")) {
                long seen = JSON.readTree(r.body()).get("attributes").get("version").asLong();
                if (seen < upsert.version()) {
                    if (started - upsert.nanos() > refresh.toNanos()) {
                        stale.incrementAndGet();
                        error("stale read: version " + seen + ", version " + upsert.version() + " acknowledged "
                                + (started - upsert.nanos()) / 1_000_000 + " ms before the read");
                    } else {
                        olderButFresh.incrementAndGet();
                    }
                }
            }
        }
        if (delete.version() >= 1) {
            long deleteStarted = System.nanoTime();
            HttpResponse<String> d = send("GET", "/v1/products/load-temp-" + delete.version(), null);
            if (d.statusCode() == 200 && deleteStarted - delete.nanos() > refresh.toNanos()) {
                stale.incrementAndGet();
                error("stale read: load-temp-" + delete.version() + " still there "
                        + (deleteStarted - delete.nanos()) / 1_000_000 + " ms after its delete was acknowledged");
            } else if (d.statusCode() != 200 && d.statusCode() != 404) {
                error("GET deleted product: HTTP " + d.statusCode() + " " + d.body());
            }
        }
    }

    private static String product(String id, long version) {
        return String.format(Locale.ROOT, "{\"id\":\"%s\",\"title\":\"load test lamp %d\",\"brand\":\"Lumo\","
                + "\"category\":[\"Home\",\"Lamps\"],\"price\":12.5,\"attributes\":{\"version\":\"%d\"}}", id, version, version);
    }

    private static String pick(SplittableRandom random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private void count(AtomicLong counter, ConcurrentLinkedQueue<Double> millis, long startNanos) {
        if (measuring) {
            counter.incrementAndGet();
            millis.add((System.nanoTime() - startNanos) / 1e6);
        }
    }

    private boolean expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() == status) {
            return true;
        }
        error(what + ": HTTP " + r.statusCode() + " " + r.body());
        return false;
    }

    private void error(String message) {
        errors.incrementAndGet();
        if (errorSamples.size() < 20) {
            errorSamples.add(message);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
        if (!method.equals("GET")) {
            b.header("X-API-Key", writeKey);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
