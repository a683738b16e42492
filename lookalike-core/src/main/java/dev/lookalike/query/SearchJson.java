package dev.lookalike.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lookalike.catalog.Product;
import dev.lookalike.fusion.Modality;
import dev.lookalike.search.ProductFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of {@link SearchRequest} and {@link SearchResponse} (snake_case), shared by {@code POST /v1/search}
 * and {@code lookalike search --json}; README "Search" documents it. Parsing is strict: an unknown field, a value of
 * the wrong type or out of range is an {@link IllegalArgumentException} whose message names the field (with its path,
 * e.g. {@code rules.price_band} or {@code anchors[2].weight}). The {@code image} field is never echoed in messages.
 * Stateless.
 */
public final class SearchJson {

    private static final Set<String> FIELDS = Set.of("q", "filter", "anchors", "image", "text", "strategy", "weights",
            "hybrid", "rrf_k", "rules", "offset", "k", "explain", "max_candidates");
    private static final Set<String> FILTER_FIELDS = Set.of("category", "brand", "attributes", "min_price", "max_price", "in_stock");
    private static final Set<String> ANCHOR_FIELDS = Set.of("id", "vector", "text", "weight");
    private static final Set<String> RULE_FIELDS = Set.of("price_band", "same_brand", "exclude_brands", "same_category",
            "same_attributes", "max_per_brand", "collapse_variants", "min_score");
    private static final int MAX_ECHO = 80;

    private SearchJson() {
    }

