package dev.lookalike.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lookalike.catalog.ImageRef;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server-side request forgery: which addresses {@link ImageFetcher} refuses, on the first hop and on redirects. */
class FetchPolicyTest {

    private static final ImageLimits LIMITS = new ImageLimits(1_000_000, 1_000, Duration.ofSeconds(2), Duration.ofSeconds(2));
    private static final byte[] BODY = "not really a picture".getBytes();

    private HttpServer server;
    private final AtomicInteger okHits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok.png", exchange -> {
            okHits.incrementAndGet();
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.createContext("/to-loopback-ip.png", exchange -> redirect(exchange, "http://127.0.0.1:" + port() + "/ok.png"));
        server.createContext("/to-private.png", exchange -> redirect(exchange, "http://10.1.2.3/ok.png"));
        server.createContext("/to-metadata.png", exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-file.png", exchange -> redirect(exchange, "file:///etc/passwd"));
        for (int i = 1; i <= 3; i++) {
            String next = i == 1 ? "/ok.png" : "/chain" + (i - 1) + ".png";
            server.createContext("/chain" + i + ".png", exchange -> redirect(exchange, next));
        }
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void refusesLoopbackByDefault() {
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS)) {
            ImageRef ref = at("127.0.0.1", "/ok.png");

            assertThatThrownBy(() -> fetcher.fetch(ref))
                    .isInstanceOf(ImageLoadException.class)
                    .hasMessage(ref + ": refused: host '127.0.0.1' resolves to 127.0.0.1, a loopback address"
                            + " (not fetched unless allowed by the fetch allow-list)");
            assertThatThrownBy(() -> fetcher.fetch(at("localhost", "/ok.png")))
                    .hasMessageContaining("a loopback address");
        }
        assertThat(okHits).hasValue(0);
    }

    @Test
    void allowListLetsLoopbackThroughByAddressBlockOrName() throws Exception {
        try (ImageFetcher byBlock = new ImageFetcher(LIMITS, FetchPolicy.DEFAULT.allowing("127.0.0.0/8"));
             ImageFetcher byName = new ImageFetcher(LIMITS, FetchPolicy.DEFAULT.allowing("LocalHost"))) {
            assertThat(byBlock.fetch(at("127.0.0.1", "/ok.png"))).isEqualTo(BODY);
            assertThat(byName.fetch(at("localhost", "/ok.png"))).isEqualTo(BODY);
            assertThatThrownBy(() -> byName.fetch(at("127.0.0.1", "/ok.png"))).hasMessageContaining("loopback");
        }
        assertThat(okHits).hasValue(2);
    }

    @Test
    void checksEveryRedirectHop() {
        // the first hop is allowed by name; the redirect targets are checked by their own addresses
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS, FetchPolicy.DEFAULT.allowing("localhost"))) {
            assertThatThrownBy(() -> fetcher.fetch(at("localhost", "/to-loopback-ip.png")))
                    .isInstanceOf(ImageLoadException.class)
                    .hasMessageContaining("refused: host '127.0.0.1' resolves to 127.0.0.1, a loopback address")
                    .hasMessageContaining("(redirected to http://127.0.0.1:");
            assertThatThrownBy(() -> fetcher.fetch(at("localhost", "/to-private.png")))
                    .hasMessageContaining("refused: host '10.1.2.3' resolves to 10.1.2.3, a private address");
            assertThatThrownBy(() -> fetcher.fetch(at("localhost", "/to-metadata.png")))
                    .hasMessageContaining("169.254.169.254, a link-local address");
            assertThatThrownBy(() -> fetcher.fetch(at("localhost", "/to-file.png")))
                    .hasMessageContaining("redirect to a non-HTTP URL 'file:///etc/passwd' refused");
        }
        assertThat(okHits).hasValue(0);
    }

    @Test
    void capsRedirects() throws Exception {
        FetchPolicy loopback = FetchPolicy.DEFAULT.allowing("127.0.0.1");
        try (ImageFetcher two = new ImageFetcher(LIMITS, loopback.withMaxRedirects(2));
             ImageFetcher three = new ImageFetcher(LIMITS, loopback.withMaxRedirects(3));
             ImageFetcher none = new ImageFetcher(LIMITS, loopback.withMaxRedirects(0))) {
            ImageRef ref = at("127.0.0.1", "/chain3.png");
            assertThatThrownBy(() -> two.fetch(ref)).hasMessageStartingWith(ref + ": more than 2 redirects (HTTP 302");
            assertThatThrownBy(() -> none.fetch(at("127.0.0.1", "/chain1.png"))).hasMessageContaining("more than 0 redirects");
            assertThat(okHits).hasValue(0);
            assertThat(three.fetch(ref)).isEqualTo(BODY);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.0.0.1", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "255.255.255.255", "198.18.0.1",
            "192.0.0.8", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
            "::ffff:10.0.0.1", "::127.0.0.1"})
    void refusesNonPublicAddresses(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(FetchPolicy.DEFAULT.refusal(literal, address)).isNotNull().contains(address.getHostAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111"})
    void allowsPublicAddresses(String literal) throws Exception {
        assertThat(FetchPolicy.DEFAULT.refusal(literal, InetAddress.getByName(literal))).isNull();
    }

    @Test
    void allowListMatchesBlocksExactly() throws Exception {
        FetchPolicy policy = FetchPolicy.DEFAULT.allowing("10.1.0.0/16", "fd00::/8", "192.168.7.7");

        assertThat(policy.refusal("a", InetAddress.getByName("10.1.255.3"))).isNull();
        assertThat(policy.refusal("a", InetAddress.getByName("10.2.0.1"))).contains("private");
        assertThat(policy.refusal("a", InetAddress.getByName("fd99::1"))).isNull();
        assertThat(policy.refusal("a", InetAddress.getByName("192.168.7.7"))).isNull();
        assertThat(policy.refusal("a", InetAddress.getByName("192.168.7.8"))).contains("private");
    }

    @Test
    void refusesBadAllowListEntriesNamingThem() {
        for (String bad : List.of("10.0.0.0/33", "::1/129", "10.0.0.0/x", "", "a b", "host/8", "1.2.3.4.5")) {
            assertThatThrownBy(() -> FetchPolicy.DEFAULT.allowing(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> FetchPolicy.DEFAULT.withMaxRedirects(21)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FetchPolicy.DEFAULT.withMaxRedirects(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private ImageRef at(String host, String path) {
        return new ImageRef(URI.create("http://" + host + ":" + port() + path));
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }
}
