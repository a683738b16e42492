package dev.lookalike.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One catalog product as the retailer describes it. Immutable; collections are copied on construction.
 *
 * @param id           unique, non-blank, at most {@link #MAX_ID_LENGTH} characters, no control characters
 * @param title        product name shown to shoppers; may be empty, never null
 * @param description  free text; may be empty, never null
 * @param brand        brand name, or {@code null} when unknown
 * @param categoryPath category from the root down, e.g. {@code [Apparel, Topwear, Shirts]}; may be empty
 * @param price        price in {@code currency}, or {@code null} when unknown; finite and {@code >= 0}
 * @param currency     ISO 4217 code, or {@code null}
 * @param inStock      whether the product can be bought now
 * @param groupId      id shared by variants of one item (sizes, colours), or {@code null}
 * @param images       product pictures, the main one first
 * @param attributes   free attributes, name to one or more values, in catalog order
 */
public record Product(
        String id,
        String title,
        String description,
        String brand,
        List<String> categoryPath,
        Double price,
        String currency,
        boolean inStock,
        String groupId,
        List<ImageRef> images,
        Map<String, List<String>> attributes) {

    public static final int MAX_ID_LENGTH = 512;

    /**
     * The longest brand, category level, currency, group id or attribute value, in characters. Stores index each of
     * these as one whole term, and Lucene refuses a term over 32,766 UTF-8 bytes; this bound keeps a value under that
     * with room for lower-casing, so that such a product is refused here, alone, before anything is written.
     */
    public static final int MAX_VALUE_LENGTH = 8_000;

    public Product {
        id = requireId(id);
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        brand = requireIndexable(blankToNull(brand), "brand", id);
        categoryPath = categoryPath == null ? List.of() : List.copyOf(categoryPath);
        for (String level : categoryPath) {
            requireIndexable(level, "category", id);
        }
        if (price != null && (!Double.isFinite(price) || price < 0)) {
            throw new IllegalArgumentException("price must be finite and >= 0, got " + price + " for product " + id);
        }
        currency = requireIndexable(blankToNull(currency), "currency", id);
        groupId = requireIndexable(blankToNull(groupId), "group_id", id);
        images = images == null ? List.of() : List.copyOf(images);
        attributes = copyAttributes(attributes);
        for (Map.Entry<String, List<String>> a : attributes.entrySet()) {
            for (String value : a.getValue()) {
                requireIndexable(value, "attributes." + a.getKey(), id);
            }
        }
    }

    private static String requireIndexable(String value, String field, String id) {
        if (value != null && value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("field '" + field + "' must be at most " + MAX_VALUE_LENGTH
                    + " characters, got " + value.length() + " for product " + id);
        }
        return value;
    }

    /** The attribute's first value, or {@code null}. */
    public String attribute(String name) {
        List<String> values = attributes.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The category's last (most specific) level, or {@code null} when the product has no category. */
    public String leafCategory() {
        return categoryPath.isEmpty() ? null : categoryPath.get(categoryPath.size() - 1);
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id).title(title).description(description).brand(brand).categoryPath(categoryPath)
                .price(price).currency(currency).inStock(inStock).groupId(groupId).images(images);
        attributes.forEach(b::attribute);
        return b;
    }

    static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("product id must be non-blank, got " + (id == null ? "null" : "'" + id + "'"));
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("product id must be at most " + MAX_ID_LENGTH + " characters, got " + id.length());
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new IllegalArgumentException("product id must not contain control characters, got '" + id.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
        return id;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Map<String, List<String>> copyAttributes(Map<String, List<String>> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        attributes.forEach((name, values) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("attribute name must be non-blank, got '" + name + "'");
            }
            List<String> kept = values == null ? List.of()
                    : values.stream().filter(Objects::nonNull).map(String::strip).filter(v -> !v.isEmpty()).toList();
            if (!kept.isEmpty()) {
                copy.put(name.strip(), kept);
            }
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final String id;
        private String title = "";
        private String description = "";
        private String brand;
        private List<String> categoryPath = List.of();
        private Double price;
        private String currency;
        private boolean inStock = true;
        private String groupId;
        private List<ImageRef> images = List.of();
        private final Map<String, List<String>> attributes = new LinkedHashMap<>();

        private Builder(String id) {
            this.id = id;
        }

        public Builder title(String v) { this.title = v; return this; }
        public Builder description(String v) { this.description = v; return this; }
        public Builder brand(String v) { this.brand = v; return this; }
        public Builder categoryPath(List<String> v) { this.categoryPath = v; return this; }
        public Builder price(Double v) { this.price = v; return this; }
        public Builder currency(String v) { this.currency = v; return this; }
        public Builder inStock(boolean v) { this.inStock = v; return this; }
        public Builder groupId(String v) { this.groupId = v; return this; }
        public Builder images(List<ImageRef> v) { this.images = v; return this; }
        public Builder attribute(String name, List<String> values) { attributes.put(name, values); return this; }
        public Builder attribute(String name, String value) { return attribute(name, value == null ? List.of() : List.of(value)); }

        public Product build() {
            return new Product(id, title, description, brand, categoryPath, price, currency, inStock, groupId, images, attributes);
        }
    }
}