    /**
     * A request from its JSON body.
     *
     * @param body          a JSON object
     * @param uploadedImage picture bytes that came beside the JSON (a multipart file part), or {@code null}; the
     *                      {@code image} field (base64) must then be absent
     */
    public static SearchRequest parse(JsonNode body, byte[] uploadedImage) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the search request must be a JSON object");
        }
        requireKnown(body, FIELDS, "");
        SearchRequest.Builder b = SearchRequest.builder();
        b.keywords(text(body, "q", ""));
        if (body.has("filter") && !body.get("filter").isNull()) {
            b.filter(filter(body.get("filter")));
        }
        JsonNode anchors = body.get("anchors");
        if (anchors != null && !anchors.isNull()) {
            if (!anchors.isArray()) {
                throw new IllegalArgumentException("field 'anchors' must be an array of {id | vector | text, weight}");
            }
            for (int i = 0; i < anchors.size(); i++) {
                b.anchor(anchor(anchors.get(i), "anchors[" + i + "]"));
            }
        }
        byte[] image = uploadedImage;
        if (body.hasNonNull("image")) {
            if (uploadedImage != null) {
                throw new IllegalArgumentException("field 'image': give the picture either as the 'image' file part or as base64 in"
                        + " the JSON, not both");
            }
            image = base64(body.get("image"));
        }
        String text = text(body, "text", "");
        try {
            if (image != null) {
                b.anchor(new Anchor.ImageAnchor(image, text, 1));
            } else if (text != null) {
                b.anchor(new Anchor.TextAnchor(text, 1));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + (image != null && text == null ? "image" : "text") + "': " + e.getMessage(), e);
        }
        String strategy = text(body, "strategy", "");
        if (strategy != null) {
            b.strategy(wrap("strategy", () -> AnchorStrategy.parse(strategy)));
        }
        if (body.hasNonNull("weights")) {
            b.weights(weights(body.get("weights")));
        }
        String hybrid = text(body, "hybrid", "");
        if (hybrid != null) {
            b.hybrid(wrap("hybrid", () -> Hybrid.parse(hybrid)));
        }
        Integer rrfK = integer(body, "rrf_k", "");
        if (rrfK != null) {
            b.rrfK(rrfK);
        }
        if (body.hasNonNull("rules")) {
            b.rules(rules(body.get("rules")));
        }
        Integer offset = integer(body, "offset", "");
        if (offset != null) {
            b.offset(offset);
        }
        Integer k = integer(body, "k", "");
        if (k != null) {
            b.k(k);
        }
        Boolean explain = bool(body, "explain", "");
        if (explain != null) {
            b.explain(explain);
        }
        Integer max = integer(body, "max_candidates", "");
        if (max != null) {
            b.maxCandidates(max);
        }
        return b.build();
    }

    private static ProductFilter filter(JsonNode f) {
        if (!f.isObject()) {
            throw new IllegalArgumentException("field 'filter' must be an object");
        }
        requireKnown(f, FILTER_FIELDS, "filter.");
        ProductFilter.Builder b = ProductFilter.builder();
        strings(f, "category", "filter.").forEach(b::category);
        strings(f, "brand", "filter.").forEach(b::brand);
        JsonNode attrs = f.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) {
                throw new IllegalArgumentException("field 'filter.attributes' must be an object of name to value(s)");
            }
            for (Map.Entry<String, JsonNode> e : attrs.properties()) {
                if (e.getKey().isBlank()) {
                    throw new IllegalArgumentException("field 'filter.attributes' has a blank attribute name");
                }
                strings(attrs, e.getKey(), "filter.attributes.").forEach(v -> b.attribute(e.getKey(), v));
            }
        }
        Double min = number(f, "min_price", "filter.");
        Double max = number(f, "max_price", "filter.");
        requireNonNegative(min, "filter.min_price");
        requireNonNegative(max, "filter.max_price");
        b.minPrice(min).maxPrice(max);
        Boolean inStock = bool(f, "in_stock", "filter.");
        b.inStockOnly(inStock != null && inStock);
        return wrap("filter", b::build);
    }

    private static Anchor anchor(JsonNode a, String path) {
        if (!a.isObject()) {
            throw new IllegalArgumentException("field '" + path + "' must be an object {id | vector | text, weight}");
        }
        requireKnown(a, ANCHOR_FIELDS, path + ".");
        Double w = number(a, "weight", path + ".");
        double weight = w == null ? 1 : w;
        int kinds = (a.hasNonNull("id") ? 1 : 0) + (a.hasNonNull("vector") ? 1 : 0) + (a.hasNonNull("text") ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("field '" + path + "' must have exactly one of id, vector, text");
        }
        try {
            if (a.hasNonNull("id")) {
                return new Anchor.ProductAnchor(text(a, "id", path + "."), weight);
            }
            if (a.hasNonNull("text")) {
                return new Anchor.TextAnchor(text(a, "text", path + "."), weight);
            }
            JsonNode v = a.get("vector");
            if (!v.isArray()) {
                throw new IllegalArgumentException("field '" + path + ".vector' must be an array of numbers");
            }
            float[] vector = new float[v.size()];
            for (int i = 0; i < vector.length; i++) {
                if (!v.get(i).isNumber()) {
                    throw new IllegalArgumentException("field '" + path + ".vector[" + i + "]' must be a number, got " + echo(v.get(i)));
                }
                vector[i] = v.get(i).floatValue();
            }
            return new Anchor.VectorAnchor(vector, weight);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("field '") ? e : new IllegalArgumentException("field '" + path + "': " + e.getMessage(), e);
        }
    }

    private static ModalityWeights weights(JsonNode w) {
        if (!w.isObject()) {
            throw new IllegalArgumentException("field 'weights' must be an object like {\"image\": 1, \"text\": 0.5, \"attributes\": 0}");
        }
        Map<Modality, Float> out = new EnumMap<>(Modality.class);
        for (Map.Entry<String, JsonNode> e : w.properties()) {
            Modality m = wrap("weights", () -> ModalityWeights.modality(e.getKey()));
            Double v = number(w, e.getKey(), "weights.");
            if (v == null || v < 0) {
                throw new IllegalArgumentException("field 'weights." + e.getKey() + "' must be a finite number >= 0, got " + echo(e.getValue()));
            }
            out.put(m, v.floatValue());
        }
        return wrap("weights", () -> new ModalityWeights(out));
    }

    private static SearchRules rules(JsonNode r) {
        if (!r.isObject()) {
            throw new IllegalArgumentException("field 'rules' must be an object");
        }
        requireKnown(r, RULE_FIELDS, "rules.");
        SearchRules.Builder b = SearchRules.builder();
        b.priceBandPercent(number(r, "price_band", "rules."));
        b.sameBrand(Boolean.TRUE.equals(bool(r, "same_brand", "rules.")));
        strings(r, "exclude_brands", "rules.").forEach(b::excludeBrand);
        b.sameCategory(Boolean.TRUE.equals(bool(r, "same_category", "rules.")));
        strings(r, "same_attributes", "rules.").forEach(b::sameAttribute);
        b.maxPerBrand(integer(r, "max_per_brand", "rules."));
        b.collapseVariants(Boolean.TRUE.equals(bool(r, "collapse_variants", "rules.")));
        b.minScore(number(r, "min_score", "rules."));
        return wrap("rules", b::build);
    }

    // ------------------------------------------------------------------------------------------ rendering

    /** Writes one product's JSON object (the HTTP service turns local pictures into URLs, the CLI writes catalog JSON). */
    @FunctionalInterface
    public interface ProductWriter {
        void write(JsonGenerator g, Product p) throws IOException;
    }

    /**
     * Writes the response's JSON object to {@code g}, streaming (no tree is built); {@code productView} writes each
     * hit's product.
     */
    public static void write(JsonGenerator g, SearchResponse r, ProductWriter productView) throws IOException {
        g.writeStartObject();
        g.writeStringField("retrieval", r.retrieval().label());
        g.writeStringField("mode", r.mode().name().toLowerCase(Locale.ROOT));
        g.writeStringField("strategy", r.strategy().label());
        g.writeNumberField("total", r.total());
        g.writeBooleanField("capped", r.capped());
        g.writeNumberField("offset", r.offset());
        g.writeNumberField("k", r.k());
        g.writeNumberField("took_ms", r.tookMicros() / 1000.0);
        g.writeArrayFieldStart("hits");
        for (SearchHit h : r.hits()) {
            g.writeStartObject();
            g.writeStringField("id", h.id());
            number(g, "score", h.score());
            number(g, "similarity", h.similarity());
            number(g, "keyword_score", h.keywordScore());
            g.writeFieldName("product");
            productView.write(g, h.product());
            if (h.explanation() != null) {
                g.writeFieldName("explanation");
                explanation(g, h.explanation());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!r.dropped().isEmpty()) {
            g.writeArrayFieldStart("dropped");
            for (DroppedHit d : r.dropped()) {
                g.writeStartObject();
                g.writeStringField("id", d.id());
                g.writeStringField("reason", d.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void explanation(JsonGenerator g, Explanation e) throws IOException {
        g.writeStartObject();
        if (e.anchor() != null) {
            g.writeStringField("anchor", e.anchor());
        }
        g.writeArrayFieldStart("modalities");
        for (ModalityScore m : e.modalities()) {
            g.writeStartObject();
            g.writeStringField("modality", ModalityWeights.label(m.modality()));
            number(g, "cosine", m.cosine());
            g.writeNumberField("contribution", m.contribution());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("shared_attributes");
        for (Map.Entry<String, List<String>> a : e.sharedAttributes().entrySet()) {
            g.writeArrayFieldStart(a.getKey());
            for (String v : a.getValue()) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("notes");
        for (String note : e.notes()) {
            g.writeString(note);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A nullable float: {@code null} or the float's shortest decimal form. */
    private static void number(JsonGenerator g, String name, Float v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v.floatValue());
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void requireKnown(JsonNode o, Set<String> known, String prefix) {
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            String name = e.getKey();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + prefix + name + "' (known: "
                        + known.stream().sorted().map(n -> prefix + n).toList() + ")");
            }
        }
    }

    private static String text(JsonNode o, String name, String prefix) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + prefix + name + "' must be a string, got " + echo(v));
        }
        return v.asText().isBlank() ? null : v.asText();
    }

    /** A string or an array of strings. */
    private static List<String> strings(JsonNode o, String name, String prefix) {
        JsonNode v = o.get(name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + prefix + name + "' must be a string or an array of strings, got " + echo(v));
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new IllegalArgumentException("field '" + prefix + name + "[" + i + "]' must be a string, got " + echo(v.get(i)));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    private static Double number(JsonNode o, String name, String prefix) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new IllegalArgumentException("field '" + prefix + name + "' must be a finite number, got " + echo(v));
        }
        return v.doubleValue();
    }

    private static Integer integer(JsonNode o, String name, String prefix) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + prefix + name + "' must be an integer, got " + echo(v));
        }
        return v.intValue();
    }

    private static Boolean bool(JsonNode o, String name, String prefix) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + prefix + name + "' must be true or false, got " + echo(v));
        }
        return v.booleanValue();
    }

    private static void requireNonNegative(Double v, String field) {
        if (v != null && v < 0) {
            throw new IllegalArgumentException("field '" + field + "' must be >= 0, got " + v);
        }
    }

    /** Base64 (standard alphabet, whitespace ignored), optionally as a {@code data:} URL. Never echoes the value. */
    static byte[] base64(JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field 'image' must be a base64 string");
        }
        String s = v.asText();
        if (s.startsWith("data:")) {
            int comma = s.indexOf(',');
            if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
                throw new IllegalArgumentException("field 'image' must be base64 or a base64 data: URL");
            }
            s = s.substring(comma + 1);
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(s.replaceAll("\\s", ""));
            if (bytes.length == 0) {
                throw new IllegalArgumentException("field 'image' is empty");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("field 'image'")) {
                throw e;
            }
            throw new IllegalArgumentException("field 'image' is not valid base64");
        }
    }

    private static String echo(JsonNode v) {
        String s = v.toString();
        return s.length() > MAX_ECHO ? s.substring(0, MAX_ECHO) + "…" : s;
    }

    private static <T> T wrap(String field, java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "': " + e.getMessage(), e);
        }
    }
}
