package dev.lookalike.engine;

/**
 * The service cannot take the request now (it is closing or closed); the HTTP API answers 503. A subclass of
 * {@link IllegalStateException}, so callers that treated a closed service as a state error still do.
 */
public final class ServiceUnavailableException extends IllegalStateException {

    public ServiceUnavailableException(String message) {
        super(message);
    }

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
