package dev.lookalike.engine;

/** A product batch with more items than allowed; the HTTP API answers 413. */
public final class BatchTooLargeException extends RuntimeException {

    public BatchTooLargeException(String message) {
        super(message);
    }
}
