package dev.lookalike.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lookalike.engine.Lookalike;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Thin handlers for operations: {@code /health} (the process answers), {@code /ready} (the index is open and
 * searchable), {@code /metrics} (Prometheus text) and {@code /v1/openapi.json} (the API description, a resource kept
 * beside this class and checked against the routes by a test). Thread-safe: immutable after construction.
 */
final class OpsController {

    static final String OPENAPI_RESOURCE = "openapi.json";

    private final Lookalike engine;
    private final ServerMetrics metrics;
    private final byte[] openApi;

    OpsController(Lookalike engine, ServerMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
        try (InputStream in = OpsController.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing beside " + OpsController.class.getName());
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void health(Context ctx) {
        ctx.json(JsonNodeFactory.instance.objectNode().put("status", "ok"));
    }

    void ready(Context ctx) {
        long products;
        try {
            products = engine.store().count();
        } catch (IOException | RuntimeException e) {
            throw new ApiException(503, "not_ready", "the index is not open or not searchable");
        }
        ctx.json(JsonNodeFactory.instance.objectNode().put("status", "ready").put("products", products));
    }

    void metrics(Context ctx) {
        String text = metrics.scrape();
        if (text == null) {
            throw ApiException.notFound("metrics are off (metrics.enabled: false)");
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(text);
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }
}
