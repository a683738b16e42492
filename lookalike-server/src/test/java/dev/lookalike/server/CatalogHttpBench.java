package dev.lookalike.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark, run by hand (not a test): HTTP batch upsert throughput and the visibility delay of single upserts, over a
 * real socket, default encoders, a fresh index in a temporary folder. See docs/benchmarks.md.
 *
 * <pre>{@code
 * java ... dev.lookalike.server.CatalogHttpBench PRODUCTS BATCH images|none TRIALS
 * }</pre>
 */
public final class CatalogHttpBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogHttpBench() {
    }

    private static final String KEY = "catalog-http-bench-key";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        boolean withImages = args.length > 2 && args[2].equals("images");
        int trials = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        Path dir = Files.createTempDirectory("lookalike-http-bench");
        DemoCatalogGenerator.Options options = DemoCatalogGenerator.Options.defaults().withCount(count + trials).withSeed(42);
        List<Product> products = withImages
                ? new DemoCatalogGenerator().generate(dir.resolve("demo"), options).products()
                : new DemoCatalogGenerator().generateProducts(options);
        try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT);
             Lookalike engine = Lookalike.open(LuceneProductStore.open(dir.resolve("index"), Encoders.defaultSettings()), images::load)) {
            LookalikeServer server = LookalikeServer.create(engine, ServerConfig.load(null,
                    Map.of("LOOKALIKE_AUTH_WRITE_KEYS", KEY, "LOOKALIKE_CATALOG_IMAGE_ROOT", dir.toString())))
                    .start("127.0.0.1", 0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.port();
                // warm-up: load the encoders, JIT the path
                send(http, base, lines(products.subList(0, 50)));
                long start = System.nanoTime();
                for (int from = 50; from < count; from += batch) {
                    send(http, base, lines(products.subList(from, Math.min(count, from + batch))));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "batch upsert: %d products in batches of %d (%s): %.1f s, %.0f products/s%n",
                        count - 50, batch, withImages ? "with drawn images" : "no images", seconds, (count - 50) / seconds);

                double[] ack = new double[trials];
                double[] visible = new double[trials];
                int[] polls = new int[trials];
                for (int t = 0; t < trials; t++) {
                    Product p = products.get(count + t);
                    String word = "vistrial" + t + "x";
                    Product unique = p.toBuilder().title(p.title() + " " + word).build();
                    long sent = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/products/" + p.id()))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(ProductJson.toBytes(unique)))
                            .header("Content-Type", "application/json").header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
                    long acked = System.nanoTime();
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("PUT answered " + r.statusCode() + ": " + r.body());
                    }
                    int n = 0;
                    while (true) {
                        n++;
                        HttpResponse<String> s = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/search"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"q\":\"" + word + "\",\"k\":1}"))
                                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                        JsonNode res = JSON.readTree(s.body());
                        if (res.get("total").asInt() == 1) {
                            break;
                        }
                        if (System.nanoTime() - acked > 10_000_000_000L) {
                            throw new IllegalStateException("not visible after 10 s: " + p.id());
                        }
                    }
                    ack[t] = (acked - sent) / 1e6;
                    visible[t] = (System.nanoTime() - acked) / 1e6;
                    polls[t] = n;
                }
                Arrays.sort(ack);
                Arrays.sort(visible);
                System.out.printf(Locale.ROOT, "single PUT over %d trials: acknowledged (vectorised + committed) p50 %.1f ms, max %.1f ms;"
                                + " from 200 to found by search p50 %.1f ms, max %.1f ms; searches needed: max %d%n",
                        trials, ack[trials / 2], ack[trials - 1], visible[trials / 2], visible[trials - 1],
                        Arrays.stream(polls).max().orElse(0));
            } finally {
                server.close();
            }
        }
    }

    private static byte[] lines(List<Product> products) {
        StringBuilder sb = new StringBuilder();
        for (Product p : products) {
            sb.append(new String(ProductJson.toBytes(p), StandardCharsets.UTF_8)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpClient http, String base, byte[] body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/products"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/x-ndjson")
                        .header("X-API-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
        }
    }

}
