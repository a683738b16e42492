package dev.lookalike.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@link ServerConfig}: the defaults as a tree, the YAML file merged over it (a key the defaults lack is an
 * error naming the key, the file and the line), then the environment variables, then binding and validation by the
 * records. Every error names where the bad value came from. Stateless.
 */
final class ConfigLoader {

    static final String ENV_PREFIX = "LOOKALIKE_";

    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper BIND = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private ConfigLoader() {
    }

    static ServerConfig load(Path file, Map<String, String> env) {
        ObjectNode defaults = BIND.valueToTree(ServerConfig.defaults());
        ObjectNode tree = defaults.deepCopy();
        Map<String, String> sources = new HashMap<>();
        if (file != null) {
            JsonNode user = read(file);
            if (!user.isMissingNode() && !user.isNull()) {
                if (!user.isObject()) {
                    throw new IllegalArgumentException("config file " + file + ": must be a mapping of sections (server:, index:, ...)");
                }
                merge(tree, (ObjectNode) user, "", file, lines(file), sources);
            }
        }
        applyEnvironment(tree, defaults, env, sources);
        try {
            return BIND.treeToValue(tree, ServerConfig.class);
        } catch (JsonMappingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ServerConfig.BadValue bad) {
                    throw new IllegalArgumentException(where(bad.key, sources, file) + ": " + bad.key + " " + bad.problem);
                }
            }
            String key = key(e.getPath());
            throw new IllegalArgumentException(where(key, sources, file) + ": " + key + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("configuration: " + e.getOriginalMessage());
        }
    }

    /** {@code server.port} is {@code LOOKALIKE_SERVER_PORT}. */
    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Every key, dotted, with its default (null, a scalar or a list), in order. */
    static Map<String, JsonNode> keys() {
        Map<String, JsonNode> keys = new TreeMap<>();
        leaves(BIND.valueToTree(ServerConfig.defaults()), "", keys);
        return keys;
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + ": no such file");
        }
        try {
            return YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("config file " + file + (at == null ? "" : ", line " + at.getLineNr())
                    + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The line of each key in the file, dotted. */
    private static Map<String, Integer> lines(Path file) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(file.toFile())) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    String pointer = p.getParsingContext().pathAsPointer().toString();
                    lines.putIfAbsent(pointer.substring(1).replace('/', '.'), p.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return lines;
    }

    private static void merge(ObjectNode into, ObjectNode from, String prefix, Path file, Map<String, Integer> lines,
                              Map<String, String> sources) {
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            String key = prefix + e.getKey();
            String where = "config file " + file + (lines.containsKey(key) ? ", line " + lines.get(key) : "");
            JsonNode current = into.get(e.getKey());
            if (current == null) {
                List<String> known = new ArrayList<>();
                into.fieldNames().forEachRemaining(n -> known.add(prefix + n));
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (known here: " + String.join(", ", known) + ")");
            }
            sources.put(key, where);
            if (current.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) current, (ObjectNode) e.getValue(), key + ".", file, lines, sources);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void applyEnvironment(ObjectNode tree, ObjectNode defaults, Map<String, String> env, Map<String, String> sources) {
        Map<String, JsonNode> keys = new TreeMap<>();
        leaves(defaults, "", keys);
        Map<String, String> byVariable = new HashMap<>();
        keys.keySet().forEach(k -> byVariable.put(envName(k), k));
        List<String> sections = new ArrayList<>();
        defaults.fieldNames().forEachRemaining(s -> sections.add(ENV_PREFIX + s.toUpperCase(Locale.ROOT) + "_"));
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String variable = e.getKey();
            String key = byVariable.get(variable);
            if (key == null) {
                // a variable in one of the sections' namespaces that names no key is a typo, not someone else's variable
                if (sections.stream().anyMatch(variable::startsWith)) {
                    throw new IllegalArgumentException("environment variable " + variable + ": no such key; known: "
                            + String.join(", ", keys.keySet().stream().map(ConfigLoader::envName).toList()));
                }
                continue;
            }
            String value = e.getValue();
            if (value == null || value.isEmpty()) {
                continue; // an empty variable counts as unset
            }
            JsonNode node;
            if (keys.get(key).isArray()) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                for (String item : value.split(",")) {
                    if (!item.isBlank()) {
                        list.add(item.strip());
                    }
                }
                node = list;
            } else {
                node = JsonNodeFactory.instance.textNode(value);
            }
            String[] parts = key.split("\\.");
            ObjectNode parent = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = parent.get(parts[i]);
                parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
            }
            parent.set(parts[parts.length - 1], node);
            sources.put(key, "environment variable " + variable);
        }
    }

    private static void leaves(JsonNode node, String prefix, Map<String, JsonNode> out) {
        node.properties().forEach(e -> {
            if (e.getValue().isObject()) {
                leaves(e.getValue(), prefix + e.getKey() + ".", out);
            } else {
                out.put(prefix + e.getKey(), e.getValue());
            }
        });
    }

    private static String key(List<JsonMappingException.Reference> path) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                parts.add(r.getFieldName());
            }
        }
        return parts.isEmpty() ? "(top level)" : String.join(".", parts);
    }

    /** Where a key's value came from: the variable, the file and line, or (for a section's check) the file. */
    private static String where(String key, Map<String, String> sources, Path file) {
        for (String k = key; ; k = k.substring(0, k.lastIndexOf('.'))) {
            String source = sources.get(k);
            if (source != null) {
                return source;
            }
            if (k.indexOf('.') < 0) {
                break;
            }
        }
        return file != null ? "config file " + file : "configuration";
    }
}
