package dev.lookalike.catalog;

import java.util.Objects;

/**
 * Thrown by {@link ErrorPolicySink} under {@link OnError#FAIL} for the first rejected row; the message is
 * {@link RowError#describe()}. Immutable.
 */
public class CatalogFailedException extends RuntimeException {

    private final transient RowError error;

    public CatalogFailedException(RowError error) {
        super(Objects.requireNonNull(error, "error").describe());
        this.error = error;
    }

    /** The rejected row. */
    public RowError error() {
        return error;
    }
}
