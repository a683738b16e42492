package dev.lookalike.catalog;

/**
 * A problem with one catalog row, raised while converting it and turned into a {@link RowError} by the reader.
 * Carries no stack trace: bad rows are data, not bugs, and a file can have many.
 */
final class RowException extends RuntimeException {

    private final String field;

    RowException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The offending field (for CSV: the column name), or {@code null} when the whole row is unreadable. */
    String field() {
        return field;
    }
}
