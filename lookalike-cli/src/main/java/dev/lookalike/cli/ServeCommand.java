package dev.lookalike.cli;

import dev.lookalike.engine.CatalogService;
import dev.lookalike.server.LookalikeServer;
import dev.lookalike.server.SafetyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve an index over HTTP (API under /v1, page at /).")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    IndexOptions indexOptions;

    @Option(names = "--port", defaultValue = "7070", description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--image-root", paramLabel = "DIR", description = "Folder that local picture paths in products sent to"
            + " the write routes must lie in (relative paths resolve against it); without it, only http(s) pictures are accepted.")
    Path imageRoot;

    @Option(names = "--refresh-ms", defaultValue = "1000", paramLabel = "MS",
            description = "How often writes are made visible to searches, in milliseconds (default ${DEFAULT-VALUE}).")
    long refreshMs;

    @Option(names = "--max-concurrent-per-client", defaultValue = "32", paramLabel = "N",
            description = "Requests one client address may have in flight before it gets 429; 0: no limit (default ${DEFAULT-VALUE}).")
    int maxConcurrentPerClient;

    @Mixin
    FetchOptions fetch = new FetchOptions();

    @Override
    public Integer call() throws Exception {
        CatalogService.Options catalog = CatalogService.Options.defaults().withImageRoot(imageRoot)
                .withRefreshInterval(Duration.ofMillis(refreshMs));
        SafetyOptions safety = new SafetyOptions(maxConcurrentPerClient);
        serveUntilStopped(indexOptions.open(fetch.policy()), host, port, catalog, safety);
        return 0;
    }

    /**
     * Serves until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes the server and the engine (taking ownership
     * of {@code open}) before the JVM exits, so the index is closed cleanly.
     */
    static void serveUntilStopped(IndexOptions.OpenEngine open, String host, int port, CatalogService.Options catalog)
            throws Exception {
        serveUntilStopped(open, host, port, catalog, SafetyOptions.defaults());
    }

    static void serveUntilStopped(IndexOptions.OpenEngine open, String host, int port, CatalogService.Options catalog,
                                  SafetyOptions safety) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (LookalikeServer server = LookalikeServer.create(open.engine(), catalog, safety).start(host, port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lookalike-shutdown"));
            System.err.println("Lookalike is serving " + open.engine().store().count() + " products on http://"
                    + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + server.port() + "/  (Ctrl-C stops)");
            stopped.await();
        } finally {
            open.close();
            closed.countDown();
        }
    }
}
