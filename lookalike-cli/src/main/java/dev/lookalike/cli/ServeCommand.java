package dev.lookalike.cli;

import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.search.ProductStore;
import dev.lookalike.server.LookalikeServer;
import dev.lookalike.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve an index over HTTP (API under /v1, page at /).",
                "Settings: defaults < --config FILE (YAML) < LOOKALIKE_* environment variables < the options below; "
                        + "every key is in docs/configuration.md."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (docs/configuration.md).")
    Path config;

    @Option(names = "--index", paramLabel = "DIR", description = "Index folder (overrides index.dir).")
    Path index;

    @Option(names = "--port", description = "Port (overrides server.port; default 7070).")
    Integer port;

    @Option(names = "--host", description = "Address to listen on (overrides server.host; default 127.0.0.1, 0.0.0.0 for all).")
    String host;

    @Option(names = "--image-root", paramLabel = "DIR", description = "Folder that local picture paths in products sent to"
            + " the write routes must lie in (overrides catalog.image_root); without it, only http(s) pictures are accepted.")
    Path imageRoot;

    @Mixin
    SolrOptions solr = new SolrOptions();

    @Mixin
    ModelCacheOption models = new ModelCacheOption();

    @Option(names = "--max-concurrent-per-client", paramLabel = "N", description = "Requests one client address may have"
            + " in flight before it gets 429; 0: no limit (overrides server.max_concurrent_per_client; default 32).")
    Integer maxConcurrentPerClient;

    @Mixin
    FetchOptions fetch = new FetchOptions();

    @Override
    public Integer call() throws Exception {
        ServerConfig settings = settings(System.getenv());
        ServerConfig.Index where = settings.index();
        ProductStore store = where.solr() ? SolrOptions.open(where.solrZkHosts(), where.solrCollection(), null)
                : LuceneProductStore.openExisting(where.dir());
        serveUntilStopped(IndexOptions.OpenEngine.of(store, models.cache(), settings.images().policy()), settings);
        return 0;
    }

    /**
     * The configuration this command line asks for: the file and {@code env} as {@link ServerConfig#load} reads them,
     * then the options that were given.
     *
     * @throws IllegalArgumentException when neither {@code --index} nor {@code index.dir} names the index, or the
     *                                  configuration is bad (naming the key and where it came from)
     */
    ServerConfig settings(Map<String, String> env) {
        ServerConfig c = ServerConfig.load(config, env);
        if (host != null || port != null) {
            c = c.withListen(host != null ? host : c.server().host(), port != null ? port : c.server().port());
        }
        if (index != null && solr.given()) {
            throw new IllegalArgumentException("give --index DIR or --solr-zk and --solr-collection, not both");
        }
        if (index != null) {
            c = c.withIndexDir(index);
        }
        if (solr.given()) {
            c = c.withSolr(solr.zkHosts, solr.collection);
        }
        if (imageRoot != null) {
            c = c.withImageRoot(imageRoot);
        }
        if (maxConcurrentPerClient != null) {
            c = c.withMaxConcurrentPerClient(maxConcurrentPerClient);
        }
        c = c.withImages(fetch.over(c.images()));
        if (c.index().dir() == null && !c.index().solr()) {
            throw new IllegalArgumentException("no index: give --index DIR (or --solr-zk and --solr-collection), index.dir"
                    + " (or index.solr_zk_hosts and index.solr_collection) in the --config file, or LOOKALIKE_INDEX_DIR");
        }
        return c;
    }

    /**
     * Serves until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes the server and the engine (taking ownership
     * of {@code open}) before the JVM exits, so the index is closed cleanly.
     */
    static void serveUntilStopped(IndexOptions.OpenEngine open, ServerConfig settings) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (LookalikeServer server = LookalikeServer.create(open.engine(), settings).start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lookalike-shutdown"));
            String host = settings.server().host();
            System.err.println("Lookalike is serving " + open.engine().store().count() + " products on http://"
                    + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + server.port() + "/  (Ctrl-C stops)");
            stopped.await();
        } finally {
            open.close();
            closed.countDown();
        }
    }
}
