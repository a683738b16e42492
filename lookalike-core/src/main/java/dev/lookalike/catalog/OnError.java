package dev.lookalike.catalog;

import java.util.Locale;

/**
 * What an import does with a rejected catalog row (CLI flag {@code --on-error=fail|skip}); applied by
 * {@link ErrorPolicySink}. Immutable, thread-safe.
 */
public enum OnError {
    /** Stop at the first rejected row with a {@link CatalogFailedException}. */
    FAIL,
    /** Write the rejected row to the rejects file and go on. */
    SKIP;

    /**
     * Parses a flag value, case-insensitively.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static OnError fromFlag(String value) {
        if (value != null) {
            for (OnError e : values()) {
                if (e.name().equalsIgnoreCase(value.strip())) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("--on-error must be fail or skip, got " + (value == null ? "null" : "'" + value + "'"));
    }

    /** The flag spelling: {@code fail} or {@code skip}. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
