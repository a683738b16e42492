package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.engine.CatalogService;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.lucene.LuceneProductStore;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The catalog write routes: batches (JSON array, JSON Lines), single upserts, deletes, jobs, durability. */
class CatalogRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    private static final MediaType NDJSON = MediaType.get("application/x-ndjson");
    private static final Duration REFRESH = Duration.ofMillis(500);
    static final String WRITE_KEY = "catalog-routes-test-key";

    @RegisterExtension
    static final TestIndex INDEX = new TestIndex();

    private static LookalikeServer server() {
        return server(INDEX.engine());
    }

    private static LookalikeServer server(Lookalike e) {
        return LookalikeServer.create(e, ServerConfig.load(null, Map.of("LOOKALIKE_AUTH_WRITE_KEYS", WRITE_KEY,
                "LOOKALIKE_CATALOG_REFRESH_MS", Long.toString(REFRESH.toMillis()), "LOOKALIKE_CATALOG_IMAGE_ROOT", INDEX.dir().toString())));
    }

    static String product(String id, String title) {
        return String.format(Locale.ROOT, "{\"id\":\"%s\",\"title\":\"%s\",\"brand\":\"Lumo\",\"category\":[\"Home\",\"Lamps\"],"
                + "\"price\":12.5,\"attributes\":{\"colour\":\"green\"}}", id, title);
    }

    static Response post(HttpClient client, String path, String body, MediaType type) {
        return client.request(path, b -> b.header("X-API-Key", WRITE_KEY).post(RequestBody.create(body, type)));
    }

    static Response put(HttpClient client, String path, String body) {
        return client.request(path, b -> b.header("X-API-Key", WRITE_KEY).put(RequestBody.create(body, APPLICATION_JSON)));
    }

    /** The status, the body closed. */
    static int code(Response r) {
        try (r) {
            return r.code();
        }
    }

    static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.body().string());
    }

    /** Keyword search total for {@code word}. */
    static int matches(HttpClient client, String word) throws Exception {
        Response r = post(client, "/v1/search", "{\"q\":\"" + word + "\",\"k\":1000}", APPLICATION_JSON);
        assertThat(r.code()).isEqualTo(200);
        return json(r).get("total").asInt();
    }

    /** Polls until the condition holds or the deadline passes; returns whether it held. */
    static boolean within(Duration limit, ThrowingCheck check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (check.holds()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface ThrowingCheck {
        boolean holds() throws Exception;
    }

    @Test
    void aBatchOf50IsSearchableWithinTheRefreshIntervalAndDurableWhenAcknowledged() {
        JavalinTest.test(server().app(), (app, client) -> {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                items.add(product("zircon-" + i, "zircon lamp number " + i));
            }
            Response r = post(client, "/v1/products", "[" + String.join(",\n", items) + "]", APPLICATION_JSON);
            assertThat(r.code()).isEqualTo(200);
            JsonNode res = json(r);
            assertThat(res.get("accepted").asInt()).isEqualTo(50);
            assertThat(res.get("rejected")).isEmpty();
            // acknowledged means committed: a reader of the last commit (another process would see the same) has them
            try (LuceneProductStore committed = LuceneProductStore.openReadOnly(INDEX.dir().resolve("index"))) {
                assertThat(committed.get("zircon-49")).isPresent();
            }
            assertThat(within(REFRESH.plusSeconds(1), () -> matches(client, "zircon") == 50)).isTrue();
            JsonNode similar = json(client.get("/v1/products/zircon-3/similar?k=5"));
            assertThat(similar.get("hits").get(0).get("id").asText()).startsWith("zircon-");
        });
    }

    @Test
    void jsonLinesWithAMalformedLineKeepsTheOtherLines() {
        JavalinTest.test(server().app(), (app, client) -> {
            String body = product("jl-1", "quartz vase one") + "\n"
                    + product("jl-2", "quartz vase two") + "\n"
                    + "{\"id\":\"jl-3\",\"title\":\"broken\n"
                    + product("jl-4", "quartz vase four") + "\n"
                    + "{\"id\":\"jl-5\",\"title\":\"quartz vase five\",\"price\":-3}\n";
            Response r = post(client, "/v1/products", body, NDJSON);
            assertThat(r.code()).isEqualTo(207);
            JsonNode res = json(r);
            assertThat(res.get("accepted").asInt()).isEqualTo(3);
            JsonNode rejected = res.get("rejected");
            assertThat(rejected).hasSize(2);
            assertThat(rejected.get(0).get("line").asInt()).isEqualTo(3);
            assertThat(rejected.get(0).get("index").asInt()).isEqualTo(2);
            assertThat(rejected.get(0).get("message").asText()).contains("malformed JSON");
            assertThat(rejected.get(1).get("line").asInt()).isEqualTo(5);
            assertThat(rejected.get(1).get("field").asText()).isEqualTo("price");
            assertThat(rejected.get(1).get("message").asText()).contains("-3");
            assertThat(matches(client, "quartz")).isEqualTo(3);
            assertThat(code(client.get("/v1/products/jl-4"))).isEqualTo(200);
            assertThat(code(client.get("/v1/products/jl-5"))).isEqualTo(404);
        });
    }

    @Test
    void aJsonArrayNamesTheIndexOfABadItemAndAllBadIs422() {
        JavalinTest.test(server().app(), (app, client) -> {
            Response r = post(client, "/v1/products", "[" + product("ar-1", "basalt bowl") + ", {\"title\":\"no id\"}, 7]",
                    APPLICATION_JSON);
            assertThat(r.code()).isEqualTo(207);
            JsonNode rejected = json(r).get("rejected");
            assertThat(rejected).hasSize(2);
            assertThat(rejected.get(0).get("index").asInt()).isEqualTo(1);
            assertThat(rejected.get(0).get("field").asText()).isEqualTo("id");
            assertThat(rejected.get(1).get("index").asInt()).isEqualTo(2);
            assertThat(code(client.get("/v1/products/ar-1"))).isEqualTo(200);

            Response none = post(client, "/v1/products", "[{\"id\":\"ar-2\",\"price\":\"cheap\"}]", APPLICATION_JSON);
            assertThat(none.code()).isEqualTo(422);
            assertThat(json(none).get("accepted").asInt()).isZero();

            Response broken = post(client, "/v1/products", "[" + product("ar-3", "x") + ", {\"id\": ]", APPLICATION_JSON);
            assertThat(broken.code()).isEqualTo(400);
            assertThat(json(broken).get("error").get("message").asText()).contains("line 1").contains("column");
            assertThat(code(client.get("/v1/products/ar-3"))).isEqualTo(404); // nothing of a body that cannot be split
        });
    }

    @Test
    void tooManyItemsIs413AndUnknownMediaTypeIs415() {
        JavalinTest.test(server().app(), (app, client) -> {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i <= CatalogService.Options.DEFAULT_MAX_BATCH_ITEMS; i++) {
                body.append("{\"id\":\"big-").append(i).append("\"}\n");
            }
            Response r = post(client, "/v1/products", body.toString(), NDJSON);
            assertThat(r.code()).isEqualTo(413);
            assertThat(json(r).get("error").get("message").asText()).contains("1000").contains("async=true");
            assertThat(code(client.get("/v1/products/big-0"))).isEqualTo(404);

            Response xml = post(client, "/v1/products", "<products/>", MediaType.get("application/xml"));
            assertThat(code(xml)).isEqualTo(415);
        });
    }

    @Test
    void putUpsertsOneProductAndRefusesAnIdMismatch() {
        JavalinTest.test(server().app(), (app, client) -> {
            Response mismatch = put(client, "/v1/products/pu-1", product("pu-2", "garnet mug"));
            assertThat(mismatch.code()).isEqualTo(400);
            assertThat(json(mismatch).get("error").get("message").asText()).contains("pu-2").contains("pu-1");

            Response badPrice = put(client, "/v1/products/pu-1", "{\"title\":\"garnet mug\",\"price\":-1}");
            assertThat(badPrice.code()).isEqualTo(400);
            assertThat(json(badPrice).get("error").get("message").asText()).contains("price");

            Response ok = put(client, "/v1/products/pu-1", "{\"title\":\"garnet mug\",\"images\":[\"p1.png\"]}");
            assertThat(ok.code()).isEqualTo(200);
            assertThat(json(ok).get("image_problems")).isEmpty();
            JsonNode stored = json(client.get("/v1/products/pu-1"));
            assertThat(stored.get("title").asText()).isEqualTo("garnet mug");
            assertThat(code(client.get("/v1/products/pu-1/images/0"))).isEqualTo(200);

            Response replaced = put(client, "/v1/products/pu-1", product("pu-1", "garnet cup"));
            assertThat(code(replaced)).isEqualTo(200);
            assertThat(json(client.get("/v1/products/pu-1")).get("title").asText()).isEqualTo("garnet cup");

            // a product without pictures: its picture route says so, not "between 0 and -1"
            Response noPicture = client.get("/v1/products/pu-1/images/0");
            assertThat(noPicture.code()).isEqualTo(404);
            assertThat(json(noPicture).get("error").get("message").asText()).isEqualTo("product 'pu-1' has no images");
        });
    }

    @Test
    void localPicturesOutsideTheImageRootAreRefused() {
        JavalinTest.test(server().app(), (app, client) -> {
            Response r = post(client, "/v1/products", "{\"id\":\"ir-1\",\"images\":[\"../../../etc/passwd\"]}\n"
                    + "{\"id\":\"ir-2\",\"images\":[\"/etc/hostname\"]}\n"
                    + "{\"id\":\"ir-3\",\"images\":[\"p2.png\"]}\n", NDJSON);
            assertThat(r.code()).isEqualTo(207);
            JsonNode res = json(r);
            assertThat(res.get("accepted").asInt()).isEqualTo(1);
            assertThat(res.get("rejected")).hasSize(2);
            res.get("rejected").forEach(x -> {
                assertThat(x.get("field").asText()).isEqualTo("images");
                assertThat(x.get("message").asText()).contains("outside the image root")
                        .doesNotContain(INDEX.dir().toAbsolutePath().toString()); // the server's folders stay private
            });
            assertThat(code(client.get("/v1/products/ir-3"))).isEqualTo(200);
        });
    }

    @Test
    void writesWithoutTheWriteKeyAreRefusedAndWriteNothing() {
        JavalinTest.test(server().app(), (app, client) -> {
            Response post = client.request("/v1/products", b -> b.post(RequestBody.create(product("nokey-1", "zorblax bowl"), NDJSON)));
            assertThat(post.code()).isEqualTo(401);
            Response put = client.request("/v1/products/nokey-1",
                    b -> b.header("X-API-Key", "not-the-write-key-at-all").put(RequestBody.create(product("nokey-1", "zorblax bowl"), APPLICATION_JSON)));
            assertThat(put.code()).isEqualTo(403);
            assertThat(code(client.request("/v1/reindex", b -> b.post(RequestBody.create("", APPLICATION_JSON))))).isEqualTo(401);
            assertThat(matches(client, "zorblax")).isZero();
            assertThat(code(client.get("/v1/products/nokey-1"))).isEqualTo(404);
        });
    }

    @Test
    void deleteIsVisibleAndAMissingProductIs404() {
        JavalinTest.test(server().app(), (app, client) -> {
            assertThat(code(put(client, "/v1/products/del-1", product("del-1", "onyx tray")))).isEqualTo(200);
            assertThat(matches(client, "onyx")).isEqualTo(1);
            assertThat(code(client.request("/v1/products/del-1", b -> b.header("X-API-Key", WRITE_KEY).delete()))).isEqualTo(204);
            assertThat(within(REFRESH.plusSeconds(1), () -> matches(client, "onyx") == 0)).isTrue();
            assertThat(code(client.get("/v1/products/del-1"))).isEqualTo(404);
            Response again = client.request("/v1/products/del-1", b -> b.header("X-API-Key", WRITE_KEY).delete());
            assertThat(again.code()).isEqualTo(404);
            assertThat(json(again).get("error").get("code").asText()).isEqualTo("not_found");
        });
    }

    @Test
    void reindexRunsAsAJobToDoneAndKeepsResultsIdentical() {
        LookalikeServer server = server();
        JavalinTest.test(server.app(), (app, client) -> {
            String before = json(client.get("/v1/products/p0/similar?k=10")).get("hits").toString();
            Response r = post(client, "/v1/reindex", "", APPLICATION_JSON);
            assertThat(r.code()).isEqualTo(202);
            JsonNode job = json(r).get("job");
            String id = job.get("id").asText();
            assertThat(r.header("Location")).isEqualTo("/v1/jobs/" + id);
            assertThat(job.get("type").asText()).isEqualTo("reindex");
            JsonNode done = awaitJob(client, id);
            assertThat(done.get("state").asText()).isEqualTo("succeeded");
            assertThat(done.get("processed").asLong()).isEqualTo(done.get("total").asLong()).isEqualTo(INDEX.engine().store().count());
            assertThat(done.get("warning_count").asInt()).isZero();
            assertThat(done.get("started_at").asText()).isNotBlank();
            assertThat(done.get("finished_at").asText()).isNotBlank();
            assertThat(json(client.get("/v1/products/p0/similar?k=10")).get("hits").toString()).isEqualTo(before);
            assertThat(code(client.get("/v1/jobs/nope"))).isEqualTo(404);
        });
        // stopping the app closed the catalog service (its refresher and job thread)
        assertThatThrownBy(server.catalog()::submitReindex).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAsyncBatchRunsAsAJob() {
        JavalinTest.test(server().app(), (app, client) -> {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                body.append(product("as-" + i, "jasper plate " + i)).append('\n');
            }
            body.append("{\"id\":\"as-bad\",\"in_stock\":\"perhaps\"}\n");
            body.append("{\"id\":\"as-nopic\",\"title\":\"jasper cup\",\"images\":[\"nowhere.png\"]}\n");
            Response r = post(client, "/v1/products?async=true", body.toString(), NDJSON);
            assertThat(r.code()).isEqualTo(202);
            JsonNode res = json(r);
            assertThat(res.get("accepted").asInt()).isEqualTo(31);
            assertThat(res.get("rejected").get(0).get("line").asInt()).isEqualTo(31);
            JsonNode done = awaitJob(client, res.get("job").get("id").asText());
            assertThat(done.get("state").asText()).isEqualTo("succeeded");
            assertThat(done.get("processed").asInt()).isEqualTo(31);
            assertThat(matches(client, "jasper")).isEqualTo(31);
            // the job's warnings name the picture as the client did, without the server's image root
            assertThat(done.get("warning_count").asInt()).isEqualTo(1);
            String warning = done.get("warnings").get(0).asText();
            assertThat(warning).contains("as-nopic").contains("nowhere.png").doesNotContain(INDEX.dir().toString());
            // the index is shared by this class's tests: a reindex elsewhere must not meet the missing picture
            assertThat(code(client.request("/v1/products/as-nopic", b -> b.header("X-API-Key", WRITE_KEY).delete())))
                    .isEqualTo(204);
        });
    }

    @Test
    void concurrentReadersDuringWritesSeeNoErrors() throws Exception {
        JavalinTest.test(server().app(), (app, client) -> {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            List<Future<?>> readers = new ArrayList<>();
            try {
                for (int t = 0; t < 3; t++) {
                    readers.add(pool.submit(() -> {
                        while (writing.get()) {
                            int n = matches(client, "amber");
                            assertThat(n).isBetween(0, 40);
                            Response similar = client.get("/v1/products/p1/similar?k=5");
                            assertThat(similar.code()).isEqualTo(200);
                            similar.close();
                            reads.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (int batch = 0; batch < 4; batch++) {
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        items.add(product("cc-" + batch + "-" + i, "amber candle " + i));
                    }
                    assertThat(code(post(client, "/v1/products", "[" + String.join(",", items) + "]", APPLICATION_JSON)))
                            .isEqualTo(200);
                }
                assertThat(code(put(client, "/v1/products/cc-0-0", product("cc-0-0", "amber candle again")))).isEqualTo(200);
            } finally {
                writing.set(false);
                for (Future<?> f : readers) {
                    f.get(); // rethrows a reader's failure
                }
                pool.shutdown();
            }
            assertThat(reads.get()).isPositive();
            assertThat(matches(client, "amber")).isEqualTo(40);
        });
    }

    @Test
    void dataSurvivesServerCloseAndReopen(@TempDir Path other) throws Exception {
        Lookalike first = Lookalike.open(LuceneProductStore.open(other.resolve("index"), Encoders.defaultSettings()), INDEX.images()::load);
        JavalinTest.test(server(first).app(), (app, client) -> {
            assertThat(code(put(client, "/v1/products/keep-1", product("keep-1", "cobalt jug")))).isEqualTo(200);
            assertThat(code(post(client, "/v1/products", product("keep-2", "cobalt jar"), NDJSON))).isEqualTo(200);
        });
        first.close();
        try (LuceneProductStore reopened = LuceneProductStore.openExisting(other.resolve("index"))) {
            assertThat(reopened.count()).isEqualTo(2);
            Optional<String> title = reopened.get("keep-2").map(p -> p.product().title());
            assertThat(title).contains("cobalt jar");
        }
    }

    static JsonNode awaitJob(HttpClient client, String id) throws Exception {
        JsonNode[] last = new JsonNode[1];
        Predicate<JsonNode> done = j -> j.get("state").asText().equals("succeeded") || j.get("state").asText().equals("failed");
        assertThat(within(Duration.ofSeconds(60), () -> {
            last[0] = json(client.get("/v1/jobs/" + id));
            return done.test(last[0]);
        })).as("job %s finishes", id).isTrue();
        return last[0];
    }
}
