package dev.lookalike.server;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.image.ImageFetcher;
import dev.lookalike.image.ImageLoadException;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchResult;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;

/** Thin handlers for the product routes: parse and validate parameters, call the engine, render JSON. */
final class ProductController {

    static final int DEFAULT_K = 10;
    static final int MAX_PAGE = 200;

    private final Lookalike engine;
    private final ImageFetcher images;
    private final int maxK;

    ProductController(Lookalike engine, ImageFetcher images, int maxK) {
        this.engine = engine;
        this.images = images;
        this.maxK = maxK;
    }

    void list(Context ctx) throws IOException {
        int offset = intParam(ctx, "offset", 0, 0, 100_000);
        int limit = intParam(ctx, "limit", 48, 0, MAX_PAGE);
        List<Product> page = engine.store().list(offset, limit);
        long total = engine.store().count();
        JsonResponses.send(ctx, g -> {
            g.writeStartObject();
            g.writeNumberField("total", total);
            g.writeNumberField("offset", offset);
            g.writeNumberField("limit", limit);
            g.writeArrayFieldStart("products");
            for (Product p : page) {
                ProductViews.write(g, p);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    void get(Context ctx) throws IOException {
        Product p = product(ctx.pathParam("id"));
        JsonResponses.send(ctx, g -> ProductViews.write(g, p));
    }

    void similar(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        int k = intParam(ctx, "k", Math.min(DEFAULT_K, maxK), 1, maxK);
        SearchResult result = engine.similar(new SimilarRequest(id, k, filter(ctx)));
        JsonResponses.send(ctx, g -> ProductViews.write(g, result, id));
    }

    void image(Context ctx) throws IOException {
        Product p = product(ctx.pathParam("id"));
        if (p.images().isEmpty()) {
            throw ApiException.notFound("product '" + p.id() + "' has no images");
        }
        int n = intParam(ctx.pathParam("n"), "n", 0, p.images().size() - 1);
        ImageRef ref = p.images().get(n);
        if (ref.isRemote()) {
            ctx.redirect(ref.toString());
            return;
        }
        byte[] bytes;
        try {
            bytes = images.fetch(ref);
        } catch (ImageLoadException e) {
            throw ApiException.notFound("image " + n + " of product '" + p.id() + "' is not available");
        }
        ctx.contentType(contentType(bytes)).header("Cache-Control", "public, max-age=3600").result(bytes);
    }

    private Product product(String id) throws IOException {
        return engine.product(id).orElseThrow(() -> ApiException.notFound("no product with id '" + id + "'"));
    }

    /** Query parameters category, brand, attr (name=value, repeatable), min_price, max_price, in_stock. */
    static ProductFilter filter(Context ctx) {
        ProductFilter.Builder b = ProductFilter.builder();
        ctx.queryParams("category").forEach(b::category);
        ctx.queryParams("brand").forEach(b::brand);
        for (String attr : ctx.queryParams("attr")) {
            try {
                b.attribute(attr);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("query parameter 'attr': " + e.getMessage());
            }
        }
        Double min = doubleParam(ctx, "min_price");
        Double max = doubleParam(ctx, "max_price");
        if (min != null && max != null && min > max) {
            throw ApiException.badRequest("query parameter 'min_price' (" + min + ") is above 'max_price' (" + max + ")");
        }
        b.minPrice(min);
        b.maxPrice(max);
        String inStock = ctx.queryParam("in_stock");
        if (inStock != null) {
            if (!inStock.equals("true") && !inStock.equals("false")) {
                throw ApiException.badRequest("query parameter 'in_stock' must be true or false, got '" + inStock + "'");
            }
            b.inStockOnly(Boolean.parseBoolean(inStock));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static Double doubleParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d) || d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be a finite number >= 0, got '" + v + "'");
        }
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? dflt : intParam(v, name, min, max);
    }

    private static int intParam(String v, String name, int min, int max) {
        int i;
        try {
            i = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be an integer, got '" + v + "'");
        }
        if (i < min || i > max) {
            throw ApiException.badRequest("parameter '" + name + "' must be between " + min + " and " + max + ", got " + i);
        }
        return i;
    }

    private static String contentType(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) return "image/jpeg";
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "image/png";
        if (b.length > 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') return "image/gif";
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E') return "image/webp";
        if (b.length > 2 && b[0] == 'B' && b[1] == 'M') return "image/bmp";
        return "application/octet-stream";
    }
}
