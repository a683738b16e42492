package dev.lookalike.server;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.ProductNotFoundException;
import dev.lookalike.image.ImageFetcher;
import dev.lookalike.image.ImageLimits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service: every route is declared in {@link #routes()}, every error is rendered by {@link #error}.
 * Errors are JSON {@code {"error": {"code": "...", "message": "..."}}} and never carry stack traces.
 *
 * <p>Thread-safe once started. Closing stops the server (not the engine).
 */
public final class LookalikeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LookalikeServer.class);

    private final Javalin app;
    private final ProductController products;
    private final SearchController search;
    private final AuditController audit;
    private final ImageFetcher images;

    private LookalikeServer(Lookalike engine, ImageLimits limits) {
        this.images = new ImageFetcher(limits);
        this.products = new ProductController(engine, images);
        this.search = new SearchController(engine);
        this.audit = new AuditController(engine);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.router.apiBuilder(this::routes);
        });
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
        return new LookalikeServer(engine, ImageLimits.DEFAULT);
    }

    private void routes() {
        get("/health", ctx -> ctx.json(JsonNodeFactory.instance.objectNode().put("status", "ok")));
        path("/v1/products", () -> {
            get(products::list);
            path("{id}", () -> {
                get(products::get);
                get("similar", products::similar);
                get("images/{n}", products::image);
                get("attributes/suggestions", audit::suggestions);
            });
        });
        post("/v1/attributes/apply", audit::apply);
        path("/v1/audit", () -> {
            get("duplicates", audit::duplicates);
            get("assortment", audit::assortment);
        });
        path("/v1/search", () -> {
            post(search::search);
            post("image", search::searchImage);
        });
    }

    private static void error(Exception e, Context ctx) {
        ApiException api;
        if (e instanceof ApiException a) {
            api = a;
        } else if (e instanceof ProductNotFoundException nf) {
            api = ApiException.notFound(nf.getMessage());
        } else if (e instanceof IllegalArgumentException) {
            api = ApiException.badRequest(e.getMessage());
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
        app.stop();
        images.close();
    }
}
