package dev.lookalike.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.attribution.Attributor;
import dev.lookalike.attribution.Prediction;
import dev.lookalike.attribution.Suggestion;
import dev.lookalike.attribution.SuggestionApplier;
import dev.lookalike.attribution.SuggestionsFile;
import dev.lookalike.audit.Assortment;
import dev.lookalike.audit.AssortmentPage;
import dev.lookalike.audit.CatalogVectors;
import dev.lookalike.audit.DuplicateFinder;
import dev.lookalike.audit.DuplicateGroups;
import dev.lookalike.catalog.Product;
import dev.lookalike.engine.CatalogService;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.fusion.Modality;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Thin handlers for attribution and the catalog audits: parse parameters, call {@code dev.lookalike.attribution} and
 * {@code dev.lookalike.audit}, render JSON or HTML.
 *
 * <p>The catalog's vectors and the fitted attribute models are read once per modality set and kept until the catalog's
 * product count changes or suggestions are applied through this controller (an upsert that keeps the count is not
 * seen until then). Thread-safe.
 */
final class AuditController {

    /** Attributes suggested by default have between 2 and this many distinct values. */
    static final int MAX_DEFAULT_VALUES = 500;
    /** Attributes one suggestions request may ask for (each is a neighbour search, and a model fit on first use). */
    static final int MAX_ATTRIBUTES = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Lookalike engine;
    private final CatalogService catalog;
    private final long maxBodyBytes;
    private final Object applyLock = new Object();
    private final Map<Set<Modality>, Cached> cache = new HashMap<>();

    private record Cached(long count, CatalogVectors vectors, Attributor attributor) {
    }

    AuditController(Lookalike engine, CatalogService catalog, long maxBodyBytes) {
        this.engine = engine;
        this.catalog = catalog;
        this.maxBodyBytes = maxBodyBytes;
    }

    private synchronized Cached cached(Set<Modality> modalities) throws IOException {
        long count = engine.store().count();
        Cached c = cache.get(modalities);
        if (c == null || c.count() != count) {
            CatalogVectors vectors = CatalogVectors.load(engine.store(), modalities);
            c = new Cached(count, vectors, new Attributor(vectors, vectors.indexSearch(engine.store()), Attributor.Options.DEFAULTS));
            cache.put(modalities, c);
        }
        return c;
    }

    private synchronized void invalidate() {
        cache.clear();
    }

