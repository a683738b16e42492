package dev.lookalike.server;

/**
 * The server's protections that are not about one route. Immutable.
 *
 * <p>Remote pictures are never fetched by the picture route (it redirects the browser to them); pictures the write
 * routes download go through the engine's image source, whose {@link dev.lookalike.image.FetchPolicy} is set where
 * the engine is built ({@link dev.lookalike.image.ImageLoader}).
 *
 * @param maxConcurrentPerClient requests in flight per client address before 429; 0 turns the limit off
 */
public record SafetyOptions(int maxConcurrentPerClient) {

    public static final int DEFAULT_MAX_CONCURRENT_PER_CLIENT = 32;

    public SafetyOptions {
        if (maxConcurrentPerClient < 0) {
            throw new IllegalArgumentException("maxConcurrentPerClient must be >= 0 (0: no limit), got " + maxConcurrentPerClient);
        }
    }

    /** 32 requests in flight per client. */
    public static SafetyOptions defaults() {
        return new SafetyOptions(DEFAULT_MAX_CONCURRENT_PER_CLIENT);
    }

    public SafetyOptions withMaxConcurrentPerClient(int n) {
        return new SafetyOptions(n);
    }
}
