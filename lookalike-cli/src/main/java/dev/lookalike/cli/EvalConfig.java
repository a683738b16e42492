package dev.lookalike.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.projection.ProjectionSpec;
import dev.lookalike.query.SearchJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One configuration of {@code lookalike eval --golden/--judgments-from-attributes} (docs/golden-sets.md): how its
 * index is built (encoders, image projection) and how every golden query is searched (the request fields of
 * {@code POST /v1/search} other than the query itself: weights, filter, rules, strategy…). Configurations that build
 * the same index share it. Immutable.
 *
 * @param name            unique name in the report
 * @param imageEncoder    image encoder id, or null for the default
 * @param textEncoder     text encoder id, or null for the default
 * @param imageProjection {@code pca:N[,whiten]} or {@code lda:ATTR,...}, or null for none
 * @param textQueries     how text queries run: {@code vector} (a text anchor, nearest neighbours), {@code keywords}
 *                        (BM25) or {@code hybrid} (RRF of both)
 * @param search          request fields added to every query
 * @param json            the configuration as written, for the report
 */
record EvalConfig(String name, String imageEncoder, String textEncoder, String imageProjection, String textQueries,
                  ObjectNode search, ObjectNode json) {

    static final Set<String> FIELDS = Set.of("name", "image_encoder", "text_encoder", "image_projection", "text_queries", "search");
    /** Request fields the evaluation sets itself. */
    static final Set<String> RESERVED_SEARCH_FIELDS = Set.of("q", "anchors", "image", "text", "k", "offset", "explain");
    static final List<String> TEXT_QUERY_MODES = List.of("vector", "keywords", "hybrid");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    EvalConfig {
        search = search.deepCopy();
        json = json.deepCopy();
    }

    /** The default configuration: default encoders, no projection, the index's own weights. */
    static EvalConfig defaults() {
        ObjectNode json = MAPPER.createObjectNode().put("name", "default");
        return new EvalConfig("default", null, null, null, "vector", MAPPER.createObjectNode(), json);
    }

    /** What decides the index: configurations with equal keys share one. */
    String indexKey() {
        return "image_encoder=" + (imageEncoder == null ? "default" : imageEncoder) + ", text_encoder="
                + (textEncoder == null ? "default" : textEncoder) + ", image_projection=" + (imageProjection == null ? "none" : imageProjection);
    }

    ProjectionSpec projectionSpec() {
        return imageProjection == null ? null : ProjectionSpec.parse(imageProjection);
    }

    /** The request for one query: this configuration's fields plus the query's. */
    ObjectNode request(ObjectNode query) {
        ObjectNode r = search.deepCopy();
        r.setAll(query);
        return r;
    }

    /**
     * Reads a configuration file: one JSON object, or an array of them. A single object's name defaults to the file
     * name without its extension.
     *
     * @throws IllegalArgumentException naming the file, the configuration and the field
     */
    static List<EvalConfig> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")");
        }
        List<EvalConfig> out = new ArrayList<>();
        if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                out.add(parse(root.get(i), file + ": configuration [" + i + "]", null));
            }
        } else {
            String base = file.getFileName().toString();
            int dot = base.lastIndexOf('.');
            out.add(parse(root, file.toString(), dot > 0 ? base.substring(0, dot) : base));
        }
        return out;
    }

    static EvalConfig parse(JsonNode node, String where, String defaultName) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": a configuration must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "' (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        String name = text(node, "name", where);
        if (name == null) {
            name = defaultName;
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(where + ": field 'name' is required in a list of configurations");
        }
        String projection = text(node, "image_projection", where);
        if (projection != null) {
            try {
                ProjectionSpec.parse(projection);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": field 'image_projection': " + e.getMessage(), e);
            }
        }
        String textQueries = text(node, "text_queries", where);
        textQueries = textQueries == null ? "vector" : textQueries.toLowerCase(Locale.ROOT);
        if (!TEXT_QUERY_MODES.contains(textQueries)) {
            throw new IllegalArgumentException(where + ": field 'text_queries' must be one of " + TEXT_QUERY_MODES + ", got '"
                    + node.get("text_queries").asText() + "'");
        }
        JsonNode search = node.get("search");
        ObjectNode searchFields = MAPPER.createObjectNode();
        if (search != null && !search.isNull()) {
            if (!search.isObject()) {
                throw new IllegalArgumentException(where + ": field 'search' must be an object of search request fields");
            }
            for (Iterator<String> it = search.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (RESERVED_SEARCH_FIELDS.contains(f)) {
                    throw new IllegalArgumentException(where + ": field 'search." + f + "' is set by the evaluation for each query");
                }
            }
            searchFields = (ObjectNode) search;
            // checked now, before any index is built
            ObjectNode sample = searchFields.deepCopy();
            sample.putArray("anchors").addObject().put("id", "sample");
            try {
                SearchJson.parse(sample, null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": field 'search': " + e.getMessage(), e);
            }
        }
        ObjectNode json = ((ObjectNode) node).deepCopy();
        json.put("name", name);
        return new EvalConfig(name, text(node, "image_encoder", where), text(node, "text_encoder", where), projection, textQueries,
                searchFields, json);
    }

    /** Refuses two configurations of one name. */
    static void requireUniqueNames(List<EvalConfig> configs) {
        Set<String> seen = new HashSet<>();
        for (EvalConfig c : configs) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("two configurations are named '" + c.name() + "'; names must be unique");
            }
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a non-empty string, got " + v);
        }
        return v.asText().strip();
    }
}
