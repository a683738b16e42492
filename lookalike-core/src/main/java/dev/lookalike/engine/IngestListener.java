package dev.lookalike.engine;

/** Progress of an ingest, reported after each batch from the ingesting thread. */
@FunctionalInterface
public interface IngestListener {

    IngestListener NONE = (indexed, rejected) -> { };

    void batchDone(long indexedSoFar, long rejectedSoFar);
}
