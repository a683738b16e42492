package dev.lookalike.server;

import dev.lookalike.image.FetchPolicy;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.search.VectorQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service's configuration: defaults, overridden by a YAML file, overridden by {@code LOOKALIKE_*} environment
 * variables ({@link #load}). Every key, its default and its environment variable is in {@code docs/configuration.md}.
 * Immutable; the records validate themselves and name the key in the {@link IllegalArgumentException} they throw.
 *
 * @param server  listening address, request limits, CORS
 * @param index   the index folder
 * @param auth    API keys and whether reads need one
 * @param search  query limits
 * @param uploads caps on uploaded pictures (search by photo)
 * @param metrics the Prometheus endpoint
 * @param catalog the write routes: how soon writes are visible, where local pictures may be read from
 * @param images  which hosts pictures named in products may be downloaded from
 */
public record ServerConfig(Server server, Index index, Auth auth, Search search, Uploads uploads, Metrics metrics,
                           Catalog catalog, Images images) {

    /** Shortest API key accepted: a guessable key is no key. */
    public static final int MIN_KEY_LENGTH = 16;

    public ServerConfig {
        require(server != null, "server", "must be a mapping", server);
        require(index != null, "index", "must be a mapping", index);
        require(auth != null, "auth", "must be a mapping", auth);
        require(search != null, "search", "must be a mapping", search);
        require(uploads != null, "uploads", "must be a mapping", uploads);
        require(metrics != null, "metrics", "must be a mapping", metrics);
        require(catalog != null, "catalog", "must be a mapping", catalog);
        require(images != null, "images", "must be a mapping", images);
    }

    /**
     * @param host             address to listen on
     * @param port             port, 0 picks a free one
     * @param requestTimeoutMs longest a request may take before it is answered 503 {@code timeout}; 0 for none
     * @param maxBodyBytes     largest request body apart from an uploaded picture (a search body may be larger by the
     *                         picture's upload cap)
     * @param threads          workers that run requests (they run off Jetty's threads so that they can time out);
     *                         0 for twice the processors
     * @param corsOrigins      origins allowed to call the API from a browser ({@code *} for any); empty for none
     * @param maxConcurrentPerClient requests in flight per client address before 429 {@code too_many_requests};
     *                         0 for no limit ({@code /health} is never limited)
     */
    public record Server(String host, int port, long requestTimeoutMs, long maxBodyBytes, int threads,
                         List<String> corsOrigins, int maxConcurrentPerClient) {
        public Server {
            require(host != null && !host.isBlank(), "server.host", "must be a host name or address", host);
            require(port >= 0 && port <= 65_535, "server.port", "must be between 0 and 65535", port);
            require(requestTimeoutMs >= 0, "server.request_timeout_ms", "must be >= 0 (0: no timeout)", requestTimeoutMs);
            require(maxBodyBytes >= 1024, "server.max_body_bytes", "must be >= 1024", maxBodyBytes);
            require(threads >= 0 && threads <= 1024, "server.threads", "must be between 0 and 1024 (0: twice the processors)", threads);
            corsOrigins = strings(corsOrigins, "server.cors_origins");
            require(maxConcurrentPerClient >= 0, "server.max_concurrent_per_client", "must be >= 0 (0: no limit)",
                    maxConcurrentPerClient);
        }

        /** The worker count, {@code threads} or twice the processors. */
        public int workerThreads() {
            return threads > 0 ? threads : 2 * Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Where the products are: an index folder (the embedded store), or a SolrCloud collection (both {@code solrZkHosts}
     * and {@code solrCollection}); at most one of the two. All null when given on the command line instead.
     *
     * @param dir            the index folder
     * @param solrZkHosts    SolrCloud ZooKeeper hosts, {@code host:port[,host:port...][/chroot]}
     * @param solrCollection the SolrCloud collection
     */
    public record Index(Path dir, String solrZkHosts, String solrCollection) {
        public Index {
            require((solrZkHosts == null) == (solrCollection == null), "index.solr_zk_hosts",
                    "and index.solr_collection go together", solrZkHosts == null ? "only index.solr_collection" : "only index.solr_zk_hosts");
            require(dir == null || solrZkHosts == null, "index.dir", "and index.solr_zk_hosts exclude each other", dir);
        }

        /** Whether the products are in a SolrCloud collection. */
        public boolean solr() {
            return solrZkHosts != null;
        }
    }

    /**
     * @param writeKeys keys that may write (and read); no key means writes are refused
     * @param readKeys  keys that may read when {@code lockReads}
     * @param lockReads whether reads under {@code /v1} need a read or write key
     */
    public record Auth(List<String> writeKeys, List<String> readKeys, boolean lockReads) {
        public Auth {
            writeKeys = keys(writeKeys, "auth.write_keys");
            readKeys = keys(readKeys, "auth.read_keys");
            require(!lockReads || !writeKeys.isEmpty() || !readKeys.isEmpty(), "auth.lock_reads",
                    "needs a key in auth.read_keys or auth.write_keys when true", lockReads);
        }

        /** Never prints the keys. */
        @Override
        public String toString() {
            return "Auth[writeKeys=" + writeKeys.size() + " keys, readKeys=" + readKeys.size() + " keys, lockReads="
                    + lockReads + "]";
        }

        private static List<String> keys(List<String> keys, String key) {
            List<String> list = strings(keys, key);
            for (String k : list) {
                // the key itself is never quoted in a message
                require(k.length() >= MIN_KEY_LENGTH && k.strip().equals(k), key,
                        "keys must be at least " + MIN_KEY_LENGTH + " characters without surrounding spaces",
                        "a key of " + k.length() + " characters");
            }
            return list;
        }
    }

    /** @param maxK most hits one request may ask for (at most 1,000) */
    public record Search(int maxK) {
        public Search {
            require(maxK >= 1 && maxK <= VectorQuery.MAX_K, "search.max_k", "must be between 1 and " + VectorQuery.MAX_K, maxK);
        }
    }

    /**
     * @param maxBytes  largest uploaded picture, encoded
     * @param maxPixels largest uploaded picture, width x height, checked from its header before decoding
     */
    public record Uploads(long maxBytes, long maxPixels) {
        public Uploads {
            require(maxBytes >= 1, "uploads.max_bytes", "must be >= 1", maxBytes);
            require(maxPixels >= 1, "uploads.max_pixels", "must be >= 1", maxPixels);
        }

        /** The caps of {@code limits} that apply to uploads. */
        public static Uploads of(ImageLimits limits) {
            return new Uploads(limits.maxBytes(), limits.maxPixels());
        }

        /** The caps as the engine takes them (remote timeouts do not apply to uploads and keep their defaults). */
        public ImageLimits imageLimits() {
            return new ImageLimits(maxPixels, maxBytes, ImageLimits.DEFAULT.connectTimeout(), ImageLimits.DEFAULT.readTimeout());
        }
    }

    /** @param enabled whether {@code /metrics} serves Prometheus metrics */
    public record Metrics(boolean enabled) {
    }

    /**
     * @param refreshMs how often writes made to the store by other means become visible to searches (acknowledged
     *                  writes through the API are visible at once)
     * @param imageRoot folder that local picture paths in products sent to the write routes must lie in; null: only
     *                  http(s) pictures are accepted
     */
    public record Catalog(long refreshMs, Path imageRoot) {
        public Catalog {
            require(refreshMs >= 10 && refreshMs <= 3_600_000, "catalog.refresh_ms", "must be between 10 and 3600000", refreshMs);
        }
    }

    /**
     * Pictures named in products sent to the write routes are downloaded only from public addresses, unless allowed
     * here ({@link FetchPolicy}).
     *
     * @param fetchAllow         IP addresses, CIDR blocks or host names let through although they are not public
     * @param fetchMaxRedirects  redirects followed per picture, 0 to {@value FetchPolicy#MAX_REDIRECTS}
     */
    public record Images(List<String> fetchAllow, int fetchMaxRedirects) {
        public Images {
            fetchAllow = strings(fetchAllow, "images.fetch_allow");
            require(fetchMaxRedirects >= 0 && fetchMaxRedirects <= FetchPolicy.MAX_REDIRECTS, "images.fetch_max_redirects",
                    "must be between 0 and " + FetchPolicy.MAX_REDIRECTS, fetchMaxRedirects);
            try {
                new FetchPolicy(fetchAllow, fetchMaxRedirects);
            } catch (IllegalArgumentException e) {
                throw new BadValue("images.fetch_allow", e.getMessage());
            }
        }

        /** The download policy these settings make. */
        public FetchPolicy policy() {
            return new FetchPolicy(fetchAllow, fetchMaxRedirects);
        }
    }

    /** Every default, as documented in {@code docs/configuration.md}. */
    public static ServerConfig defaults() {
        return new ServerConfig(
                new Server("127.0.0.1", 7070, 30_000, 2L * 1024 * 1024, 0, List.of(), 32),
                new Index(null, null, null),
                new Auth(List.of(), List.of(), false),
                new Search(VectorQuery.MAX_K),
                new Uploads(ImageLimits.DEFAULT.maxBytes(), ImageLimits.DEFAULT.maxPixels()),
                new Metrics(true),
                new Catalog(1000, null),
                new Images(FetchPolicy.DEFAULT.allow(), FetchPolicy.DEFAULT.maxRedirects()));
    }

    /**
     * Defaults, overridden by {@code file} (YAML; null for none), overridden by the {@code LOOKALIKE_*} variables in
     * {@code env}: {@code server.port} by {@code LOOKALIKE_SERVER_PORT}, lists comma-separated.
     *
     * @throws IllegalArgumentException naming the key and the file (with its line) or the variable, for an unknown
     *                                  key, a malformed file or a bad value
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static ServerConfig load(Path file, Map<String, String> env) {
        return ConfigLoader.load(file, env);
    }

    /** The same configuration with {@code server.host} and {@code server.port} replaced (command-line options). */
    public ServerConfig withListen(String host, int port) {
        return new ServerConfig(new Server(host, port, server.requestTimeoutMs, server.maxBodyBytes, server.threads,
                server.corsOrigins, server.maxConcurrentPerClient), index, auth, search, uploads, metrics, catalog, images);
    }

    /** The same configuration with {@code uploads} replaced. */
    public ServerConfig withUploads(Uploads uploads) {
        return new ServerConfig(server, index, auth, search, uploads, metrics, catalog, images);
    }

    /** The same configuration with {@code index.dir} replaced and no SolrCloud collection (a command-line option). */
    public ServerConfig withIndexDir(Path dir) {
        return new ServerConfig(server, new Index(dir, null, null), auth, search, uploads, metrics, catalog, images);
    }

    /** The same configuration with a SolrCloud collection instead of an index folder (command-line options). */
    public ServerConfig withSolr(String zkHosts, String collection) {
        return new ServerConfig(server, new Index(null, zkHosts, collection), auth, search, uploads, metrics, catalog, images);
    }

    /** The same configuration with {@code catalog.image_root} replaced (a command-line option). */
    public ServerConfig withImageRoot(Path root) {
        return new ServerConfig(server, index, auth, search, uploads, metrics, new Catalog(catalog.refreshMs, root), images);
    }

    /** The same configuration with {@code server.max_concurrent_per_client} replaced (a command-line option). */
    public ServerConfig withMaxConcurrentPerClient(int n) {
        return new ServerConfig(new Server(server.host, server.port, server.requestTimeoutMs, server.maxBodyBytes,
                server.threads, server.corsOrigins, n), index, auth, search, uploads, metrics, catalog, images);
    }

    /** The same configuration with {@code images} replaced (command-line options). */
    public ServerConfig withImages(Images images) {
        return new ServerConfig(server, index, auth, search, uploads, metrics, catalog, images);
    }

    private static List<String> strings(List<String> list, String key) {
        require(list != null, key, "must be a list", null);
        for (String s : list) {
            require(s != null && !s.isBlank(), key, "must not hold empty entries", list.size() + " entries");
        }
        return List.copyOf(list);
    }

    private static void require(boolean ok, String key, String what, Object value) {
        if (!ok) {
            throw new BadValue(key, what + ", got " + value);
        }
    }

    /** A value that fails validation; {@link ConfigLoader} adds where it came from. */
    static final class BadValue extends IllegalArgumentException {
        final String key;
        final String problem;

        BadValue(String key, String problem) {
            super(key + " " + problem);
            this.key = key;
            this.problem = problem;
        }
    }
}
