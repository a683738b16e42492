package dev.lookalike.engine;

import dev.lookalike.catalog.OnError;
import java.nio.file.Path;

/**
 * How a catalog is ingested. Immutable.
 *
 * @param onError     {@code FAIL}: stop at the first bad row, index nothing more; {@code SKIP}: write bad rows to the
 *                    rejects file and go on
 * @param rejectsFile where skipped rows go (JSON Lines); required with {@code SKIP}
 * @param batchSize   products vectorized and written together
 * @param listener    told after every batch; never null
 */
public record IngestOptions(OnError onError, Path rejectsFile, int batchSize, IngestListener listener) {

    public static final int DEFAULT_BATCH_SIZE = 256;

    public IngestOptions {
        if (onError == null) {
            throw new IllegalArgumentException("onError must be FAIL or SKIP, got null");
        }
        if (onError == OnError.SKIP && rejectsFile == null) {
            throw new IllegalArgumentException("onError=SKIP needs a rejects file");
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 100000, got " + batchSize);
        }
        listener = listener == null ? IngestListener.NONE : listener;
    }

    public static IngestOptions skip(Path rejectsFile) {
        return new IngestOptions(OnError.SKIP, rejectsFile, DEFAULT_BATCH_SIZE, IngestListener.NONE);
    }

    public static IngestOptions failFast() {
        return new IngestOptions(OnError.FAIL, null, DEFAULT_BATCH_SIZE, IngestListener.NONE);
    }

    public IngestOptions withListener(IngestListener l) {
        return new IngestOptions(onError, rejectsFile, batchSize, l);
    }
}
