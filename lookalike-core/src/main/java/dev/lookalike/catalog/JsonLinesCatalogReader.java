package dev.lookalike.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a JSON Lines catalog: one JSON object per line, UTF-8 (a byte order mark is skipped; undecodable bytes
 * become U+FFFD). Blank lines and lines starting with {@code #} are skipped.
 *
 * <pre>{@code
 * {"id":"p1","title":"…","description":"…","brand":"…","category":["Apparel","Topwear","Shirts"],
 *  "price":19.99,"currency":"EUR","in_stock":true,"group_id":"g1","images":["images/p1.png","https://…"],
 *  "attributes":{"colour":"red","sizes":["S","M"],"weight_g":120}}
 * }</pre>
 *
 * <ul>
 *   <li>{@code id} (required) and {@code group_id}: string or number; {@code title}, {@code description},
 *       {@code brand}, {@code currency} (3-letter code): string (a number is taken as its text).</li>
 *   <li>{@code category}: array of strings, or one string split on the category separator
 *       ({@code "Apparel > Topwear > Shirts"}).</li>
 *   <li>{@code price}: number or numeric string, at least 0. {@code in_stock}: boolean (or
 *       true/false/yes/no/1/0/y/n), default true.</li>
 *   <li>{@code images}: array of strings or one string; {@code image} is an alias (if both are given,
 *       {@code image} comes first, duplicates dropped). Relative paths resolve against the file's folder.</li>
 *   <li>{@code attributes}: object whose values are strings, numbers, booleans or arrays of those; numbers
 *       are written canonically ({@code 120}, not {@code 120.0}); {@code null} and {@code NaN} mean absent.</li>
 *   <li>Any other top-level key with such a value becomes an attribute too (flat exports); an entry in
 *       {@code attributes} wins over a top-level key of the same name.</li>
 * </ul>
 *
 * <p>Every bad line becomes one {@link RowError} (for the first problem found) and reading goes on. Ids are
 * not checked for uniqueness: when a file repeats an id, both rows are passed on in file order, so with
 * upsert semantics downstream the later row wins. Reusable (each {@link #read} re-opens the file) but not
 * thread-safe.
 */
public final class JsonLinesCatalogReader implements CatalogReader {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesCatalogReader.class);

    /** Configured once, then only read from: thread-safe. {@code NaN} is allowed so it can be reported per field. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** Opens the lines to read; called once per {@link #read}. */
    private interface Opener {
        BufferedReader open() throws IOException;
    }

    private final String source;
    private final Opener opener;
    private final Path baseDir;
    /** The folder local pictures must lie in; {@code null}: anywhere. */
    private final Path imageRoot;
    /** Whether local pictures are accepted at all (text from a request without an image root: no). */
    private final boolean localImages;
    private final String categorySeparator;

    public JsonLinesCatalogReader(Path file) {
        this(file, CatalogOptions.defaults());
    }

    /**
     * Uses {@link CatalogOptions#categorySeparator()} and the image root options (local pictures must lie in the
     * file's folder unless configured otherwise); the other options are for CSV.
     */
    public JsonLinesCatalogReader(Path file, CatalogOptions options) {
        this(Objects.requireNonNull(file, "file").toString(), () -> FieldValues.openUtf8(file),
                file.toAbsolutePath().getParent(), options.imageRootFor(file.toAbsolutePath().getParent()), true, options);
    }

    private JsonLinesCatalogReader(String source, Opener opener, Path baseDir, Path imageRoot, boolean localImages,
                                   CatalogOptions options) {
        this.source = source;
        this.opener = opener;
        this.baseDir = baseDir == null ? null : baseDir.toAbsolutePath().normalize();
        this.imageRoot = imageRoot == null ? null : imageRoot.toAbsolutePath().normalize();
        this.localImages = localImages;
        this.categorySeparator = options.categorySeparator();
    }

    /**
     * A reader over JSON Lines received from a client (an HTTP request body): errors name {@code source} and the
     * line in {@code text}. Local pictures must lie in {@code imageRoot} (relative paths resolve against it; symbolic
     * links may not lead out of it); with a {@code null} root only {@code http(s)} pictures are accepted. A row naming
     * another local picture is rejected for its {@code images} (or {@code image}) field.
     */
    public static JsonLinesCatalogReader fromText(String source, String text, Path imageRoot, CatalogOptions options) {
        Objects.requireNonNull(text, "text");
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new JsonLinesCatalogReader(Objects.requireNonNull(source, "source"),
                () -> new BufferedReader(new StringReader(body)), imageRoot, imageRoot, imageRoot != null, options);
    }

    /** The longest line read, in characters; a longer one is that line's error and is not kept in memory. */
    static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    /** {@link #MAX_LINE_CHARS}; lowered by tests. */
    int maxLineChars = MAX_LINE_CHARS;

    @Override
    public void read(CatalogSink sink) throws IOException {
        long lineNumber = 0;
        long products = 0;
        long rejects = 0;
        try (BoundedLineReader in = new BoundedLineReader(opener.open(), maxLineChars)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (in.truncated()) {
                    rejects++;
                    sink.reject(new RowError(source, lineNumber, null, "line longer than " + maxLineChars
                            + " characters (one product a line; a JSON array belongs in a .json file)",
                            FieldValues.truncateRaw(line)));
                    continue;
                }
                Product product;
                try {
                    product = parse(line);
                } catch (RowException e) {
                    rejects++;
                    sink.reject(new RowError(source, lineNumber, e.field(), e.getMessage(), FieldValues.truncateRaw(line)));
                    continue;
                }
                products++;
                sink.accept(product);
            }
        }
        LOG.debug("Read {}: {} products, {} rejected rows", source, products, rejects);
    }

    private Product parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String column = at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : "";
            throw new RowException(null, "malformed JSON" + column + ": " + e.getOriginalMessage());
        }
        return parse(node);
    }

    /** One product object, checked field by field as a JSON Lines row is; shared with {@link JsonArrayCatalogReader}. */
    Product parse(JsonNode node) {
        if (!node.isObject()) {
            throw new RowException(null, "expected a JSON object, got " + kind(node)
                    + (node.isArray() ? " (a JSON array file is not JSON Lines)" : ""));
        }

        String id = null;
        String title = null;
        String description = null;
        String brand = null;
        String currency = null;
        String groupId = null;
        List<String> category = List.of();
        Double price = null;
        boolean inStock = true;
        List<ImageRef> image = List.of();
        List<ImageRef> images = List.of();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        Set<String> explicit = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            switch (key) {
                case "id" -> id = FieldValues.requireId(key, text(key, value));
                case "title" -> title = text(key, value);
                case "description" -> description = text(key, value);
                case "brand" -> brand = text(key, value);
                case "currency" -> currency = FieldValues.currency(key, text(key, value));
                case "group_id" -> groupId = text(key, value);
                case "category" -> category = category(value);
                case "price" -> price = price(value);
                case "in_stock" -> inStock = inStock(value);
                case "image" -> image = images(key, value);
                case "images" -> images = images(key, value);
                case "attributes" -> {
                    if (!value.isObject()) {
                        throw new RowException(key, "expected an object, got " + kind(value) + " " + FieldValues.quote(value.toString()));
                    }
                    for (Map.Entry<String, JsonNode> a : value.properties()) {
                        String name = requireAttributeName(key, a.getKey());
                        attributes.put(name, attributeValues(key + "." + a.getKey(), a.getValue()));
                        explicit.add(name);
                    }
                }
                default -> {
                    String name = requireAttributeName(key, key);
                    List<String> values = attributeValues(key, value);
                    if (!explicit.contains(name)) {
                        attributes.put(name, values);
                    }
                }
            }
        }
        if (id == null) {
            throw new RowException("id", "id is missing");
        }
        Set<ImageRef> allImages = new LinkedHashSet<>(image);
        allImages.addAll(images);
        try {
            return new Product(id, title, description, brand, category, price, currency, inStock, groupId,
                    List.copyOf(allImages), attributes);
        } catch (IllegalArgumentException e) {
            throw new RowException(null, e.getMessage());
        }
    }

    private static String requireAttributeName(String field, String name) {
        if (name.isBlank()) {
            throw new RowException(field, "attribute name must be non-blank, got '" + name + "'");
        }
        return name.strip();
    }

    /** A string, or a number as its canonical text. */
    private static String text(String field, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            String n = number(field, value);
            if (n == null) {
                throw new RowException(field, "expected a string, got " + value);
            }
            return n;
        }
        throw new RowException(field, "expected a string, got " + kind(value) + " " + FieldValues.quote(value.toString()));
    }

    private List<String> category(JsonNode value) {
        if (value.isTextual()) {
            return FieldValues.splitCategory(value.textValue(), categorySeparator);
        }
        if (value.isArray()) {
            List<String> levels = new ArrayList<>();
            for (JsonNode level : value) {
                if (level.isNull()) {
                    continue;
                }
                if (!level.isTextual() && !level.isNumber()) {
                    throw new RowException("category", "expected a string or an array of strings, got an array containing "
                            + kind(level) + " " + FieldValues.quote(level.toString()));
                }
                String s = text("category", level).strip();
                if (!s.isEmpty()) {
                    levels.add(s);
                }
            }
            return levels;
        }
        throw new RowException("category", "expected a string or an array of strings, got " + kind(value)
                + " " + FieldValues.quote(value.toString()));
    }

    private static Double price(JsonNode value) {
        if (value.isTextual()) {
            return FieldValues.parsePrice("price", value.textValue());
        }
        if (value.isNumber()) {
            if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                throw new RowException("price", "price must be a finite number, got " + value.asText());
            }
            return FieldValues.price("price", value.decimalValue(), value.toString());
        }
        throw new RowException("price", "expected a number or a numeric string, got " + kind(value) + " " + FieldValues.quote(value.toString()));
    }

    private static boolean inStock(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() || value.isIntegralNumber()) {
            return FieldValues.parseBoolean("in_stock", value.isTextual() ? value.textValue() : value.asText());
        }
        throw new RowException("in_stock", "expected a boolean, got " + kind(value) + " " + FieldValues.quote(value.toString()));
    }

    private List<ImageRef> images(String field, JsonNode value) {
        List<ImageRef> out = new ArrayList<>();
        if (value.isTextual()) {
            addImage(field, value.textValue(), out);
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                if (element.isNull()) {
                    continue;
                }
                if (!element.isTextual()) {
                    throw new RowException(field, "expected image locations as strings, got " + kind(element)
                            + " " + FieldValues.quote(element.toString()));
                }
                addImage(field, element.textValue(), out);
            }
        } else {
            throw new RowException(field, "expected a string or an array of strings, got " + kind(value)
                    + " " + FieldValues.quote(value.toString()));
        }
        return out;
    }

    private void addImage(String field, String location, List<ImageRef> out) {
        if (location.isBlank()) {
            return;
        }
        if (!localImages && !FieldValues.isRemote(location)) {
            throw new RowException(field, "local picture paths are not accepted here (no image root is configured), got "
                    + FieldValues.quote(location));
        }
        ImageRef ref = FieldValues.image(field, location, baseDir);
        if (imageRoot != null && !ref.isRemote()) {
            FieldValues.requireInside(field, location, ref, imageRoot);
        }
        out.add(ref);
    }

    private static List<String> attributeValues(String field, JsonNode value) {
        if (value.isArray()) {
            List<String> out = new ArrayList<>();
            for (JsonNode element : value) {
                if (element.isContainerNode()) {
                    throw new RowException(field, "attribute values must be strings, numbers or booleans, got an array containing "
                            + kind(element) + " " + FieldValues.quote(element.toString()));
                }
                String s = scalar(field, element);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
        if (value.isObject()) {
            throw new RowException(field, "nested objects are not supported as attribute values, got "
                    + FieldValues.quote(value.toString()));
        }
        String s = scalar(field, value);
        return s == null ? List.of() : List.of(s);
    }

    /** A scalar attribute value as text, or {@code null} for null and NaN. */
    private static String scalar(String field, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        if (value.isNumber()) {
            return number(field, value);
        }
        if (value.isNull()) {
            return null;
        }
        throw new RowException(field, "unsupported value " + FieldValues.quote(value.toString()));
    }

    /** Canonical text of a number; {@code null} for NaN; an error for infinities. */
    private static String number(String field, JsonNode value) {
        if (value.isDouble() || value.isFloat()) {
            double d = value.doubleValue();
            if (Double.isNaN(d)) {
                return null;
            }
            if (Double.isInfinite(d)) {
                throw new RowException(field, "expected a finite number, got " + value.asText());
            }
        }
        return FieldValues.canonical(value.decimalValue());
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
