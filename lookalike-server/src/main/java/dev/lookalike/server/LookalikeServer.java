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
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service: every route is declared in {@link #routes()}, every error is rendered by {@link #error}.
 * Errors are JSON {@code {"error": {"code": "...", "message": "..."}}} and never carry stack traces; a 5xx never carries
 * an internal detail (500 says "internal error" and is logged, 503 says to retry). Requests other than
 * {@code /health} are limited per client address ({@link SafetyOptions#maxConcurrentPerClient()}, 429 above it).
 *
 * <p>Thread-safe once started. Closing stops the server and its {@link CatalogService} (committing what was written),
 * not the engine.
 */
public final class LookalikeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LookalikeServer.class);

    private final Javalin app;
    private final ProductController products;
    private final SearchController search;
    private final CatalogController catalogRoutes;
    private final CatalogService catalog;
    private final ImageFetcher images;

    private LookalikeServer(Lookalike engine, ImageLimits limits, CatalogService.Options catalogOptions,
                            SafetyOptions safety) {
        this.images = new ImageFetcher(limits); // local pictures only: remote ones are redirected to
        this.products = new ProductController(engine, images);
        this.search = new SearchController(engine);
        this.catalog = new CatalogService(engine, catalogOptions);
        this.catalogRoutes = new CatalogController(catalog);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.router.apiBuilder(this::routes);
            config.events(events -> events.serverStopped(this::closeCatalog));
        });
        if (safety.maxConcurrentPerClient() > 0) {
            ClientConcurrencyLimit perClient = new ClientConcurrencyLimit(safety.maxConcurrentPerClient());
            app.before(ctx -> {
                if (!ctx.path().equals("/health")) {
                    perClient.acquire(ctx);
                }
            });
            app.after(perClient::release); // runs also when the handler threw
        }
        app.exception(Exception.class, (e, ctx) -> error(e, ctx));
        app.error(404, ctx -> {
            // a 404 not rendered by error() is Javalin's own "no such endpoint": give it the same JSON shape
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
                error(ApiException.notFound("no route for " + ctx.method() + " " + ctx.path()), ctx);
            }
        });
    }

    public static LookalikeServer create(Lookalike engine) {
        return create(engine, CatalogService.Options.defaults());
    }

    /** A server whose catalog write routes behave as {@code catalogOptions} say (refresh interval, image root…). */
    public static LookalikeServer create(Lookalike engine, CatalogService.Options catalogOptions) {
        return create(engine, catalogOptions, SafetyOptions.defaults());
    }

    /** A server with the given per-client concurrency limit. */
    public static LookalikeServer create(Lookalike engine, CatalogService.Options catalogOptions, SafetyOptions safety) {
        return new LookalikeServer(engine, ImageLimits.DEFAULT, catalogOptions, safety);
    }

    private void routes() {
        get("/health", ctx -> ctx.json(JsonNodeFactory.instance.objectNode().put("status", "ok")));
        path("/v1/products", () -> {
            get(products::list);
            post(catalogRoutes::upsertBatch);
            path("{id}", () -> {
                get(products::get);
                put(catalogRoutes::upsertOne);
                delete(catalogRoutes::delete);
                get("similar", products::similar);
                get("images/{n}", products::image);
            });
        });
        path("/v1/search", () -> {
            post(search::search);
            post("image", search::searchImage);
        });
        post("/v1/reindex", catalogRoutes::reindex);
        get("/v1/jobs/{id}", catalogRoutes::job);
    }

    private static void error(Exception e, Context ctx) {
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
            // Javalin's own client errors (malformed requests it refused before a handler ran)
            api = new ApiException(h.getStatus(), "http_" + h.getStatus(), h.getMessage());
        } else {
            LOG.error("Internal error on {} {}", ctx.method(), ctx.path(), e);
            api = new ApiException(500, "internal", "internal error");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("code", api.code()).put("message", api.getMessage());
        ctx.status(api.status()).json(body);
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
            images.close();
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