    /** GET /v1/products/{id}/attributes/suggestions?attribute=A&amp;modality=image */
    void suggestions(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Cached c = cached(modalities(ctx));
        int row = c.vectors().row(id);
        if (row < 0) {
            throw ApiException.notFound("no product with id '" + id + "'");
        }
        List<String> attributes = ctx.queryParams("attribute").isEmpty() ? defaultAttributes(c.vectors()) : ctx.queryParams("attribute");
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw ApiException.badRequest("parameter 'attribute' is given " + attributes.size() + " times; at most "
                    + MAX_ATTRIBUTES + " a request");
        }
        Product p = c.vectors().product(row);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("has_vector", c.vectors().vector(row) != null);
        ArrayNode list = o.putArray("attributes");
        for (String attribute : attributes) {
            ObjectNode a = list.addObject();
            a.put("attribute", attribute);
            String current = p.attribute(attribute) == null || p.attribute(attribute).isBlank() ? null : p.attribute(attribute).strip();
            a.put("current_value", current);
            Attributor.Assessment assessment;
            try {
                assessment = c.vectors().vector(row) == null ? null : c.attributor().assess(row, attribute);
            } catch (IllegalArgumentException e) {
                a.put("kind", "none");
                a.put("reason", e.getMessage());
                continue;
            }
            Prediction pred = assessment == null ? null : assessment.prediction();
            if (pred == null || pred.value() == null) {
                a.put("kind", "none");
                a.put("reason", pred == null ? "the product has no vector for these modalities" : "no neighbour has a value");
                continue;
            }
            a.put("suggested_value", pred.value());
            a.put("confidence", round(pred.confidence()));
            a.put("vote_share", round(pred.share()));
            a.put("kind", current == null ? "fill" : current.equals(pred.value()) ? "agree" : "mislabel");
            if (current != null) {
                a.put("current_value_wrong", round(pred.wrongness(current)));
            }
            assessment.nearDuplicates().forEach(a.putArray("near_duplicates")::add);
            ArrayNode alternatives = a.putArray("votes");
            pred.vote().shares().entrySet().stream().limit(5)
                    .forEach(e -> alternatives.addObject().put("value", e.getKey()).put("share", round(e.getValue())));
            a.put("model", pred.model().summary());
        }
        ctx.json(o);
    }

    /** POST /v1/attributes/apply {"suggestions": [...], "min_confidence": 0.8} */
    void apply(Context ctx) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(SearchController.read(ctx, maxBodyBytes)); // capped also when the body is chunked
        } catch (IOException e) {
            throw ApiException.badRequest("body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body must be a JSON object with 'suggestions' and 'min_confidence'");
        }
        JsonNode min = body.get("min_confidence");
        if (min == null || !min.isNumber()) {
            throw ApiException.badRequest("field 'min_confidence': a number in [0, 1] is required");
        }
        JsonNode items = body.get("suggestions");
        if (items == null || !items.isArray()) {
            throw ApiException.badRequest("field 'suggestions': an array is required");
        }
        List<Suggestion> suggestions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                suggestions.add(SuggestionsFile.fromJson(items.get(i)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("suggestions[" + i + "]: " + e.getMessage());
            }
        }
        SuggestionApplier.Report r;
        synchronized (applyLock) { // each apply reads, checks and writes: two at once would undo each other
            r = SuggestionApplier.apply(engine, catalog::upsertAttributes, suggestions, min.asDouble());
        }
        invalidate();
        ctx.json(JsonNodeFactory.instance.objectNode().put("applied", r.applied()).put("products", r.products())
                .put("below_threshold", r.belowThreshold()).put("stale", r.stale()).put("missing", r.missing()));
    }

    /** GET /v1/audit/duplicates?threshold=0.97&amp;k=10&amp;modality=image */
    void duplicates(Context ctx) throws IOException {
        double threshold = number(ctx, "threshold", 0.97, -1, 1);
        int k = (int) number(ctx, "k", 10, 1, 100);
        Cached c = cached(modalities(ctx));
        DuplicateFinder.Result r = DuplicateFinder.find(c.vectors(), c.vectors().indexSearch(engine.store()), threshold, k);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("threshold", threshold);
        o.put("pairs", r.pairs().size());
        ArrayNode groups = o.putArray("groups");
        for (int[] g : r.groups()) {
            groups.add(DuplicateGroups.json(DuplicateGroups.products(g, c.vectors())));
        }
        ctx.json(o);
    }

    /** GET /v1/audit/assortment?k=20&amp;gap=0.5&amp;modality=image: the HTML page */
    void assortment(Context ctx) throws IOException {
        int k = (int) number(ctx, "k", 20, 1, 500);
        double gap = number(ctx, "gap", 0.5, 0, 1);
        Cached c = cached(modalities(ctx));
        Assortment.Report report = Assortment.analyse(c.vectors(), new Assortment.Options(k, 42, gap, 100, 6));
        ctx.contentType("text/html; charset=utf-8").result(AssortmentPage.render(report, c.vectors(), "Assortment",
                p -> p.images().isEmpty() ? null : "/v1/products/" + URLEncoder.encode(p.id(), StandardCharsets.UTF_8).replace("+", "%20") + "/images/0"));
    }

    private static List<String> defaultAttributes(CatalogVectors vectors) {
        Map<String, Set<String>> values = new TreeMap<>();
        for (Product p : vectors.products()) {
            p.attributes().forEach((name, v) -> {
                if (!name.endsWith(SuggestionApplier.PREVIOUS_SUFFIX)) {
                    Set<String> s = values.computeIfAbsent(name, n -> new TreeSet<>());
                    if (s.size() <= MAX_DEFAULT_VALUES) {
                        s.add(v.get(0));
                    }
                }
            });
        }
        return values.entrySet().stream().filter(e -> e.getValue().size() >= 2 && e.getValue().size() <= MAX_DEFAULT_VALUES)
                .map(Map.Entry::getKey).toList();
    }

    private static Set<Modality> modalities(Context ctx) {
        List<String> given = ctx.queryParams("modality");
        EnumSet<Modality> out = EnumSet.noneOf(Modality.class);
        for (String g : given.isEmpty() ? List.of("image") : given) {
            for (String m : g.split(",")) {
                switch (m.strip().toLowerCase(Locale.ROOT)) {
                    case "image" -> out.add(Modality.IMAGE);
                    case "text" -> out.add(Modality.TEXT);
                    default -> throw ApiException.badRequest("parameter 'modality' takes image and/or text, got '" + m + "'");
                }
            }
        }
        return out;
    }

    private static double number(Context ctx, String name, double dflt, double min, double max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        double d;
        try {
            d = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be a number, got '" + v + "'");
        }
        if (!(d >= min && d <= max)) {
            throw ApiException.badRequest("parameter '" + name + "' must be between " + fmt(min) + " and " + fmt(max) + ", got " + v);
        }
        return d;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static double round(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }
}
