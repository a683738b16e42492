package dev.lookalike.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which CSV column holds which product field, for {@link CsvCatalogReader}.
 *
 * <p>A field that is not mapped is read from a column with the field's own name, when the header has one
 * ({@code images} also from a column named {@code image}); header names match exactly or, failing that,
 * case-insensitively. Every explicitly mapped column must exist. Immutable and thread-safe.
 *
 * @param columns    product field ({@link #FIELDS}) to column name, in the order given
 * @param attributes the columns that become product attributes, named after the column; {@code null} means
 *                   every column not used by a field (the default), an empty list means none
 */
public record ColumnMapping(Map<String, String> columns, List<String> attributes) {

    /** The product fields a column can be mapped to, spelled as in the JSON Lines schema. */
    public static final List<String> FIELDS =
            List.of("id", "title", "description", "brand", "category", "price", "currency", "in_stock", "group_id", "images");

    /** The key of {@link #parse(String)} that lists attribute columns. */
    public static final String ATTRIBUTES = "attributes";

    public ColumnMapping {
        Map<String, String> copy = new LinkedHashMap<>();
        if (columns != null) {
            columns.forEach((field, column) -> {
                if (!FIELDS.contains(field)) {
                    throw new IllegalArgumentException("unknown product field '" + field + "' in column mapping; fields are " + FIELDS
                            + " and '" + ATTRIBUTES + "'");
                }
                if (column == null || column.isBlank()) {
                    throw new IllegalArgumentException("column for field '" + field + "' must be non-blank, got "
                            + (column == null ? "null" : "'" + column + "'"));
                }
                copy.put(field, column.strip());
            });
        }
        columns = Collections.unmodifiableMap(copy);
        if (attributes != null) {
            for (String a : attributes) {
                if (a == null || a.isBlank()) {
                    throw new IllegalArgumentException("attribute column names must be non-blank, got " + attributes);
                }
            }
            attributes = attributes.stream().map(String::strip).toList();
        }
    }

    /** No explicit mapping: columns named like the fields, every other column an attribute. */
    public static ColumnMapping defaults() {
        return new ColumnMapping(Map.of(), null);
    }

    /**
     * Parses the CLI form {@code field=column,…}, e.g. {@code id=sku,title=name,price=price_eur,images=image_url}.
     * The key {@code attributes} takes {@code |}-separated column names ({@code attributes=colour|size});
     * {@code attributes=} means no attributes and {@code attributes=*} every unmapped column (the default).
     * Keys are case-insensitive; column names cannot contain {@code ,} or {@code =}. A blank spec gives
     * {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static ColumnMapping parse(String spec) {
        Builder b = builder();
        if (spec == null || spec.isBlank()) {
            return b.build();
        }
        List<String> seen = new ArrayList<>();
        for (String entry : spec.split(",", -1)) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("column mapping entry must be field=column, got '" + entry.strip() + "' in '" + spec + "'");
            }
            String key = entry.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = entry.substring(eq + 1).strip();
            if (seen.contains(key)) {
                throw new IllegalArgumentException("field '" + key + "' is mapped twice in '" + spec + "'");
            }
            seen.add(key);
            if (key.equals(ATTRIBUTES)) {
                if (value.equals("*")) {
                    b.allUnmappedAsAttributes();
                } else {
                    b.attributes(FieldValues.split(value, "|"));
                }
            } else {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("column for field '" + key + "' must be non-blank in '" + spec + "'");
                }
                b.map(key, value);
            }
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The column mapped to {@code field}, or {@code null} when the field falls back to its own name. */
    public String column(String field) {
        return columns.get(field);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final Map<String, String> columns = new LinkedHashMap<>();
        private List<String> attributes;

        private Builder() {
        }

        /** Reads {@code field} (one of {@link #FIELDS}) from {@code column}. */
        public Builder map(String field, String column) {
            columns.put(field, column);
            return this;
        }

        /** Only these columns become attributes. */
        public Builder attributes(List<String> columnNames) {
            this.attributes = List.copyOf(columnNames);
            return this;
        }

        public Builder attributes(String... columnNames) {
            return attributes(List.of(columnNames));
        }

        /** Every column not mapped to a field becomes an attribute (the default). */
        public Builder allUnmappedAsAttributes() {
            this.attributes = null;
            return this;
        }

        public ColumnMapping build() {
            return new ColumnMapping(columns, attributes);
        }
    }
}
