package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-client concurrency limit (429), 503 from a closed catalog service, no internal details in errors. */
class HardeningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The API key of the servers these tests start ({@code auth.write_keys}); {@link #send} sends it with writes. */
    static final String WRITE_KEY = "hardening-test-write-key";

    @RegisterExtension
    static final TestIndex INDEX = new TestIndex();

    @Test
    void aClientAboveItsConcurrencyLimitGets429AndTheSlotComesBack() throws Exception {
        try (LookalikeServer server = LookalikeServer.create(INDEX.engine(), ServerConfig.load(null, Map.of(
                "LOOKALIKE_AUTH_WRITE_KEYS", WRITE_KEY, "LOOKALIKE_SERVER_MAX_CONCURRENT_PER_CLIENT", "1"))).start("127.0.0.1", 0);
             HttpClient http = HttpClient.newHttpClient()) {
            // errors must give their slot back: with a limit of 1, ten failing requests in a row all get their own answer
            for (int i = 0; i < 10; i++) {
                assertThat(send(http, server, "GET", "/v1/products/nope", null).statusCode()).isEqualTo(404);
                assertThat(send(http, server, "POST", "/v1/search", "{not json").statusCode()).isEqualTo(400);
            }
            // a request whose body is still being sent holds the slot. Jetty may dispatch it after the first probe
            // (which then holds the slot, and the slow request is the one refused): then it is tried again
            String body = "{\"q\":\"boot\",\"k\":3}";
            boolean held = false;
            for (int attempt = 0; attempt < 5 && !held; attempt++) {
                try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    OutputStream out = slow.getOutputStream();
                    out.write(("POST /v1/search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 5)).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    HttpResponse<String> refused = null;
                    for (int i = 0; i < 100 && refused == null && slow.getInputStream().available() == 0; i++) {
                        HttpResponse<String> r = send(http, server, "GET", "/v1/products/p1", null);
                        if (r.statusCode() == 429) {
                            refused = r;
                        } else {
                            Thread.sleep(20);
                        }
                    }
                    if (refused == null) {
                        continue; // the slow request was answered (refused) first, or never reached its handler: again
                    }
                    held = true;
                    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(JSON.readTree(refused.body()).get("error").get("code").asText()).isEqualTo("too_many_requests");
                    assertThat(send(http, server, "GET", "/health", null).statusCode()).isEqualTo(200); // never limited

                    out.write(body.substring(5).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.US_ASCII));
                    assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                }
            }
            assertThat(held).as("a slow request held the client's only slot in one of 5 attempts").isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int status;
            do {
                status = send(http, server, "GET", "/v1/products/p1", null).statusCode();
            } while (status == 429 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void writesToAClosedCatalogServiceAre503WithoutInternals() throws Exception {
        try (LookalikeServer server = start();
             HttpClient http = HttpClient.newHttpClient()) {
            server.catalog().close();
            for (String[] call : new String[][] {{"PUT", "/v1/products/c1", "{\"title\":\"x\"}"},
                    {"POST", "/v1/products", "[{\"id\":\"c2\"}]"}, {"DELETE", "/v1/products/p1", null},
                    {"POST", "/v1/reindex", ""}}) {
                HttpResponse<String> r = send(http, server, call[0], call[1], call[2]);
                assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                JsonNode error = JSON.readTree(r.body()).get("error");
                assertThat(error.get("code").asText()).isEqualTo("unavailable");
                assertThat(r.body()).doesNotContain("Exception").doesNotContain("dev.lookalike").doesNotContain(INDEX.dir().toString());
            }
            // reads still work
            assertThat(send(http, server, "GET", "/v1/products/p1", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void privatePictureHostsAreNotFetchedWhenWrittenAndThePictureRouteOnlyRedirects() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer internal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        internal.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(200, 1);
            exchange.getResponseBody().write('x');
            exchange.close();
        });
        internal.start();
        try (LookalikeServer server = start();
             HttpClient http = HttpClient.newHttpClient()) { // does not follow redirects
            String url = "http://127.0.0.1:" + internal.getAddress().getPort() + "/secret.png";
            HttpResponse<String> put = send(http, server, "PUT", "/v1/products/ssrf-1", "{\"title\":\"x\",\"images\":[\"" + url + "\"]}");
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(put.body()).get("image_problems").get(0).get("message").asText()).contains("loopback");
            HttpResponse<String> picture = send(http, server, "GET", "/v1/products/ssrf-1/images/0", null);
            assertThat(picture.statusCode()).isEqualTo(302); // the browser's fetch, not the server's
            assertThat(picture.headers().firstValue("Location")).hasValue(url);
            assertThat(hits).hasValue(0);

            HttpResponse<String> noRoute = send(http, server, "GET", "/v1/no/such/route", null);
            assertThat(noRoute.statusCode()).isEqualTo(404);
            assertThat(noRoute.body()).doesNotContain("Jetty").doesNotContain("Exception");
        } finally {
            internal.stop(0);
        }
    }

    /** A server with the default configuration and {@link #WRITE_KEY} as its write key. */
    private static LookalikeServer start() {
        return LookalikeServer.create(INDEX.engine(), ServerConfig.load(null, Map.of("LOOKALIKE_AUTH_WRITE_KEYS", WRITE_KEY)))
                .start("127.0.0.1", 0);
    }

    /** Sends a request; one that is not a {@code GET} carries {@link #WRITE_KEY} in {@code X-API-Key}. */
    static HttpResponse<String> send(HttpClient http, LookalikeServer server, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (!method.equals("GET")) {
            b.header("X-API-Key", WRITE_KEY);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
