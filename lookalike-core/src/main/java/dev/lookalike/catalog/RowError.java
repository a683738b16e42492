package dev.lookalike.catalog;

/**
 * A catalog row that could not become a product.
 *
 * @param source  file (or stream name) the row came from
 * @param line    1-based line number in {@code source}; for CSV the line where the record starts
 * @param field   the offending field, or {@code null} when the whole row is unreadable
 * @param message what is wrong, with the bad value
 * @param raw     the row's original text (may be truncated for very long rows), for the rejects file
 */
public record RowError(String source, long line, String field, String message, String raw) {

    /** {@code file:line: field: message}, the form every error report uses. */
    public String describe() {
        return source + ":" + line + (field == null ? "" : ": field '" + field + "'") + ": " + message;
    }
}
