package dev.lookalike.attribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads and writes suggestion files: JSON Lines ({@code .jsonl}, {@code .ndjson}, {@code .json}) or CSV
 * ({@code .csv}), chosen by the extension. Fields, in this order: {@code product_id, attribute, current_value,
 * suggested_value, confidence, kind, near_duplicates} ({@code fill} or {@code mislabel}); {@code current_value} is
 * empty or absent for a fill; {@code near_duplicates} is optional on read: a JSON array of ids, or in CSV the ids
 * separated by spaces (so an id with a space in it is only kept whole in JSON Lines). Stateless and thread-safe.
 */
public final class SuggestionsFile {

    public static final List<String> FIELDS = List.of("product_id", "attribute", "current_value", "suggested_value", "confidence", "kind", "near_duplicates");

    private static final Set<String> OPTIONAL = Set.of("current_value", "near_duplicates");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SuggestionsFile() {
    }

    /** @throws IllegalArgumentException when the extension is neither JSON Lines nor CSV */
    public static void write(Path file, List<Suggestion> suggestions) throws IOException {
        boolean csv = isCsv(file);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (csv) {
                try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(FIELDS.toArray(String[]::new)).get())) {
                    for (Suggestion s : suggestions) {
                        p.printRecord(s.productId(), s.attribute(), s.currentValue() == null ? "" : s.currentValue(),
                                s.suggestedValue(), confidence(s.confidence()), s.kind().label(), String.join(" ", s.nearDuplicates()));
                    }
                }
            } else {
                for (Suggestion s : suggestions) {
                    w.write(JSON.writeValueAsString(toJson(s)));
                    w.write('\n');
                }
            }
        }
    }

    /** The suggestion as a JSON object with the file's field names. */
    public static ObjectNode toJson(Suggestion s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("product_id", s.productId());
        o.put("attribute", s.attribute());
        if (s.currentValue() == null) {
            o.putNull("current_value");
        } else {
            o.put("current_value", s.currentValue());
        }
        o.put("suggested_value", s.suggestedValue());
        o.put("confidence", Double.parseDouble(confidence(s.confidence())));
        o.put("kind", s.kind().label());
        s.nearDuplicates().forEach(o.putArray("near_duplicates")::add);
        return o;
    }

    /**
     * A suggestion from a JSON object with the file's field names.
     *
     * @throws IllegalArgumentException naming the field that is missing or bad
     */
    public static Suggestion fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("a suggestion must be a JSON object");
        }
        JsonNode duplicates = o.get("near_duplicates");
        List<String> ids = new ArrayList<>();
        if (duplicates != null && !duplicates.isNull()) {
            if (!duplicates.isArray()) {
                throw new IllegalArgumentException("field 'near_duplicates': an array of ids is required, got " + duplicates);
            }
            duplicates.forEach(id -> ids.add(id.asText()));
        }
        return parse(text(o, "product_id"), text(o, "attribute"), text(o, "current_value"), text(o, "suggested_value"),
                text(o, "confidence"), text(o, "kind"), ids);
    }

    /**
     * Reads every suggestion.
     *
     * @throws IllegalArgumentException at the first bad line, as {@code file:line: field 'f': message}
     */
    public static List<Suggestion> read(Path file) throws IOException {
        List<Suggestion> out = new ArrayList<>();
        if (isCsv(file)) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(r)) {
                for (String f : FIELDS) {
                    if (!OPTIONAL.contains(f) && !parser.getHeaderMap().containsKey(f)) {
                        throw new IllegalArgumentException(file + ": missing column '" + f + "' (have " + parser.getHeaderNames() + ")");
                    }
                }
                for (CSVRecord rec : parser) {
                    long line = rec.getParser().getCurrentLineNumber();
                    try {
                        out.add(parse(rec.get("product_id"), rec.get("attribute"), rec.isMapped("current_value") ? rec.get("current_value") : null,
                                rec.get("suggested_value"), rec.get("confidence"), rec.get("kind"),
                                rec.isMapped("near_duplicates") ? List.of(rec.get("near_duplicates").split("\\s+")) : List.of()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + ":" + line + ": " + e.getMessage(), e);
                    }
                }
            }
            return out;
        }
        int line = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text; (text = r.readLine()) != null; ) {
                line++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                try {
                    out.add(fromJson(JSON.readTree(text)));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(file + ":" + line + ": malformed JSON: " + e.getOriginalMessage(), e);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + line + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static Suggestion parse(String id, String attribute, String current, String suggested, String confidence, String kind,
                                    List<String> nearDuplicates) {
        require("product_id", id);
        require("attribute", attribute);
        require("suggested_value", suggested);
        require("confidence", confidence);
        require("kind", kind);
        double c;
        try {
            c = Double.parseDouble(confidence);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field 'confidence': not a number: '" + confidence + "'");
        }
        if (!(c >= 0 && c <= 1)) {
            throw new IllegalArgumentException("field 'confidence': must be in [0, 1], got " + confidence);
        }
        Suggestion.Kind k;
        try {
            k = Suggestion.Kind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'kind': " + e.getMessage());
        }
        if (k == Suggestion.Kind.MISLABEL && (current == null || current.isBlank())) {
            throw new IllegalArgumentException("field 'current_value': a mislabel needs the current value");
        }
        if (k == Suggestion.Kind.FILL && current != null && !current.isBlank()) {
            throw new IllegalArgumentException("field 'current_value': a fill has no current value, got '" + current + "'");
        }
        return new Suggestion(id, attribute, current, suggested, c, k,
                nearDuplicates.stream().map(String::strip).filter(d -> !d.isEmpty()).toList());
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "': missing");
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String confidence(double c) {
        return String.format(Locale.ROOT, "%.4f", c);
    }

    private static boolean isCsv(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return true;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return false;
        }
        throw new IllegalArgumentException("suggestions file must end in .jsonl, .ndjson, .json or .csv, got " + file);
    }
}
