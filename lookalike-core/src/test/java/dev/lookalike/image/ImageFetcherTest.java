package dev.lookalike.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lookalike.catalog.ImageRef;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFetcherTest {

    private static final int CAP = 1_000;
    /** The deadline of the two timeout tests; the others get a generous one, so that a loaded machine does not fail them. */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(400);
    private static final ImageLimits LIMITS =
            new ImageLimits(1_000_000, CAP, Duration.ofSeconds(10), Duration.ofSeconds(30));
    private static final ImageLimits IMPATIENT =
            new ImageLimits(1_000_000, CAP, Duration.ofSeconds(2), READ_TIMEOUT);
    private static final byte[] PNG =
            TestImages.encode(TestImages.solid(8, 8, BufferedImage.TYPE_INT_RGB, 0x2266AA), "png");

    /** These tests fetch from a loopback server, which the default policy refuses. */
    static final FetchPolicy LOOPBACK = FetchPolicy.DEFAULT.allowing("127.0.0.1");

    private HttpServer server;
    private ExecutorService handlers;
    private ImageFetcher fetcher;
    private final AtomicInteger okHits = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/ok.png", exchange -> {
            okHits.incrementAndGet();
            respond(exchange, 200, PNG);
        });
        server.createContext("/missing.png", exchange -> respond(exchange, 404, "not here".getBytes()));
        server.createContext("/slow-headers.png", exchange -> {
            sleep(3_000);
            respond(exchange, 200, PNG);
        });
        server.createContext("/slow-body.png", exchange -> {
            exchange.sendResponseHeaders(200, 900);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[100]);
                out.flush();
                sleep(3_000);
                out.write(new byte[800]);
            } catch (IOException expected) {
                // the client gave up
            }
        });
        server.createContext("/big-with-length.png", exchange -> respond(exchange, 200, new byte[CAP + 1]));
        server.createContext("/big-chunked.png", exchange -> {
            exchange.sendResponseHeaders(200, 0); // 0 = chunked, no Content-Length
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write(new byte[100]);
                }
            } catch (IOException expected) {
                // the client stops reading at the cap
            }
        });
        server.createContext("/exactly-cap.png", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[CAP]);
            }
        });
        server.createContext("/redirect.png", exchange -> redirect(exchange, "/ok.png"));
        server.createContext("/loop.png", exchange -> redirect(exchange, "/loop.png"));
        server.start();
        fetcher = new ImageFetcher(LIMITS, LOOPBACK);
    }

    @AfterEach
    void stopServer() {
        fetcher.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    // ---- http -------------------------------------------------------------------------------------------

    @Test
    void fetchesOk() throws Exception {
        assertThat(fetcher.fetch(http("/ok.png"))).isEqualTo(PNG);
    }

    @Test
    void reportsHttpStatus() {
        ImageRef ref = http("/missing.png");

        assertThatThrownBy(() -> fetcher.fetch(ref))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(ref + ": HTTP 404");
    }

    @Test
    void timesOutWaitingForHeaders() {
        ImageRef ref = http("/slow-headers.png");
        fetcher.close();
        fetcher = new ImageFetcher(IMPATIENT, LOOPBACK);
        long start = System.nanoTime();

        assertThatThrownBy(() -> fetcher.fetch(ref))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(ref + ": no response within PT0.4S");
        assertThat(elapsedMillis(start)).isLessThan(1_500);
    }

    @Test
    void timesOutWhileBodyTrickles() {
        // The HttpClient request timeout stops at the headers; the fetcher bounds the whole transfer.
        ImageRef ref = http("/slow-body.png");
        fetcher.close();
        fetcher = new ImageFetcher(IMPATIENT, LOOPBACK);
        long start = System.nanoTime();

        assertThatThrownBy(() -> fetcher.fetch(ref))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(ref + ": download did not finish within PT0.4S");
        assertThat(elapsedMillis(start)).isLessThan(1_500);
    }

    @Test
    void refusesContentLengthAboveCap() {
        ImageRef ref = http("/big-with-length.png");

        assertThatThrownBy(() -> fetcher.fetch(ref))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(ref + ": Content-Length is 1001 bytes, above the cap of 1000 bytes");
    }

    @Test
    void refusesChunkedBodyAboveCap() {
        ImageRef ref = http("/big-chunked.png");

        assertThatThrownBy(() -> fetcher.fetch(ref))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(ref + ": response body is larger than the cap of 1000 bytes");
    }

    @Test
    void acceptsChunkedBodyOfExactlyTheCap() throws Exception {
        assertThat(fetcher.fetch(http("/exactly-cap.png"))).hasSize(CAP);
    }

    @Test
    void followsRedirects() throws Exception {
        assertThat(fetcher.fetch(http("/redirect.png"))).isEqualTo(PNG);
        assertThat(okHits).hasValue(1);
    }

    @Test
    void stopsFollowingEndlessRedirects() {
        ImageRef ref = http("/loop.png");

        assertThatThrownBy(() -> fetcher.fetch(ref))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageStartingWith(ref + ": more than ")
                .hasMessageContaining("302");
    }

    @Test
    void reportsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ImageRef ref = new ImageRef(URI.create("http://127.0.0.1:" + port + "/x.png"));

        assertThatThrownBy(() -> fetcher.fetch(ref))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageStartingWith(ref + ": cannot connect");
    }

    @Test
    void refusesUseAfterClose() {
        fetcher.close();

        assertThatThrownBy(() -> fetcher.fetch(http("/ok.png"))).isInstanceOf(IllegalStateException.class);
        assertThat(okHits).hasValue(0);
    }

    // ---- files ------------------------------------------------------------------------------------------

    @Test
    void readsFile() throws Exception {
        Path file = Files.write(dir.resolve("ok.png"), PNG);

        assertThat(fetcher.fetch(new ImageRef(file.toUri()))).isEqualTo(PNG);
    }

    @Test
    void reportsMissingFileByPath() {
        Path file = dir.resolve("nope.jpg");

        assertThatThrownBy(() -> fetcher.fetch(new ImageRef(file.toUri())))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(file + ": no such file");
    }

    @Test
    void refusesDirectory() {
        assertThatThrownBy(() -> fetcher.fetch(new ImageRef(dir.toUri())))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(dir + ": is a directory, not an image file");
    }

    @Test
    void refusesFileAboveCapFromItsSize() throws IOException {
        Path big = Files.write(dir.resolve("big.jpg"), new byte[CAP + 1]);
        Path exact = Files.write(dir.resolve("exact.jpg"), new byte[CAP]);

        assertThatThrownBy(() -> fetcher.fetch(new ImageRef(big.toUri())))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(big + ": 1001 bytes, above the cap of 1000 bytes");
        assertThat(fetchQuietly(new ImageRef(exact.toUri()))).hasSize(CAP);
    }

    @Test
    void rejectsProgrammingErrors() {
        assertThatThrownBy(() -> new ImageFetcher(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fetcher.fetch(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private byte[] fetchQuietly(ImageRef ref) {
        try {
            return fetcher.fetch(ref);
        } catch (ImageLoadException e) {
            throw new AssertionError(e);
        }
    }

    private ImageRef http(String path) {
        return new ImageRef(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "image/png");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException expected) {
            // the client may close early, e.g. after refusing the Content-Length
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
