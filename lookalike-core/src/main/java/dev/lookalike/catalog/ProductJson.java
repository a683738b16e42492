package dev.lookalike.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON form of a product, the same as one line of a JSON Lines catalog (snake_case keys; see
 * docs/catalog-format.md): used to store products in an index and to return them over HTTP. Reading here trusts its
 * input (it was written by {@link #toJson}); catalogs from users go through {@code JsonLinesCatalogReader}, which
 * reports bad rows. Thread-safe.
 */
public final class ProductJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProductJson() {
    }

    public static ObjectNode toJson(Product p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", p.id());
        o.put("title", p.title());
        if (!p.description().isEmpty()) o.put("description", p.description());
        if (p.brand() != null) o.put("brand", p.brand());
        if (!p.categoryPath().isEmpty()) {
            ArrayNode c = o.putArray("category");
            p.categoryPath().forEach(c::add);
        }
        if (p.price() != null) o.put("price", p.price());
        if (p.currency() != null) o.put("currency", p.currency());
        o.put("in_stock", p.inStock());
        if (p.groupId() != null) o.put("group_id", p.groupId());
        ArrayNode images = o.putArray("images");
        p.images().forEach(i -> images.add(i.toString()));
        ObjectNode attrs = o.putObject("attributes");
        p.attributes().forEach((name, values) -> {
            if (values.size() == 1) {
                attrs.put(name, values.get(0));
            } else {
                ArrayNode a = attrs.putArray(name);
                values.forEach(a::add);
            }
        });
        return o;
    }

    public static byte[] toBytes(Product p) {
        try {
            return MAPPER.writeValueAsBytes(toJson(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Product fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    /** The product in {@code bytes[offset, offset + length)}, read in place (no copy). */
    public static Product fromBytes(byte[] bytes, int offset, int length) {
        try {
            return fromJson(MAPPER.readTree(bytes, offset, length));
        } catch (IOException e) {
            throw new UncheckedIOException("stored product is not valid JSON", e);
        }
    }

    public static Product fromJson(JsonNode o) {
        Product.Builder b = Product.builder(o.path("id").asText(null))
                .title(o.path("title").asText(""))
                .description(o.path("description").asText(""))
                .brand(o.path("brand").asText(null))
                .currency(o.path("currency").asText(null))
                .inStock(o.path("in_stock").asBoolean(true))
                .groupId(o.path("group_id").asText(null));
        if (o.hasNonNull("price")) {
            b.price(o.get("price").asDouble());
        }
        List<String> category = new ArrayList<>();
        o.path("category").forEach(n -> category.add(n.asText()));
        b.categoryPath(category);
        List<ImageRef> images = new ArrayList<>();
        o.path("images").forEach(n -> images.add(new ImageRef(URI.create(n.asText()))));
        b.images(images);
        Map<String, List<String>> attrs = new LinkedHashMap<>();
        o.path("attributes").properties().forEach(e -> {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(e.getValue().asText());
            }
            attrs.put(e.getKey(), values);
        });
        attrs.forEach(b::attribute);
        return b.build();
    }
}
