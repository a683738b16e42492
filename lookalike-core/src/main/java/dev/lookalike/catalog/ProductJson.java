package dev.lookalike.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
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

    /** The product as a JSON tree (for callers that add to it; {@link #write} is the form itself). */
    public static ObjectNode toJson(Product p) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            write(buffer, p);
            return (ObjectNode) MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a token buffer does no I/O
        }
    }

    /** The stored form: UTF-8 JSON, no whitespace. */
    public static byte[] toBytes(Product p) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(g, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array builder does no I/O
        }
        return out.toByteArray();
    }

    /** Writes the product's JSON object to {@code g}, with its picture references as they are stored. */
    public static void write(JsonGenerator g, Product p) throws IOException {
        List<ImageRef> refs = p.images();
        List<String> images = new ArrayList<>(refs.size());
        refs.forEach(i -> images.add(i.toString()));
        write(g, p, images);
    }

    /**
     * Writes the product's JSON object to {@code g} with {@code images} in place of its picture references (the HTTP
     * service writes URLs a browser can load). Streams: no tree is built. Field order and number types are those of
     * the catalog format; {@link #toJson} and {@link #toBytes} are this method's output.
     */
    public static void write(JsonGenerator g, Product p, List<String> images) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", p.id());
        g.writeStringField("title", p.title());
        if (!p.description().isEmpty()) g.writeStringField("description", p.description());
        if (p.brand() != null) g.writeStringField("brand", p.brand());
        if (!p.categoryPath().isEmpty()) {
            g.writeArrayFieldStart("category");
            for (String c : p.categoryPath()) {
                g.writeString(c);
            }
            g.writeEndArray();
        }
        if (p.price() != null) g.writeNumberField("price", p.price().doubleValue());
        if (p.currency() != null) g.writeStringField("currency", p.currency());
        g.writeBooleanField("in_stock", p.inStock());
        if (p.groupId() != null) g.writeStringField("group_id", p.groupId());
        g.writeArrayFieldStart("images");
        for (String i : images) {
            g.writeString(i);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("attributes");
        for (Map.Entry<String, List<String>> e : p.attributes().entrySet()) {
            List<String> values = e.getValue();
            if (values.size() == 1) {
                g.writeStringField(e.getKey(), values.get(0));
            } else {
                g.writeArrayFieldStart(e.getKey());
                for (String v : values) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
        g.writeEndObject();
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
