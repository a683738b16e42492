package dev.lookalike.server;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.engine.BatchTooLargeException;
import dev.lookalike.engine.CatalogService;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.ProductNotFoundException;
import dev.lookalike.engine.ServiceUnavailableException;
import dev.lookalike.image.ImageFetcher;
import dev.lookalike.image.ImageLimits;
import io.javalin.Javalin;
import io.javalin.apibuilder.ApiBuilder;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service: every route is declared in {@link #routes()}, every error is rendered by {@link #error}.
 * Errors are JSON {@code {"error": {"code": "...", "message": "..."}}} and never carry stack traces; a 5xx never carries
 * an internal detail (500 says "internal error" and is logged, 503 says to retry). Requests other than
 * {@code /health} are limited per client address ({@code server.max_concurrent_per_client}, 429 above it).
 *
 * <p>Around every route, without the route saying so: the API-key check ({@link ApiAccess}, by method and route
 * template), the request timeout (endpoints run on a worker pool and are answered 503 {@code timeout} when they take
 * longer than {@code server.request_timeout_ms}), the body cap ({@code server.max_body_bytes} for
 * {@code ctx.body*()}), CORS, one access-log line and the latency metric per request ({@link ServerMetrics}).
 *
 * <p>Thread-safe once started. Closing stops the server and its {@link CatalogService} (committing what was written),
 * not the engine.
 */
public final class LookalikeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LookalikeServer.class);
    /** One line per request: method, route template, status, milliseconds. */
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.lookalike.server.access");

    /** Bytes per read when Javalin copies a result to the response (see {@code cfg.http.responseBufferSize}). */
    static final int RESPONSE_COPY_BUFFER = 8 * 1024;

    private final ServerConfig config;
    private final Javalin app;
    private final ServerMetrics metrics;
    private final ApiAccess access;
    private final ExecutorService workers;
    private final OpsController ops;
    private final ProductController products;
    private final SearchController search;
    private final CatalogController catalogRoutes;
    private final CatalogService catalog;
    private final FacetController facets;
    private final AuditController audit;
    private final ImageFetcher images;
    /** The per-client concurrency limit; null when {@code server.max_concurrent_per_client} is 0. */
    private final ClientConcurrencyLimit perClient;

    private LookalikeServer(Lookalike opened, ServerConfig config) {
        this.config = config;
        // the configured upload caps govern search by photo here, whatever the engine was opened with
        ServerConfig.Uploads uploads = config.uploads();
        Lookalike engine = uploads.equals(ServerConfig.Uploads.of(opened.uploadLimits())) ? opened
                : new Lookalike(opened.store(), opened.vectorizer(), uploads.imageLimits());
        this.metrics = ServerMetrics.create(config.metrics().enabled());
        metrics.index(engine, config.index().dir());
        this.access = new ApiAccess(config.auth());
        this.workers = config.server().requestTimeoutMs() == 0 ? null
                : Executors.newFixedThreadPool(config.server().workerThreads(), workerThreads());
        this.images = new ImageFetcher(ImageLimits.DEFAULT);
        this.ops = new OpsController(engine, metrics);
        this.products = new ProductController(engine, images, config.search().maxK());
        this.search = new SearchController(engine, config.server().maxBodyBytes(), config.search().maxK());
        this.facets = new FacetController(engine);
        this.catalog = new CatalogService(engine, CatalogService.Options.defaults()
                .withRefreshInterval(Duration.ofMillis(config.catalog().refreshMs()))
                .withImageRoot(config.catalog().imageRoot()));
        this.audit = new AuditController(engine, catalog, config.server().maxBodyBytes());
        this.catalogRoutes = new CatalogController(catalog);
        metrics.catalog(catalog);
        int perClientLimit = config.server().maxConcurrentPerClient();
        this.perClient = perClientLimit > 0 ? new ClientConcurrencyLimit(perClientLimit) : null;
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.server().maxBodyBytes();
            // the buffer Javalin allocates per response to copy its result into Jetty's (pooled) output buffer; by
            // default Jetty's output buffer size, 32 KB, for answers that are mostly 2-10 KB
            cfg.http.responseBufferSize = RESPONSE_COPY_BUFFER;
            cfg.staticFiles.add("/public", Location.CLASSPATH);
            List<String> origins = config.server().corsOrigins();
            if (!origins.isEmpty()) {
                cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    if (origins.contains("*")) {
                        rule.anyHost();
                    } else {
                        rule.allowHost(origins.getFirst(), origins.subList(1, origins.size()).toArray(String[]::new));
                    }
                }));
            }
            cfg.requestLogger.http(this::requestDone);
            cfg.events(events -> events.serverStopped(this::closeCatalog));
            cfg.router.mount(DecoratingRouting.initializer(this::timed), routing -> {
                routing.beforeMatched(access::check);
                ApiBuilder.setStaticJavalin(routing);
                try {
                    routes();
                } finally {
                    ApiBuilder.clearStaticJavalin();
                }
            });
        });
        if (perClient != null) {
            app.before(ctx -> {
                if (!ctx.path().equals("/health")) {
                    perClient.acquire(ctx);
                }
            });
            app.after(perClient::release); // runs also when the handler threw
        }
        app.exception(Exception.class, (e, ctx) -> error(e, ctx));
        // Javalin's own responses (413 from ctx.body*() above server.max_body_bytes, ...) only reach a handler for their class
        app.exception(HttpResponseException.class, (e, ctx) -> error(e, ctx));
        app.error(404, ctx -> {
            // a 404 not rendered by error() is Javalin's own "no such endpoint": give it the same JSON shape
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
                error(ApiException.notFound("no route for " + ctx.method() + " " + ctx.path()), ctx);
            }
        });
    }

    /** A server with the default configuration ({@link ServerConfig#defaults()}) but the engine's upload limits. */
    public static LookalikeServer create(Lookalike engine) {
        return create(engine, ServerConfig.defaults().withUploads(ServerConfig.Uploads.of(engine.uploadLimits())));
    }

    /**
     * A server over {@code engine} (which it does not close); search by photo applies {@code config.uploads()}, not
     * the engine's own upload limits.
     */
    public static LookalikeServer create(Lookalike engine, ServerConfig config) {
        return new LookalikeServer(engine, config);
    }

    private void routes() {
        get("/health", ops::health);
        get("/ready", ops::ready);
        get("/metrics", ops::metrics);
        get("/v1/openapi.json", ops::openApi);
        path("/v1/products", () -> {
            get(products::list);
            post(catalogRoutes::upsertBatch);
            path("{id}", () -> {
                get(products::get);
                put(catalogRoutes::upsertOne);
                delete(catalogRoutes::delete);
                get("similar", products::similar);
                get("images/{n}", products::image);
                get("attributes/suggestions", audit::suggestions);
            });
        });
        get("/v1/facets", facets::facets);
        post("/v1/attributes/apply", audit::apply);
        path("/v1/audit", () -> {
            get("duplicates", audit::duplicates);
            get("assortment", audit::assortment);
        });
        path("/v1/search", () -> {
            post(search::search);
            post("image", search::searchImage);
        });
        post("/v1/reindex", catalogRoutes::reindex);
        get("/v1/jobs/{id}", catalogRoutes::job);
    }

    /**
     * Runs API reads on the worker pool under the request timeout; health, readiness, metrics and catalog writes stay
     * inline. A write is not timed out: the timeout cannot stop a handler that has started, so a 503 for a write that
     * then commits would tell the client the opposite of what happened (large batches have {@code ?async=true}).
     */
    private Handler timed(HandlerType method, String path, Handler handler) {
        if (workers == null || !path.startsWith("/v1/") || isWrite(method, path)) {
            return handler;
        }
        long timeoutMs = config.server().requestTimeoutMs();
        return ctx -> {
            AtomicBoolean timedOut = new AtomicBoolean();
            ctx.async(async -> {
                async.executor = workers;
                async.timeout = timeoutMs;
                async.onTimeout(c -> {
                    timedOut.set(true);
                    error(new ApiException(503, "timeout", "the request took longer than " + timeoutMs
                            + " ms (server.request_timeout_ms)"), c);
                    if (perClient != null) {
                        perClient.release(c); // answered; Javalin may run no after handler for a timed-out request (given back once)
                    }
                });
            }, () -> {
                if (!timedOut.get()) { // still queued when it timed out: do not run it at all
                    try {
                        handler.handle(ctx);
                    } catch (Exception e) {
                        // rendered here, not by Javalin: for a failed async task Javalin 6 skips the after handlers,
                        // which give back the per-client slot
                        error(e, ctx);
                    }
                }
            });
        };
    }

    /** Catalog writes: every PUT and DELETE, and every POST but a search's. */
    static boolean isWrite(HandlerType method, String path) {
        return method == HandlerType.PUT || method == HandlerType.DELETE
                || method == HandlerType.POST && !path.startsWith("/v1/search");
    }

    /** Called once per request after the response is written: the access-log line and the latency metric. */
    private void requestDone(Context ctx, Float ms) {
        DispatcherType dispatch = ctx.req().getDispatcherType();
        if (dispatch == DispatcherType.FORWARD || dispatch == DispatcherType.INCLUDE) {
            return; // Jetty's forward of "/" to the welcome file: the outer request is logged on its own
        }
        String route = route(ctx);
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, (long) (ms * 1_000_000L));
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("method={} route={} status={} ms={}", ctx.method().name(), route, status, Math.round(ms * 10) / 10.0);
        }
    }

    /**
     * The route template that answered, never the raw path (that would make one metric series per product):
     * {@code unmatched} for a 404 or 405 without a route, {@code preflight} for a CORS preflight, {@code static} for
     * the page's files.
     */
    private static String route(Context ctx) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = "";
        }
        if (route != null && route.startsWith("/")) {
            return route;
        }
        int status = ctx.statusCode();
        if (status == 404 || status == 405) {
            return "unmatched";
        }
        return ctx.method() == HandlerType.OPTIONS ? "preflight" : "static";
    }

    private void error(Exception e, Context ctx) {
        ApiException api;
        if (e instanceof ApiException a) {
            api = a;
        } else if (e instanceof BatchTooLargeException) {
            api = new ApiException(413, "payload_too_large", e.getMessage());
        } else if (e instanceof ProductNotFoundException nf) {
            api = ApiException.notFound(nf.getMessage());
        } else if (e instanceof IllegalArgumentException) {
            api = ApiException.badRequest(e.getMessage());
        } else if (e instanceof ServiceUnavailableException) {
            ctx.header("Retry-After", "5");
            api = new ApiException(503, "unavailable", "the service is shutting down or not ready; retry later");
        } else if (e instanceof HttpResponseException h && h.getStatus() < 500) {
            // Javalin's own client errors (413 from ctx.body*(), malformed requests it refused before a handler ran)
            api = new ApiException(h.getStatus(), ApiException.codeFor(h.getStatus()), h.getMessage());
        } else {
            LOG.error("Internal error on {} {}", ctx.method(), ctx.path(), e);
            api = new ApiException(500, "internal", "internal error");
        }
        metrics.error(api.code(), api.status());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("code", api.code()).put("message", api.getMessage());
        ctx.status(api.status()).json(body);
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "lookalike-request-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts listening on {@code server.host} and {@code server.port} (0 picks a free port). */
    public LookalikeServer start() {
        return start(config.server().host(), config.server().port());
    }

    /** Starts listening; port 0 picks a free port. */
    public LookalikeServer start(String host, int port) {
        app.start(host, port);
        LOG.info("Lookalike listening on http://{}:{}/", host, app.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    /** The metrics, for services that report catalog writes and job progress. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The Javalin app, for {@code JavalinTest}. */
    Javalin app() {
        return app;
    }

    @Override
    public void close() {
        try {
            app.stop(); // closes the catalog service (serverStopped)
            closeCatalog(); // when the server was never started
        } finally {
            if (workers != null) {
                workers.shutdownNow();
            }
            images.close();
            metrics.close();
        }
    }

    /**
     * Stops the catalog service's refresher and jobs and commits. Acknowledged writes were committed already, so a
     * failure here loses nothing that a client was told is stored; it is logged.
     */
    private void closeCatalog() {
        LOG.debug("Closing the catalog service");
        try {
            catalog.close();
        } catch (IOException | RuntimeException e) {
            LOG.error("Closing the catalog service failed", e);
        }
    }

    /** The catalog service behind the write routes. */
    CatalogService catalog() {
        return catalog;
    }
}
