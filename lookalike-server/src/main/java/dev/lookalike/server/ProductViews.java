package dev.lookalike.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.search.Hit;
import dev.lookalike.search.SearchResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Products and hits as the API returns them: the catalog JSON form, with pictures as URLs a browser can load
 * (local files are served by {@code /v1/products/{id}/images/{n}}; server paths never leave the server).
 * Stateless.
 */
final class ProductViews {

    private ProductViews() {
    }

    static ObjectNode product(Product p) {
        ObjectNode o = ProductJson.toJson(p);
        ArrayNode images = o.putArray("images");
        List<ImageRef> refs = p.images();
        for (int i = 0; i < refs.size(); i++) {
            ImageRef ref = refs.get(i);
            images.add(ref.isRemote() ? ref.toString() : imagePath(p.id(), i));
        }
        return o;
    }

    static String imagePath(String id, int n) {
        return "/v1/products/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/images/" + n;
    }

    static ObjectNode result(SearchResult result, String anchorId) {
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (anchorId != null) {
            o.put("anchor", anchorId);
        }
        o.put("mode", result.mode().name().toLowerCase(Locale.ROOT));
        o.put("took_ms", result.tookMicros() / 1000.0);
        ArrayNode hits = o.putArray("hits");
        for (Hit h : result.hits()) {
            ObjectNode hit = hits.addObject();
            hit.put("id", h.id());
            hit.put("score", h.score());
            hit.set("product", product(h.product()));
        }
        return o;
    }
}
