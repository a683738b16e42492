package dev.lookalike.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.search.Hit;
import dev.lookalike.search.SearchResult;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Products and hits as the API returns them: the catalog JSON form, with pictures as URLs a browser can load
 * (local files are served by {@code /v1/products/{id}/images/{n}}; server paths never leave the server). Written
 * straight to a generator ({@link JsonResponses}). Stateless.
 */
final class ProductViews {

    private ProductViews() {
    }

    /** One product's JSON object. */
    static void write(JsonGenerator g, Product p) throws IOException {
        List<ImageRef> refs = p.images();
        List<String> images = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            ImageRef ref = refs.get(i);
            images.add(ref.isRemote() ? ref.toString() : imagePath(p.id(), i));
        }
        ProductJson.write(g, p, images);
    }

    static String imagePath(String id, int n) {
        return "/v1/products/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/images/" + n;
    }

    /** A "more like this" answer: {@code anchor} (when not null), {@code mode}, {@code took_ms}, {@code hits}. */
    static void write(JsonGenerator g, SearchResult result, String anchorId) throws IOException {
        g.writeStartObject();
        if (anchorId != null) {
            g.writeStringField("anchor", anchorId);
        }
        g.writeStringField("mode", result.mode().name().toLowerCase(Locale.ROOT));
        g.writeNumberField("took_ms", result.tookMicros() / 1000.0);
        g.writeArrayFieldStart("hits");
        for (Hit h : result.hits()) {
            g.writeStartObject();
            g.writeStringField("id", h.id());
            g.writeNumberField("score", h.score());
            g.writeFieldName("product");
            write(g, h.product());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
