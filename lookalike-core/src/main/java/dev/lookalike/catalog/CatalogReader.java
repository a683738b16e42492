package dev.lookalike.catalog;

import java.io.IOException;

/**
 * Streams a catalog into a {@link CatalogSink}: every valid row becomes a {@link Product}, every invalid
 * row a {@link RowError} naming file, line and field. A bad row never stops the reader; the sink decides.
 * Implementations are single-use and not thread-safe.
 */
public interface CatalogReader {

    /** Reads the whole catalog. IOExceptions are for the file as a whole (missing, unreadable). */
    void read(CatalogSink sink) throws IOException;
}
