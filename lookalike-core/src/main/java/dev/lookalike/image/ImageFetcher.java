package dev.lookalike.image;

import dev.lookalike.catalog.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the encoded bytes of an {@link ImageRef}: a local {@code file:} or a remote {@code http(s):} picture,
 * never more than {@link ImageLimits#maxBytes()} of it.
 *
 * <p>Remote pictures are fetched with {@link HttpClient}: connect timeout {@link ImageLimits#connectTimeout()},
 * the whole transfer (every redirect hop, headers and body) bounded by {@link ImageLimits#readTimeout()}.
 * A {@code Content-Length} above the cap is refused before the body is read; without one, the body is read
 * up to the cap plus one byte, then refused.
 *
 * <p><b>Which hosts.</b> Redirects are followed here, not by the client, at most
 * {@link FetchPolicy#maxRedirects()} of them and never from HTTPS to HTTP. Before every hop the host is resolved
 * and each of its addresses checked against the {@link FetchPolicy}: by default loopback, private, link-local,
 * multicast and other non-public addresses are refused (server-side request forgery), unless the allow-list lets
 * them through. The connection itself resolves the host again through the JVM's address cache, which holds the
 * answer just checked ({@code networkaddress.cache.ttl}, 30 s by default), so it connects to a checked address;
 * the remaining DNS-rebinding window is a cache entry that expires between the check and the connect (or a cache
 * turned off with a TTL of 0), and an HTTP proxy configured for the JVM, which resolves names itself.
 *
 * <p>Thread-safe: one instance serves concurrent callers. {@link #close()} releases the HTTP client and the
 * timer thread; fetching afterwards is a programming error.
 */
public final class ImageFetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFetcher.class);

    /** Largest byte array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final String ACCEPT = "image/jpeg, image/png, image/webp, image/gif, image/bmp;q=0.9, */*;q=0.1";
    private static final String USER_AGENT = "Lookalike image fetcher";

    private final ImageLimits limits;
    private final FetchPolicy policy;
    /** Bytes read at most (the cap, clamped to what fits in an array). */
    private final int cap;
    private final HttpClient http;
    /** Closes a response body whose transfer overruns readTimeout; its thread starts on the first download. */
    private final ScheduledThreadPoolExecutor watchdog;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A fetcher with {@link FetchPolicy#DEFAULT}: public addresses only. */
    public ImageFetcher(ImageLimits limits) {
        this(limits, FetchPolicy.DEFAULT);
    }

    /**
     * Creates a fetcher with its own HTTP client.
     *
     * @param limits the byte cap and the timeouts
     * @param policy which hosts may be fetched, how many redirects are followed
     * @throws IllegalArgumentException if {@code limits} or {@code policy} is null
     */
    public ImageFetcher(ImageLimits limits, FetchPolicy policy) {
        if (limits == null || policy == null) {
            throw new IllegalArgumentException("limits and policy must be non-null, got " + limits + ", " + policy);
        }
        this.limits = limits;
        this.policy = policy;
        this.cap = (int) Math.min(limits.maxBytes(), MAX_ARRAY - 1);
        this.http = HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.watchdog = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "lookalike-image-fetch-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.watchdog.setRemoveOnCancelPolicy(true);
    }

    /**
     * Reads the picture's bytes.
     *
     * @param ref a {@code file:} or {@code http(s):} picture
     * @return the encoded bytes, at most {@link ImageLimits#maxBytes()} of them
     * @throws ImageLoadException       naming the path or URL: missing file, directory, above the byte cap,
     *                                  HTTP status other than 2xx, timeout, connection or TLS failure
     * @throws IllegalArgumentException if {@code ref} is null
     * @throws IllegalStateException    if this fetcher was closed
     */
    public byte[] fetch(ImageRef ref) throws ImageLoadException {
        if (ref == null) {
            throw new IllegalArgumentException("ref must be non-null, got null");
        }
        if (closed.get()) {
            throw new IllegalStateException("ImageFetcher is closed; cannot fetch " + ref);
        }
        return ref.isRemote() ? fetchHttp(ref.uri()) : readFile(ref.uri());
    }

    /** How messages name a picture: the file path for local ones, the URL for remote ones. */
    static String sourceName(ImageRef ref) {
        if (!ref.isRemote()) {
            try {
                return Path.of(ref.uri()).toString();
            } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                return ref.toString();
            }
        }
        return ref.toString();
    }

    private byte[] readFile(URI uri) throws ImageLoadException {
        Path path;
        try {
            path = Path.of(uri);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new ImageLoadException(uri + ": not a local file path (" + e.getMessage() + ")", e);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(path + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new ImageLoadException(path + ": permission denied", e);
        } catch (IOException e) {
            throw new ImageLoadException(path + ": cannot read (" + e + ")", e);
        }
        if (attributes.isDirectory()) {
            throw new ImageLoadException(path + ": is a directory, not an image file");
        }
        if (!attributes.isRegularFile()) {
            throw new ImageLoadException(path + ": not a regular file");
        }
        if (attributes.size() > limits.maxBytes()) {
            throw new ImageLoadException(String.format(Locale.ROOT, "%s: %d bytes, above the cap of %d bytes",
                    path, attributes.size(), limits.maxBytes()));
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] data = in.readNBytes(cap + 1);
            if (data.length > cap) {
                throw new ImageLoadException(String.format(Locale.ROOT,
                        "%s: grew above the cap of %d bytes while being read", path, limits.maxBytes()));
            }
            return data;
        } catch (ImageLoadException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(path + ": no such file", e);
        } catch (IOException e) {
            throw new ImageLoadException(path + ": cannot read (" + e + ")", e);
        }
    }

    /**
     * Downloads one remote picture, following redirects itself so that every hop's host is checked against the
     * policy before it is connected to.
     */
    private byte[] fetchHttp(URI uri) throws ImageLoadException {
        long started = System.nanoTime();
        long deadline = started + limits.readTimeout().toNanos();
        URI current = uri;
        for (int hop = 0; ; hop++) {
            String where = hop == 0 ? "" : " (redirected to " + current + ")";
            checkHost(uri, current, where);
            HttpResponse<InputStream> response = send(uri, current, deadline, where);
            int status = response.statusCode();
            if (isRedirect(status)) {
                closeQuietly(response.body(), uri);
                URI next = redirectTarget(uri, current, response, where);
                if (hop >= policy.maxRedirects()) {
                    throw new ImageLoadException(uri + ": more than " + policy.maxRedirects() + " redirects (HTTP "
                            + status + where + ")");
                }
                current = next;
                continue;
            }
            byte[] data = readBody(uri, response, deadline, where);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: {} bytes in {} ms", uri, data.length, (System.nanoTime() - started) / 1_000_000);
            }
            return data;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI uri, URI current, HttpResponse<?> response, String where)
            throws ImageLoadException {
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null || location.isBlank()) {
            throw new ImageLoadException(uri + ": HTTP " + response.statusCode() + " without a Location" + where);
        }
        URI next;
        try {
            next = current.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new ImageLoadException(uri + ": redirect to an invalid URL '" + location + "'" + where, e);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ImageLoadException(uri + ": redirect to a non-HTTP URL '" + next + "' refused" + where);
        }
        if (scheme.equals("http") && "https".equalsIgnoreCase(current.getScheme())) {
            throw new ImageLoadException(uri + ": redirect from HTTPS to HTTP refused (" + next + ")");
        }
        return next;
    }

    /** Resolves {@code target}'s host and refuses it when any of its addresses is refused by the policy. */
    private void checkHost(URI uri, URI target, String where) throws ImageLoadException {
        String host = target.getHost();
        if (host == null || host.isEmpty()) {
            throw new ImageLoadException(uri + ": URL has no host" + where);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ImageLoadException(uri + ": unknown host '" + host + "'" + where, e);
        }
        for (InetAddress address : addresses) {
            String refusal = policy.refusal(host, address);
            if (refusal != null) {
                throw new ImageLoadException(uri + ": refused: " + refusal + where);
            }
        }
    }

    private HttpResponse<InputStream> send(URI uri, URI target, long deadline, String where) throws ImageLoadException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new ImageLoadException(uri + ": no response within " + limits.readTimeout() + where);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofNanos(remaining))
                    .header("Accept", ACCEPT)
                    .header("User-Agent", USER_AGENT)
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ImageLoadException(uri + ": not a valid HTTP URL (" + e.getMessage() + ")" + where, e);
        }
        CompletableFuture<HttpResponse<InputStream>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            return pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(pending);
            throw new ImageLoadException(uri + ": no response within " + limits.readTimeout() + where, e);
        } catch (InterruptedException e) {
            abandon(pending);
            Thread.currentThread().interrupt();
            throw new ImageLoadException(uri + ": interrupted while downloading", e);
        } catch (ExecutionException e) {
            throw failure(uri, e.getCause() == null ? e : e.getCause());
        }
    }

    private byte[] readBody(URI uri, HttpResponse<InputStream> response, long deadline, String where)
            throws ImageLoadException {
        InputStream body = response.body();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = null;
        try {
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                throw new ImageLoadException(uri + ": HTTP " + status + where);
            }
            OptionalLong length = contentLength(response);
            if (length.isPresent() && length.getAsLong() > limits.maxBytes()) {
                throw new ImageLoadException(String.format(Locale.ROOT,
                        "%s: Content-Length is %d bytes, above the cap of %d bytes%s",
                        uri, length.getAsLong(), limits.maxBytes(), where));
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new ImageLoadException(uri + ": download did not finish within " + limits.readTimeout());
            }
            try {
                alarm = watchdog.schedule(() -> {
                    timedOut.set(true);
                    closeQuietly(body, uri);
                }, remaining, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("ImageFetcher was closed while fetching " + uri, e);
            }
            byte[] data = body.readNBytes(cap + 1);
            if (data.length > cap) {
                throw new ImageLoadException(String.format(Locale.ROOT,
                        "%s: response body is larger than the cap of %d bytes%s", uri, limits.maxBytes(), where));
            }
            return data;
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new ImageLoadException(uri + ": download did not finish within " + limits.readTimeout(), e);
            }
            throw failure(uri, e);
        } finally {
            if (alarm != null) {
                alarm.cancel(false);
            }
            // Closing before the end of the body cancels the exchange instead of draining it.
            closeQuietly(body, uri);
        }
    }

    private static OptionalLong contentLength(HttpResponse<?> response) {
        try {
            return response.headers().firstValueAsLong("Content-Length");
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Cancels a request that is no longer waited for; a response that arrives anyway has its body closed. */
    private static void abandon(CompletableFuture<HttpResponse<InputStream>> pending) {
        pending.cancel(true);
        pending.thenAccept(r -> {
            try {
                r.body().close();
            } catch (IOException ignored) {
                // nothing to recover
            }
        });
    }

    private ImageLoadException failure(URI uri, Throwable cause) {
        String reason;
        if (cause instanceof HttpConnectTimeoutException) {
            reason = "could not connect within " + limits.connectTimeout();
        } else if (cause instanceof HttpTimeoutException) {
            reason = "no response within " + limits.readTimeout();
        } else if (cause instanceof ConnectException) {
            reason = "cannot connect" + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
        } else if (cause instanceof SSLException) {
            reason = "TLS failure (" + cause.getMessage() + ")";
        } else if (cause instanceof IOException) {
            reason = "download failed (" + cause + ")";
        } else {
            reason = "download failed unexpectedly (" + cause + ")";
        }
        return new ImageLoadException(uri + ": " + reason, cause);
    }

    private static void closeQuietly(InputStream in, URI uri) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the response body failed", uri, e);
        }
    }

    /**
     * Shuts the HTTP client down, waiting for downloads in progress (each bounded by the read timeout), and
     * stops the timer thread. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                http.close();
            } finally {
                watchdog.shutdownNow();
            }
        }
    }
}
