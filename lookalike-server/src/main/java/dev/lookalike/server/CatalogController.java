package dev.lookalike.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.Product;
import dev.lookalike.engine.CatalogService;
import dev.lookalike.engine.ItemRejection;
import dev.lookalike.engine.JobStatus;
import dev.lookalike.engine.ParsedBatch;
import dev.lookalike.engine.UpsertResult;
import dev.lookalike.fusion.ProductVectorizer;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Thin handlers for the catalog write routes: {@code POST /v1/products} (a batch, JSON array or JSON Lines),
 * {@code PUT} and {@code DELETE /v1/products/{id}}, {@code POST /v1/reindex} and {@code GET /v1/jobs/{id}}. They parse
 * the request, call the {@link CatalogService} and render JSON; durability and visibility are the service's (see its
 * class comment: a 200 means committed). Thread-safe: immutable after construction.
 */
final class CatalogController {

    /** Largest body of a synchronous batch (1,000 products of 32 KB each). */
    static final long MAX_BATCH_BODY = 32L * 1024 * 1024;
    /** Largest body of an asynchronous batch. */
    static final long MAX_JOB_BODY = 256L * 1024 * 1024;
    /** Largest body of a single product. */
    static final long MAX_PRODUCT_BODY = 1024L * 1024;

    private final CatalogService catalog;

    CatalogController(CatalogService catalog) {
        this.catalog = catalog;
    }

    /**
     * {@code POST /v1/products[?async=true]}: JSON array ({@code application/json}) or JSON Lines
     * ({@code application/x-ndjson}, {@code application/jsonl}); without a content type, a body starting with
     * {@code [} is an array. Synchronous: 200 when every item was upserted, 207 when some were refused, 422 when all
     * were. Asynchronous: 202 with the job and the refused items.
     */
    void upsertBatch(Context ctx) throws IOException {
        boolean async = booleanParam(ctx, "async");
        byte[] body = SearchController.read(ctx, async ? MAX_JOB_BODY : MAX_BATCH_BODY);
        CatalogService.BodyFormat format = format(ctx, body);
        ParsedBatch parsed = catalog.parse(body, format,
                async ? catalog.options().maxJobItems() : catalog.options().maxBatchItems());
        if (parsed.items() == 0) {
            throw ApiException.badRequest("request body holds no products");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (async) {
            JobStatus job = parsed.products().isEmpty() ? null : catalog.submitUpsert(parsed.products());
            if (job != null) {
                out.set("job", job(job));
                ctx.header("Location", "/v1/jobs/" + job.id());
            }
            out.put("accepted", parsed.products().size());
            out.set("rejected", rejections(parsed.rejections()));
            ctx.status(job == null ? 422 : 202).json(out);
            return;
        }
        UpsertResult result = catalog.upsert(parsed.products());
        out.put("accepted", result.upserted());
        out.set("rejected", rejections(parsed.rejections()));
        out.set("image_problems", problems(result.imageProblems()));
        ctx.status(parsed.rejections().isEmpty() ? 200 : result.upserted() == 0 ? 422 : 207).json(out);
    }

    /** {@code PUT /v1/products/{id}}: one product object; its id, when given, must be the path's. */
    void upsertOne(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Product product = catalog.parseOne(SearchController.read(ctx, MAX_PRODUCT_BODY), id);
        UpsertResult result = catalog.upsert(List.of(product));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", id);
        out.set("image_problems", problems(result.imageProblems()));
        ctx.json(out);
    }

    /** {@code DELETE /v1/products/{id}}: 204, or 404 when no product has the id. */
    void delete(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        if (!catalog.delete(id)) {
            throw ApiException.notFound("no product with id '" + id + "'");
        }
        ctx.status(204);
    }

    /** {@code POST /v1/reindex}: 202 with the queued job. */
    void reindex(Context ctx) {
        JobStatus job = catalog.submitReindex();
        ctx.header("Location", "/v1/jobs/" + job.id());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("job", job(job));
        ctx.status(202).json(out);
    }

    /** {@code GET /v1/jobs/{id}}. */
    void job(Context ctx) {
        String id = ctx.pathParam("id");
        JobStatus job = catalog.job(id).orElseThrow(() -> ApiException.notFound("no job with id '" + id + "'"));
        ctx.json(job(job));
    }

    private static CatalogService.BodyFormat format(Context ctx, byte[] body) {
        String type = ctx.contentType();
        String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        switch (mime) {
            case "application/json":
                return CatalogService.BodyFormat.JSON_ARRAY;
            case "application/x-ndjson", "application/jsonl", "application/json-lines", "application/x-jsonlines":
                return CatalogService.BodyFormat.JSON_LINES;
            case "", "text/plain", "application/octet-stream", "application/x-www-form-urlencoded":
                // curl -d sends form-urlencoded unless told otherwise: look at the body
                for (byte b : body) {
                    if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                        return b == '[' ? CatalogService.BodyFormat.JSON_ARRAY : CatalogService.BodyFormat.JSON_LINES;
                    }
                }
                return CatalogService.BodyFormat.JSON_LINES;
            default:
                throw new ApiException(415, "unsupported_media_type", "Content-Type must be application/json (an array of"
                        + " products) or application/x-ndjson (JSON Lines), got '" + type + "'");
        }
    }

    private static boolean booleanParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return false;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw ApiException.badRequest("query parameter '" + name + "' must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private ArrayNode rejections(List<ItemRejection> rejections) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (ItemRejection r : rejections) {
            ObjectNode o = a.addObject().put("index", r.index()).put("line", r.line());
            o.put("field", r.field());
            o.put("message", hideImageRoot(r.message()));
        }
        return a;
    }

    /** A message with the server's image root left out (clients name pictures relative to it). */
    private String hideImageRoot(String message) {
        Path root = catalog.options().imageRoot();
        if (root == null || message == null) {
            return message;
        }
        return message.replace(" '" + root + "'", "").replace(root.toUri().toString(), "")
                .replace(root + java.io.File.separator, "");
    }

    /** Pictures that could not be used; local ones named relative to the image root, which clients never see. */
    private ArrayNode problems(List<ProductVectorizer.Problem> problems) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (ProductVectorizer.Problem p : problems) {
            a.addObject().put("id", p.productId()).put("image", hideImageRoot(p.image())).put("message", hideImageRoot(p.message()));
        }
        return a;
    }

    /** A job's status; its warnings and error name local pictures relative to the image root, as the sync path does. */
    private ObjectNode job(JobStatus job) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", job.id());
        o.put("type", job.type());
        o.put("state", job.state().name().toLowerCase(Locale.ROOT));
        if (job.total() >= 0) {
            o.put("total", job.total());
        } else {
            o.putNull("total");
        }
        o.put("processed", job.processed());
        o.put("warning_count", job.warningCount());
        ArrayNode w = o.putArray("warnings");
        job.warnings().forEach(warning -> w.add(hideImageRoot(warning)));
        o.put("error", hideImageRoot(job.error()));
        o.put("created_at", time(job.created()));
        o.put("started_at", time(job.started()));
        o.put("finished_at", time(job.finished()));
        return o;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
