package dev.lookalike.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server (127.0.0.1, a free port) laid out like the Hugging Face hub for tests: files are put at
 * paths such as {@code /acme/tiny/resolve/main/onnx/model.onnx}; anything else answers 404. A path can also be made
 * to misbehave: truncated (announces the full length, sends part, drops the connection), stalled (sends part, then
 * nothing until the server closes), slow to answer at all, or redirected elsewhere. Records every request path.
 * Thread-safe; close it.
 */
public final class HubServer implements AutoCloseable {

    private sealed interface Route permits Body, Truncated, Stalled, Silent, Redirect {
    }

    private record Body(byte[] bytes) implements Route {
    }

    private record Truncated(byte[] bytes, int sent) implements Route {
    }

    private record Stalled(byte[] bytes, int sent) implements Route {
    }

    private record Silent() implements Route {
    }

    private record Redirect(String location) implements Route {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hub-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    private HubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static HubServer start() throws IOException {
        return new HubServer();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The path of a file of a hub repository: {@code /<repo>/resolve/<revision>/<file>}. */
    public static String hubPath(String repository, String revision, String file) {
        return "/" + repository + "/resolve/" + revision + "/" + file;
    }

    public HubServer put(String path, byte[] bytes) {
        routes.put(path, new Body(bytes.clone()));
        return this;
    }

    /** Announces all of {@code bytes}, sends the first {@code sent}, then drops the connection. */
    public HubServer truncate(String path, byte[] bytes, int sent) {
        routes.put(path, new Truncated(bytes.clone(), sent));
        return this;
    }

    /** Announces all of {@code bytes}, sends the first {@code sent}, then sends nothing until the server closes. */
    public HubServer stall(String path, byte[] bytes, int sent) {
        routes.put(path, new Stalled(bytes.clone(), sent));
        return this;
    }

    /** Accepts the request and never answers (until the server closes). */
    public HubServer silent(String path) {
        routes.put(path, new Silent());
        return this;
    }

    /** Answers 302 to {@code location} (a path on this server). */
    public HubServer redirect(String path, String location) {
        routes.put(path, new Redirect(location));
        return this;
    }

    /** The paths requested so far, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        Route route = routes.get(path);
        try (exchange) {
            switch (route) {
                case null -> send(exchange, 404, "not found".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                case Body b -> send(exchange, 200, b.bytes());
                case Redirect r -> {
                    exchange.getResponseHeaders().add("Location", r.location());
                    exchange.sendResponseHeaders(302, -1);
                }
                case Truncated t -> {
                    exchange.sendResponseHeaders(200, t.bytes().length);
                    OutputStream out = exchange.getResponseBody();
                    out.write(t.bytes(), 0, t.sent());
                    out.flush();
                    // closing with bytes missing makes the server drop the connection
                }
                case Stalled s -> {
                    exchange.sendResponseHeaders(200, s.bytes().length);
                    OutputStream out = exchange.getResponseBody();
                    out.write(s.bytes(), 0, s.sent());
                    out.flush();
                    awaitRelease();
                }
                case Silent ignored -> awaitRelease();
            }
        } catch (IOException e) {
            // the client went away or the truncated body was cut: expected in these tests
        }
    }

    private void awaitRelease() {
        try {
            released.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int off = 0; off < body.length; off += 1 << 16) { // the server copies each write: keep them small
                out.write(body, off, Math.min(1 << 16, body.length - off));
            }
        }
    }

    /** Lower-case hex SHA-256 of {@code bytes}, computed with the JDK. */
    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
