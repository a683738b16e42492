package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.engine.CatalogService;
import dev.lookalike.engine.JobStatus;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.ParsedBatch;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.search.ProductStore;
import io.javalin.http.HandlerType;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The service's infrastructure around the routes: the OpenAPI document against the registered routes, API keys for
 * writes and locked reads, CORS, request limits (k, body size), the request timeout, readiness, metrics and the
 * access log.
 */
class ApiInfrastructureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    private static final String WRITE_KEY = "write-key-0123456789";
    private static final String READ_KEY = "read-key-0123456789ab";

    @RegisterExtension
    static final TestIndex INDEX = new TestIndex();

    /** The defaults with the given keys replaced, through the same loader as a config file. */
    private static ServerConfig config(Map<String, String> env) {
        return ServerConfig.load(null, env);
    }

    private static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.body().string());
    }

    private static JsonNode error(Response r, int status) throws Exception {
        assertThat(r.code()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode e = json(r).get("error");
        assertThat(e.get("message").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception");
        return e;
    }

    private static Response send(HttpClient client, String method, String path, String body, String... headers) {
        return client.request(path, b -> {
            b.method(method, body == null ? null : RequestBody.create(body, APPLICATION_JSON));
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
        });
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRegisteredRoutes() {
        LookalikeServer server = LookalikeServer.create(INDEX.engine());
        Set<String> routes = new TreeSet<>();
        server.app().unsafeConfig().pvt.internalRouter.allHttpHandlers().forEach(p -> {
            if (p.getEndpoint().getMethod().isHttpMethod()) {
                routes.add(p.getEndpoint().getMethod().name() + " " + p.getEndpoint().getPath());
            }
        });
        JavalinTest.test(server.app(), (app, client) -> {
            Response r = client.get("/v1/openapi.json");
            assertThat(r.code()).isEqualTo(200);
            JsonNode doc = json(r);
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            Set<String> documented = new TreeSet<>();
            doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                    documented.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
            assertThat(routes).contains("GET /v1/products/{id}/similar", "POST /v1/search", "GET /ready", "GET /metrics");
            assertThat(documented).isEqualTo(routes);
        });
    }

    @Test
    void writesAreTheNonReadMethodsUnderV1ExceptTheSearches() {
        assertThat(ApiAccess.isWrite(HandlerType.POST, "/v1/products")).isTrue();
        assertThat(ApiAccess.isWrite(HandlerType.PUT, "/v1/products/{id}")).isTrue();
        assertThat(ApiAccess.isWrite(HandlerType.DELETE, "/v1/products/{id}")).isTrue();
        assertThat(ApiAccess.isWrite(HandlerType.POST, "/v1/jobs")).isTrue();
        assertThat(ApiAccess.isWrite(HandlerType.PATCH, "/v1/products/{id}")).isTrue();
        assertThat(ApiAccess.isWrite(HandlerType.POST, "/v1/search")).isFalse();
        assertThat(ApiAccess.isWrite(HandlerType.POST, "/v1/search/image")).isFalse();
        assertThat(ApiAccess.isWrite(HandlerType.GET, "/v1/products")).isFalse();
        assertThat(ApiAccess.isWrite(HandlerType.HEAD, "/v1/products")).isFalse();
        assertThat(ApiAccess.isWrite(HandlerType.OPTIONS, "/v1/products")).isFalse();
    }

    @Test
    void writesNeedAWriteKeyGivenAsBearerOrHeader() {
        LookalikeServer server = LookalikeServer.create(INDEX.engine(),
                config(Map.of("LOOKALIKE_AUTH_WRITE_KEYS", "other-write-key-abcdef," + WRITE_KEY, "LOOKALIKE_AUTH_READ_KEYS", READ_KEY)));
        // a write route of no controller: the key check is by method and route, not by a list of routes
        server.app().put("/v1/test-writes/{id}", ctx -> ctx.result("written " + ctx.pathParam("id")));
        JavalinTest.test(server.app(), (app, client) -> {
            Response none = send(client, "PUT", "/v1/test-writes/p1", "{}");
            assertThat(error(none, 401).get("code").asText()).isEqualTo("unauthorized");
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");

            Response wrong = send(client, "PUT", "/v1/test-writes/p1", "{}", "Authorization", "Bearer not-the-key-0123456789");
            assertThat(error(wrong, 403).get("code").asText()).isEqualTo("forbidden");
            Response readKey = send(client, "PUT", "/v1/test-writes/p1", "{}", "X-API-Key", READ_KEY);
            assertThat(error(readKey, 403).get("code").asText()).isEqualTo("forbidden");

            Response bearer = send(client, "PUT", "/v1/test-writes/p1", "{}", "Authorization", "Bearer " + WRITE_KEY);
            assertThat(bearer.code()).isEqualTo(200);
            assertThat(bearer.body().string()).isEqualTo("written p1");
            assertThat(send(client, "PUT", "/v1/test-writes/p2", "{}", "X-API-Key", WRITE_KEY).code()).isEqualTo(200);

            // searches are reads: open while reads are not locked
            assertThat(send(client, "POST", "/v1/search", "{\"q\": \"boot\"}").code()).isEqualTo(200);
        });
    }

    @Test
    void withoutWriteKeysWritesAreRefused() {
        LookalikeServer server = LookalikeServer.create(INDEX.engine());
        server.app().delete("/v1/test-writes/{id}", ctx -> ctx.result("deleted"));
        JavalinTest.test(server.app(), (app, client) -> {
            Response r = send(client, "DELETE", "/v1/test-writes/p1", null, "Authorization", "Bearer " + WRITE_KEY);
            assertThat(error(r, 403).get("code").asText()).isEqualTo("writes_disabled");
        });
    }

    @Test
    void readsAreOpenByDefaultAndCanBeLocked() {
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            assertThat(client.get("/v1/products/p1").code()).isEqualTo(200);
            assertThat(send(client, "POST", "/v1/search", "{\"q\": \"boot\"}").code()).isEqualTo(200);
        });
        ServerConfig locked = config(Map.of("LOOKALIKE_AUTH_LOCK_READS", "true", "LOOKALIKE_AUTH_READ_KEYS", READ_KEY,
                "LOOKALIKE_AUTH_WRITE_KEYS", WRITE_KEY));
        JavalinTest.test(LookalikeServer.create(INDEX.engine(), locked).app(), (app, client) -> {
            assertThat(error(client.get("/v1/products/p1"), 401).get("code").asText()).isEqualTo("unauthorized");
            assertThat(error(send(client, "POST", "/v1/search", "{\"q\": \"boot\"}"), 401).get("code").asText())
                    .isEqualTo("unauthorized");
            assertThat(error(send(client, "GET", "/v1/products/p1", null, "X-API-Key", "wrong-key-0123456789"), 403)
                    .get("code").asText()).isEqualTo("forbidden");
            assertThat(send(client, "GET", "/v1/products/p1", null, "X-API-Key", READ_KEY).code()).isEqualTo(200);
            assertThat(send(client, "POST", "/v1/search", "{\"q\": \"boot\"}", "Authorization", "Bearer " + READ_KEY).code())
                    .isEqualTo(200);
            assertThat(send(client, "GET", "/v1/products/p1", null, "Authorization", "Bearer " + WRITE_KEY).code())
                    .isEqualTo(200);
            // operations, the API description and the page stay open
            for (String open : List.of("/health", "/ready", "/metrics", "/v1/openapi.json", "/")) {
                assertThat(client.get(open).code()).as(open).isEqualTo(200);
            }
        });
    }

    @Test
    void corsPreflightAllowsOnlyTheConfiguredOrigins() {
        LookalikeServer server = LookalikeServer.create(INDEX.engine(),
                config(Map.of("LOOKALIKE_SERVER_CORS_ORIGINS", "https://shop.example, https://admin.example")));
        JavalinTest.test(server.app(), (app, client) -> {
            Response allowed = send(client, "OPTIONS", "/v1/search", null, "Origin", "https://shop.example",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,authorization");
            assertThat(allowed.code()).isEqualTo(200);
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
            assertThat(allowed.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
            Response other = send(client, "OPTIONS", "/v1/search", null, "Origin", "https://evil.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(other.header("Access-Control-Allow-Origin")).isNull();
            Response get = send(client, "GET", "/v1/products/p1", null, "Origin", "https://admin.example");
            assertThat(get.code()).isEqualTo(200);
            assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo("https://admin.example");
        });
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            Response r = send(client, "GET", "/v1/products/p1", null, "Origin", "https://shop.example");
            assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        });
    }

    @Test
    void kAboveTheMaximumIsABadRequestNamingTheField() {
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            JsonNode similar = error(client.get("/v1/products/p0/similar?k=1001"), 400);
            assertThat(similar.get("code").asText()).isEqualTo("bad_request");
            assertThat(similar.get("message").asText()).contains("'k'").contains("1001");
            JsonNode search = error(send(client, "POST", "/v1/search", "{\"q\": \"boot\", \"k\": 1001}"), 400);
            assertThat(search.get("message").asText()).contains("k").contains("1001");
        });
        JavalinTest.test(LookalikeServer.create(INDEX.engine(), config(Map.of("LOOKALIKE_SEARCH_MAX_K", "5"))).app(), (app, client) -> {
            assertThat(error(client.get("/v1/products/p0/similar?k=6"), 400).get("message").asText()).contains("'k'");
            assertThat(error(send(client, "POST", "/v1/search", "{\"q\": \"boot\", \"k\": 6}"), 400).get("message").asText())
                    .contains("field 'k'").contains("search.max_k");
            assertThat(json(client.get("/v1/products/p0/similar?k=5")).get("hits")).hasSize(5);
        });
    }

    @Test
    void anOversizeBodyIs413() {
        ServerConfig small = config(Map.of("LOOKALIKE_SERVER_MAX_BODY_BYTES", "1024", "LOOKALIKE_UPLOADS_MAX_BYTES", "1024",
                "LOOKALIKE_AUTH_WRITE_KEYS", WRITE_KEY));
        LookalikeServer server = LookalikeServer.create(INDEX.engine(), small);
        // a route reading its body through Javalin is capped by server.max_body_bytes
        server.app().post("/v1/test-writes", ctx -> ctx.result(ctx.bodyAsBytes().length + " bytes"));
        String big = "{\"q\": \"" + "x".repeat(10_000) + "\"}";
        JavalinTest.test(server.app(), (app, client) -> {
            assertThat(error(send(client, "POST", "/v1/search", big), 413).get("code").asText()).isEqualTo("payload_too_large");
            Response upsert = send(client, "POST", "/v1/test-writes", "x".repeat(2000), "X-API-Key", WRITE_KEY);
            assertThat(error(upsert, 413).get("code").asText()).isEqualTo("payload_too_large");
            assertThat(send(client, "POST", "/v1/test-writes", "x".repeat(1000), "X-API-Key", WRITE_KEY).body().string())
                    .isEqualTo("1000 bytes");
            // a chunked body (no Content-Length) is capped as well, on every route that reads one
            RequestBody chunked = new RequestBody() {
                @Override
                public MediaType contentType() {
                    return APPLICATION_JSON;
                }

                @Override
                public long contentLength() {
                    return -1;
                }

                @Override
                public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
                    sink.writeUtf8(big);
                }
            };
            Response apply = client.request("/v1/attributes/apply", b -> b.post(chunked).header("X-API-Key", WRITE_KEY));
            assertThat(error(apply, 413).get("code").asText()).isEqualTo("payload_too_large");
        });
    }

    @Test
    void loadingThePageDoesNotUseUpTheClientsConcurrencySlots() {
        // "/" is forwarded to the welcome file, which runs the before handlers a second time on the same request
        LookalikeServer server = LookalikeServer.create(INDEX.engine(),
                config(Map.of("LOOKALIKE_SERVER_MAX_CONCURRENT_PER_CLIENT", "2")));
        JavalinTest.test(server.app(), (app, client) -> {
            for (int i = 0; i < 3; i++) {
                assertThat(client.get("/").code()).as("page load " + (i + 1)).isEqualTo(200);
            }
            assertThat(client.get("/v1/products").code()).isEqualTo(200);
        });
    }

    /** An INDEX.engine() over the test index whose {@code upsert} takes {@code ms} longer. */
    private static Lookalike engineWhoseUpsertSleeps(long ms) {
        return engineWhoseStore("upsert", () -> Thread.sleep(ms));
    }

    /** An INDEX.engine() over the test index whose {@code list} blocks until {@code release}, or fails when it is null. */
    private static Lookalike engineWhoseListing(CountDownLatch release) {
        return engineWhoseStore("list", () -> {
            if (release == null) {
                throw new IllegalStateException("disk on fire at /secret/path");
            }
            release.await(30, TimeUnit.SECONDS);
        });
    }

    /** Runs before each call of one store method. */
    private interface Before {
        void run() throws Exception;
    }

    /** An INDEX.engine() over the test index (never closed through it) that runs {@code before} ahead of {@code method}. */
    private static Lookalike engineWhoseStore(String method, Before before) {
        ProductStore real = INDEX.engine().store();
        ProductStore store = (ProductStore) Proxy.newProxyInstance(ProductStore.class.getClassLoader(),
                new Class<?>[] {ProductStore.class}, (proxy, m, args) -> {
                    if (m.getName().equals(method)) {
                        before.run();
                    }
                    if (m.getName().equals("close")) {
                        return null; // the shared store stays open
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new Lookalike(store, INDEX.engine().vectorizer());
    }

    @Test
    void aSlowRequestIsAnswered503TimeoutAsJson() {
        CountDownLatch release = new CountDownLatch(1);
        LookalikeServer server = LookalikeServer.create(engineWhoseListing(release),
                config(Map.of("LOOKALIKE_SERVER_REQUEST_TIMEOUT_MS", "200", "LOOKALIKE_SERVER_MAX_CONCURRENT_PER_CLIENT", "1")));
        try {
            JavalinTest.test(server.app(), (app, client) -> {
                JsonNode e = error(client.get("/v1/products"), 503);
                assertThat(e.get("code").asText()).isEqualTo("timeout");
                assertThat(e.get("message").asText()).contains("200 ms");
                // the other routes still answer, and the timed-out request (still blocked) gave back its only slot
                assertThat(client.get("/v1/products/p1").code()).isEqualTo(200);
            });
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSlowWriteIsNotTimedOutButAnsweredWithItsResult() throws Exception {
        LookalikeServer server = LookalikeServer.create(engineWhoseUpsertSleeps(600), config(Map.of(
                "LOOKALIKE_SERVER_REQUEST_TIMEOUT_MS", "200", "LOOKALIKE_AUTH_WRITE_KEYS", WRITE_KEY)));
        try {
            JavalinTest.test(server.app(), (app, client) -> {
                Response r = send(client, "PUT", "/v1/products/slow-1", "{\"title\":\"slow write\"}", "X-API-Key", WRITE_KEY);
                assertThat(r.code()).as("a 503 would say it failed, and it commits").isEqualTo(200);
                assertThat(client.get("/v1/products/slow-1").code()).isEqualTo(200);
            });
        } finally {
            INDEX.engine().store().delete("slow-1"); // the index is shared by this class's tests
            INDEX.engine().store().commit();
            INDEX.engine().store().refresh();
        }
        assertThat(LookalikeServer.isWrite(io.javalin.http.HandlerType.POST, "/v1/search/image")).isFalse();
        assertThat(LookalikeServer.isWrite(io.javalin.http.HandlerType.POST, "/v1/attributes/apply")).isTrue();
    }

    @Test
    void anInternalErrorIsAJson500WithoutDetails() {
        JavalinTest.test(LookalikeServer.create(engineWhoseListing(null)).app(), (app, client) -> {
            Response r = client.get("/v1/products");
            JsonNode e = error(r, 500);
            assertThat(e.get("code").asText()).isEqualTo("internal");
            assertThat(e.toString()).doesNotContain("secret").doesNotContain("IllegalState");
        });
    }

    @Test
    void readyWhileTheIndexIsOpenAndNotAfter(@TempDir Path other) throws Exception {
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            assertThat(json(client.get("/health")).get("status").asText()).isEqualTo("ok");
            Response r = client.get("/ready");
            assertThat(r.code()).isEqualTo(200);
            JsonNode ready = json(r);
            assertThat(ready.get("status").asText()).isEqualTo("ready");
            assertThat(ready.get("products").asLong()).isEqualTo(20);
        });
        try (ImageLoader loader = new ImageLoader(ImageLimits.DEFAULT)) {
            Lookalike closed = TestCatalog.build(other, loader);
            closed.close();
            JavalinTest.test(LookalikeServer.create(closed).app(), (app, client) -> {
                assertThat(error(client.get("/ready"), 503).get("code").asText()).isEqualTo("not_ready");
                assertThat(client.get("/health").code()).isEqualTo(200);
            });
        }
    }

    /** Scrapes until every one of {@code texts} shows up: a request's metric is recorded just after its response is sent. */
    private static String scrapeUntil(HttpClient client, String... texts) throws Exception {
        String body = "";
        for (int i = 0; i < 50; i++) {
            Response r = client.get("/metrics");
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/plain");
            body = r.body().string();
            String scraped = body;
            if (List.of(texts).stream().allMatch(scraped::contains)) {
                break;
            }
            Thread.sleep(20);
        }
        return body;
    }

    @Test
    void metricsHaveLatencyPerRouteTemplateErrorsByCodeAndTheIndexSize() {
        LookalikeServer server = LookalikeServer.create(INDEX.engine(),
                config(Map.of("LOOKALIKE_INDEX_DIR", INDEX.dir().resolve("index").toString())));
        JavalinTest.test(server.app(), (app, client) -> {
            assertThat(client.get("/v1/products/p1").code()).isEqualTo(200);
            assertThat(client.get("/v1/products/p2").code()).isEqualTo(200);
            assertThat(client.get("/v1/products/nope").code()).isEqualTo(404);
            assertThat(client.get("/v1/no/such/route").code()).isEqualTo(404);
            assertThat(client.get("/").code()).isEqualTo(200);
            String series = "http_server_requests_seconds_count{method=\"GET\",route=\"/v1/products/{id}\",status=\"200\"} 2";
            String unmatched = "http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"} 1";
            String page = "http_server_requests_seconds_count{method=\"GET\",route=\"static\",status=\"200\"} 1";
            String text = scrapeUntil(client, series, unmatched, page);
            assertThat(text).contains(series).contains(unmatched).contains(page)
                    .contains("http_server_requests_seconds{method=\"GET\",route=\"/v1/products/{id}\",status=\"200\",quantile=\"0.99\"}")
                    .doesNotContain("route=\"/v1/products/p1\"").doesNotContain("/v1/no/such/route")
                    .contains("lookalike_http_errors_total{code=\"not_found\",status=\"404\"} 2.0")
                    .contains("lookalike_index_products 20.0")
                    .containsPattern("lookalike_index_size_bytes [1-9][0-9.E]*\\n")
                    .contains("jvm_memory_used_bytes");
        });
        JavalinTest.test(LookalikeServer.create(INDEX.engine(), config(Map.of("LOOKALIKE_METRICS_ENABLED", "false"))).app(),
                (app, client) -> assertThat(error(client.get("/metrics"), 404).get("message").asText()).contains("metrics.enabled"));
    }

    @Test
    void catalogWritesAndJobProgressAreExported() throws Exception {
        LookalikeServer server = LookalikeServer.create(INDEX.engine());
        ServerMetrics metrics = server.metrics();
        CatalogService catalog = server.catalog();
        assertThat(metrics.scrape()).contains("lookalike_products_upserted_total 0.0")
                .contains("lookalike_jobs_active{type=\"reindex\"} 0.0");
        byte[] body = ("{\"id\":\"m1\",\"title\":\"metric lamp\"}\n{\"id\":\"m2\",\"price\":-1}\n"
                + "{\"id\":\"m3\",\"title\":\"metric vase\"}\n").getBytes(StandardCharsets.UTF_8);
        ParsedBatch parsed = catalog.parse(body, CatalogService.BodyFormat.JSON_LINES, 10);
        catalog.upsert(parsed.products());
        assertThat(catalog.delete("m3")).isTrue();
        assertThat(metrics.scrape()).contains("lookalike_products_upserted_total 2.0").contains("lookalike_products_deleted_total 1.0")
                .contains("lookalike_products_rejected_total 1.0");
        JobStatus job = catalog.submitReindex();
        for (int i = 0; i < 500 && !catalog.job(job.id()).orElseThrow().state().done(); i++) {
            Thread.sleep(20);
        }
        assertThat(catalog.job(job.id()).orElseThrow().state()).isEqualTo(JobStatus.State.SUCCEEDED);
        String after = metrics.scrape();
        // the re-index rewrote every stored product (the test index plus m1) and is no longer active
        long stored = INDEX.engine().store().count();
        assertThat(after).contains("lookalike_products_upserted_total " + (2 + stored) + ".0")
                .contains("lookalike_jobs_active{type=\"reindex\"} 0.0");
        assertThat(catalog.delete("m1")).isTrue();
        server.close();
    }

    @Test
    void oneAccessLogLinePerRequestWithMethodRouteStatusAndMillis() {
        Logger access = (Logger) LoggerFactory.getLogger("dev.lookalike.server.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
                assertThat(client.get("/v1/products/p3/similar?k=2").code()).isEqualTo(200);
                for (int i = 0; i < 50 && lines.list.isEmpty(); i++) {
                    Thread.sleep(20);
                }
            });
            // JavalinTest adds a request of its own (clearing cookies) outside /v1
            List<String> api = lines.list.stream().map(ILoggingEvent::getFormattedMessage).filter(l -> l.contains("route=/v1/")).toList();
            assertThat(api).hasSize(1);
            assertThat(api.getFirst())
                    .matches("method=GET route=/v1/products/\\{id}/similar status=200 ms=[0-9]+\\.[0-9]");
        } finally {
            access.detachAppender(lines);
        }
    }

    @Test
    void headersWithWrongCaseOrSpacesStillCarryTheKey() {
        Map<String, String> env = new HashMap<>();
        env.put("LOOKALIKE_AUTH_WRITE_KEYS", WRITE_KEY);
        LookalikeServer server = LookalikeServer.create(INDEX.engine(), config(env));
        server.app().post("/v1/jobs", ctx -> ctx.status(202));
        JavalinTest.test(server.app(), (app, client) -> {
            assertThat(send(client, "POST", "/v1/jobs", "{}", "authorization", "bearer  " + WRITE_KEY + " ").code()).isEqualTo(202);
            assertThat(send(client, "POST", "/v1/jobs", "{}", "Authorization", "Basic " + WRITE_KEY).code()).isEqualTo(401);
        });
    }
}
