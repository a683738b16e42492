package dev.lookalike.cli;

import dev.lookalike.server.LookalikeServer;
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

    @Override
    public Integer call() throws Exception {
        serveUntilStopped(indexOptions.open(), host, port);
        return 0;
    }

    /**
     * Serves until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes the server and the engine (taking ownership
     * of {@code open}) before the JVM exits, so the index is closed cleanly.
     */
    static void serveUntilStopped(IndexOptions.OpenEngine open, String host, int port) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (LookalikeServer server = LookalikeServer.create(open.engine()).start(host, port)) {
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
