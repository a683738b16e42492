package dev.lookalike.eval;

import java.util.Locale;

/** What a golden query is: a product anchor ("more like this") or a text query. */
public enum QueryKind {
    PRODUCT,
    TEXT;

    /** {@code product} or {@code text}, case-insensitive. */
    public static QueryKind parse(String value) {
        for (QueryKind k : values()) {
            if (k.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("must be product or text, got '" + value + "'");
    }

    /** {@code product} or {@code text}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
