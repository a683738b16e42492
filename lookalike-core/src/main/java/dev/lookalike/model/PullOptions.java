package dev.lookalike.model;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How {@link ModelCache#pull} downloads. Immutable.
 *
 * @param baseUrl         where files are fetched from ({@code http}, {@code https} or {@code file}), or {@code null}
 *                        for {@link #DEFAULT_BASE_URL}; a model without a public repository needs one
 * @param trustOnFirstUse accept files the registry does not pin: their SHA-256 is computed while downloading,
 *                        recorded in the cache's manifest and checked on every later load and pull
 * @param connectTimeout  for opening a connection
 * @param readTimeout     the longest wait for the response headers, and the longest a download may go without
 *                        receiving a byte before it is abandoned
 * @param maxFileBytes    the largest file accepted when the registry does not give its size (a known size must
 *                        match exactly)
 */
public record PullOptions(URI baseUrl, boolean trustOnFirstUse, Duration connectTimeout, Duration readTimeout,
                          long maxFileBytes) {

    /** The public Hugging Face hub. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://huggingface.co");
    /** Environment variable that sets the base URL when no {@code --base-url} is given. */
    public static final String ENV_BASE_URL = "LOOKALIKE_MODEL_BASE_URL";
    /** Default for {@link #maxFileBytes()}: 4 GiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 4L << 30;

    public PullOptions {
        if (baseUrl != null) {
            baseUrl = checkBaseUrl(baseUrl);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0, got " + connectTimeout);
        }
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be > 0, got " + readTimeout);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be > 0, got " + maxFileBytes);
        }
    }

    /** The hub (or {@code $LOOKALIKE_MODEL_BASE_URL}), no trust on first use, 30 s to connect, 60 s without data. */
    public static PullOptions defaults() {
        String env = System.getenv(ENV_BASE_URL);
        URI base = env == null || env.isBlank() ? null : parseBaseUrl(env.strip());
        return new PullOptions(base, false, Duration.ofSeconds(30), Duration.ofSeconds(60), DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * Parses a base URL given by a user.
     *
     * @throws IllegalArgumentException naming the value when it is not an absolute http, https or file URL
     */
    public static URI parseBaseUrl(String value) {
        try {
            return checkBaseUrl(new URI(value));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("base URL '" + value + "' is not a URL: " + e.getMessage(), e);
        }
    }

    private static URI checkBaseUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("file"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isEmpty()))) {
            throw new IllegalArgumentException("base URL must be an absolute http, https or file URL without query or "
                    + "fragment, got '" + uri + "'");
        }
        return uri;
    }

    /** {@link #baseUrl()}, or the hub. */
    public URI effectiveBaseUrl() {
        return baseUrl != null ? baseUrl : DEFAULT_BASE_URL;
    }

    public PullOptions withBaseUrl(URI url) {
        return new PullOptions(url, trustOnFirstUse, connectTimeout, readTimeout, maxFileBytes);
    }

    public PullOptions withTrustOnFirstUse(boolean trust) {
        return new PullOptions(baseUrl, trust, connectTimeout, readTimeout, maxFileBytes);
    }

    public PullOptions withTimeouts(Duration connect, Duration read) {
        return new PullOptions(baseUrl, trustOnFirstUse, connect, read, maxFileBytes);
    }

    public PullOptions withMaxFileBytes(long max) {
        return new PullOptions(baseUrl, trustOnFirstUse, connectTimeout, readTimeout, max);
    }
}
