package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.lucene.LuceneProductStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: the server runs as a separate JVM ({@code lookalike serve}, started with this test's class path),
 * several client threads ingest generated products over HTTP in batches, the server is killed with SIGKILL
 * ({@link Process#destroyForcibly()}, checked by its exit status 137) while batches are in flight, and restarted.
 * Every batch acknowledged before the kill must be present and searchable, the index must open and pass Lucene's
 * {@link CheckIndex}, and re-running the whole ingest must complete it: the count equals the number of products, ids
 * unique (upserts are idempotent).
 *
 * <p>Bounded for {@code verify}: 2,000 products in batches of 200 by default. The documented run is 50,000 in batches
 * of 500 ({@code -Dlookalike.crash.products=50000 -Dlookalike.crash.batch=500}, figures in docs/benchmarks.md).
 */
class CrashRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("serving (\\d+) products on http://[^:]+:(\\d+)/");
    private static final String[] COLOURS = {"red", "blue", "green", "black", "white", "amber"};
    private static final String[] TYPES = {"shirt", "dress", "boot", "bag", "scarf", "coat", "sandal"};

    /** The served index's write key ({@code auth.write_keys}, given to the server's JVM in its environment). */
    private static final String WRITE_KEY = "crash-recovery-test-write-key";

    private static final int PRODUCTS = Integer.getInteger("lookalike.crash.products", 2_000);
    private static final int BATCH = Integer.getInteger("lookalike.crash.batch", 200);
    private static final int THREADS = Integer.getInteger("lookalike.crash.threads", 4);

    @TempDir
    Path dir;

    @Test
    void acknowledgedBatchesSurviveSigkillAndReIngestCompletesTheCatalog() throws Exception {
        Path index = dir.resolve("index");
        LuceneProductStore.open(index, Encoders.defaultSettings()).close(); // an empty index for `serve`
        int batches = (PRODUCTS + BATCH - 1) / BATCH;
        int killAfter = Math.max(1, batches * 2 / 5);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        // 1. ingest until killAfter batches are acknowledged, then SIGKILL with others in flight
        Server first = Server.start(index);
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        long ingestStart = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        CompletableFuture<Void> killed = new CompletableFuture<>();
        for (int t = 0; t < THREADS; t++) {
            clients.execute(() -> {
                int b;
                while (!killed.isDone() && (b = next.getAndIncrement()) < batches) {
                    try {
                        HttpResponse<String> r = postBatch(http, first.port, b);
                        if (r.statusCode() == 200) {
                            acknowledged.add(b);
                            if (acknowledged.size() >= killAfter) {
                                killed.complete(null);
                            }
                        }
                    } catch (IOException e) {
                        return; // the server died under this request: not acknowledged
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                killed.complete(null);
            });
        }
        killed.get(20, TimeUnit.MINUTES);
        double ackSeconds = (System.nanoTime() - ingestStart) / 1e9;
        Set<Integer> ackedAtKill = Set.copyOf(acknowledged); // every acknowledgement the client saw before the kill
        int exit = first.kill();
        clients.shutdown();
        assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        assertThat(exit).as("exit status of a SIGKILLed JVM (128 + 9)").isEqualTo(137);
        Set<Integer> ackedTotal = Set.copyOf(acknowledged); // a response racing the kill may have arrived afterwards
        assertThat(ackedAtKill.size()).isGreaterThanOrEqualTo(killAfter).isLessThan(batches);

        // 2. restart: the index opens, every acknowledged product is there and searchable
        long restartStart = System.nanoTime();
        Server second = Server.start(index);
        double restartSeconds = (System.nanoTime() - restartStart) / 1e9;
        try {
            assertThat(second.productsAtStart).isGreaterThanOrEqualTo(countProducts(ackedTotal));
            SplittableRandom random = new SplittableRandom(7);
            for (int b : ackedTotal) {
                for (int i = b * BATCH; i < Math.min(PRODUCTS, (b + 1) * BATCH); i++) {
                    HttpResponse<String> r = get(http, second.port, "/v1/products/" + id(i));
                    assertThat(r.statusCode()).as("acknowledged product %s after the restart", id(i)).isEqualTo(200);
                    if (random.nextInt(20) == 0) { // a sample is searched by its unique word and by similarity
                        JsonNode hits = JSON.readTree(post(http, second.port, "/v1/search",
                                "{\"q\":\"" + word(i) + "\",\"k\":3}", "application/json").body()).get("hits");
                        assertThat(hits.get(0).get("id").asText()).isEqualTo(id(i));
                        assertThat(get(http, second.port, "/v1/products/" + id(i) + "/similar?k=3").statusCode()).isEqualTo(200);
                    }
                }
            }

            // 3. re-run the whole ingest: it completes
            long rerunStart = System.nanoTime();
            List<CompletableFuture<Integer>> statuses = new ArrayList<>();
            ExecutorService again = Executors.newFixedThreadPool(THREADS);
            for (int b = 0; b < batches; b++) {
                int batch = b;
                statuses.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return postBatch(http, second.port, batch).statusCode();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }, again));
            }
            for (CompletableFuture<Integer> s : statuses) {
                assertThat(s.get(20, TimeUnit.MINUTES)).isEqualTo(200);
            }
            again.shutdown();
            double rerunSeconds = (System.nanoTime() - rerunStart) / 1e9;
            JsonNode page = JSON.readTree(get(http, second.port, "/v1/products?limit=1").body());
            assertThat(page.get("total").asLong()).isEqualTo(PRODUCTS);
            System.out.printf(Locale.ROOT, "crash test: %d products, batches of %d, %d client threads: %d of %d batches"
                            + " acknowledged before SIGKILL after %.1f s (%.0f products/s), %d products found at restart"
                            + " (server up in %.1f s), re-ingest of all %d products in %.1f s (%.0f products/s)%n",
                    PRODUCTS, BATCH, THREADS, ackedAtKill.size(), batches, ackSeconds,
                    countProducts(ackedAtKill) / ackSeconds, second.productsAtStart, restartSeconds, PRODUCTS,
                    rerunSeconds, PRODUCTS / rerunSeconds);
        } finally {
            assertThat(second.stop()).as("exit status after SIGTERM").isIn(0, 143);
        }

        // 4. the index is clean and holds each product once
        try (FSDirectory d = FSDirectory.open(index); CheckIndex check = new CheckIndex(d)) {
            assertThat(check.checkIndex().clean).isTrue();
        }
        try (LuceneProductStore store = LuceneProductStore.openReadOnly(index)) {
            assertThat(store.count()).isEqualTo(PRODUCTS);
            Set<String> ids = new HashSet<>();
            for (Product p : store.list(0, PRODUCTS)) {
                ids.add(p.id());
            }
            assertThat(ids).hasSize(PRODUCTS).contains(id(0), id(PRODUCTS - 1));
        }
    }

    private static long countProducts(Set<Integer> batches) {
        long n = 0;
        for (int b : batches) {
            n += Math.min(PRODUCTS, (b + 1) * BATCH) - b * BATCH;
        }
        return n;
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "crash-%06d", i);
    }

    /** A word only product {@code i} has in its title. */
    static String word(int i) {
        return "zq" + Integer.toString(i, 36) + "x";
    }

    /** Product {@code i} as one JSON line: no pictures, a short title, the same every time (idempotent upserts). */
    static String line(int i) {
        String colour = COLOURS[i % COLOURS.length];
        String type = TYPES[(i / COLOURS.length) % TYPES.length];
        return String.format(Locale.ROOT, "{\"id\":\"%s\",\"title\":\"%s %s %s\",\"brand\":\"Brand%d\","
                        + "\"category\":[\"Apparel\",\"%s\"],\"price\":%d.5,\"attributes\":{\"colour\":\"%s\"}}",
                id(i), colour, type, word(i), i % 40, type, 5 + i % 200, colour);
    }

    static HttpResponse<String> postBatch(HttpClient http, int port, int batch) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (int i = batch * BATCH; i < Math.min(PRODUCTS, (batch + 1) * BATCH); i++) {
            body.append(line(i)).append('\n');
        }
        return post(http, port, "/v1/products", body.toString(), "application/x-ndjson");
    }

    static HttpResponse<String> post(HttpClient http, int port, String path, String body, String type)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", type).header("X-API-Key", WRITE_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code lookalike serve} in its own JVM, with this test's class path. */
    static final class Server {
        final Process process;
        final int port;
        final long productsAtStart;

        private Server(Process process, int port, long productsAtStart) {
            this.process = process;
            this.port = port;
            this.productsAtStart = productsAtStart;
        }

        static Server start(Path index) throws IOException, InterruptedException {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                    "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                    LookalikeCli.class.getName(), "serve", "--index", index.toString(), "--port", "0");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
            builder.environment().put("LOOKALIKE_AUTH_WRITE_KEYS", WRITE_KEY);
            builder.environment().put("LOOKALIKE_CATALOG_REFRESH_MS", "200");
            builder.environment().put("LOOKALIKE_SERVER_MAX_CONCURRENT_PER_CLIENT", "0");
            Process process = builder.start();
            CompletableFuture<Matcher> ready = new CompletableFuture<>();
            List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread drain = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = in.readLine()) != null) {
                        if (output.size() < 200) {
                            output.add(l);
                        }
                        Matcher m = SERVING.matcher(l);
                        if (m.find()) {
                            ready.complete(m);
                        }
                    }
                } catch (IOException e) {
                    // the process died
                }
                ready.completeExceptionally(new IllegalStateException("server exited before serving: " + output));
            }, "crash-test-server-output");
            drain.setDaemon(true);
            drain.start();
            try {
                Matcher m = ready.get(3, TimeUnit.MINUTES);
                return new Server(process, Integer.parseInt(m.group(2)), Long.parseLong(m.group(1)));
            } catch (Exception e) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("server did not start: " + output, e);
            }
        }

        /** SIGKILL; returns the exit status. */
        int kill() throws InterruptedException {
            process.destroyForcibly();
            return process.waitFor();
        }

        /** SIGTERM (a clean shutdown through the shutdown hook); returns the exit status. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            return process.waitFor();
        }
    }
}
