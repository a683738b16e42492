package dev.lookalike.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams one URL into a new file while computing its SHA-256, with the limits of {@link PullOptions}: connect and
 * response timeouts, a stall timeout while the body arrives (a watchdog closes the stream when no byte came for
 * {@code readTimeout}), redirects followed (never from https to http), and a size cap. {@code http(s)} through
 * {@link HttpClient}; {@code file:} URLs are read from disk (offline mirrors). On any failure the partial file is
 * deleted. Not thread-safe: one download at a time; close it when done.
 */
final class ModelDownloader implements AutoCloseable {

    static final String USER_AGENT = "lookalike-model-cache/1 (+https://github.com/lookalike)";
    private static final int BUFFER = 1 << 16;

    /** A finished download: the new file (to be moved into place by the caller), its size and SHA-256. */
    record Downloaded(Path file, long size, String sha256) {
    }

    private final PullOptions options;
    private final HttpClient client;
    private final ScheduledExecutorService watchdog;

    ModelDownloader(PullOptions options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lookalike-download-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Downloads {@code url} into a new file {@code target} (which must not exist).
     *
     * @param what         names the file in messages, e.g. {@code onnx/model.onnx of model clip-vit-b32}
     * @param expectedSize the exact size the file must have, or -1 when unknown
     * @param progress     called with the byte count every {@value #BUFFER} bytes or so
     * @throws ModelDownloadException naming {@code what} and the URL; {@code target} does not exist afterwards
     */
    Downloaded fetch(URI url, String what, long expectedSize, Path target, java.util.function.LongConsumer progress)
            throws ModelDownloadException {
        boolean ok = false;
        try {
            Downloaded d = "file".equalsIgnoreCase(url.getScheme())
                    ? fetchFile(url, what, expectedSize, target, progress)
                    : fetchHttp(url, what, expectedSize, target, progress);
            ok = true;
            return d;
        } finally {
            if (!ok) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException ignored) {
                    // the failure being reported matters more; a stale .part file is removed by the next pull
                }
            }
        }
    }

    private Downloaded fetchFile(URI url, String what, long expectedSize, Path target,
                                 java.util.function.LongConsumer progress) throws ModelDownloadException {
        Path source;
        try {
            source = Path.of(url);
        } catch (IllegalArgumentException e) {
            throw new ModelDownloadException("cannot read " + what + ": " + url + " is not a file path", e);
        }
        try {
            long size = Files.size(source);
            checkAnnouncedSize(url, what, size, expectedSize);
            try (InputStream in = Files.newInputStream(source)) {
                return copy(in, url, what, size, expectedSize, target, progress, null);
            }
        } catch (NoSuchFileException e) {
            throw new ModelDownloadException("cannot read " + what + ": no such file " + source, e);
        } catch (ModelDownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelDownloadException("cannot read " + what + " from " + source + ": " + e.getMessage(), e);
        }
    }

    private Downloaded fetchHttp(URI url, String what, long expectedSize, Path target,
                                 java.util.function.LongConsumer progress) throws ModelDownloadException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(options.readTimeout())
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ModelDownloadException("no response from " + url + " within " + seconds(options.readTimeout())
                    + " (downloading " + what + ")", e);
        } catch (ConnectException e) {
            String why = message(e);
            throw new ModelDownloadException("cannot connect to " + url + " (downloading " + what + "): "
                    + (why.equals(e.getClass().getSimpleName()) ? "connection refused or host unreachable" : why), e);
        } catch (IOException e) {
            throw new ModelDownloadException("download of " + what + " from " + url + " failed: " + message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException("download of " + what + " from " + url + " was interrupted", e);
        }
        InputStream body = response.body();
        try (body) {
            int status = response.statusCode();
            if (status != 200) {
                String hint = switch (status) {
                    case 401, 403 -> " (the repository may be gated or private)";
                    case 404 -> " (no such file at this base URL and revision)";
                    default -> "";
                };
                throw new ModelDownloadException("HTTP " + status + " for " + response.uri() + hint + " (downloading "
                        + what + ")");
            }
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            checkAnnouncedSize(response.uri(), what, announced, expectedSize);
            return copy(body, response.uri(), what, announced, expectedSize, target, progress, body);
        } catch (ModelDownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelDownloadException("download of " + what + " from " + url + " failed: " + message(e), e);
        }
    }

    private void checkAnnouncedSize(URI url, String what, long announced, long expectedSize)
            throws ModelDownloadException {
        if (announced >= 0 && expectedSize >= 0 && announced != expectedSize) {
            throw new ModelDownloadException(url + " announces " + announced + " bytes for " + what
                    + ", the registry expects " + expectedSize);
        }
        if (announced > options.maxFileBytes()) {
            throw new ModelDownloadException(url + " announces " + announced + " bytes for " + what
                    + ", more than the limit of " + options.maxFileBytes());
        }
    }

    /**
     * Copies {@code in} to {@code target}, hashing; {@code closeOnStall} is closed by the watchdog when nothing
     * arrives for the read timeout (null: no watchdog).
     */
    private Downloaded copy(InputStream in, URI url, String what, long announced, long expectedSize, Path target,
                            java.util.function.LongConsumer progress, InputStream closeOnStall) throws IOException {
        long cap = expectedSize >= 0 ? expectedSize : options.maxFileBytes();
        MessageDigest sha = sha256();
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long stallNanos = options.readTimeout().toNanos();
        ScheduledFuture<?> guard = null;
        if (closeOnStall != null) {
            long period = Math.max(10, Math.min(1000, options.readTimeout().toMillis() / 4));
            guard = watchdog.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastData.get() > stallNanos && stalled.compareAndSet(false, true)) {
                    try {
                        closeOnStall.close(); // wakes the blocked read
                    } catch (IOException ignored) {
                        // closing is all we can do
                    }
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }
        long total = 0;
        long reported = 0;
        byte[] buffer = new byte[BUFFER];
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    if (stalled.get()) {
                        throw stalledError(url, what, total, announced);
                    }
                    throw new ModelDownloadException("download of " + what + " from " + url + " broke off after "
                            + total + (announced >= 0 ? " of " + announced : "") + " bytes: " + message(e), e);
                }
                if (n < 0) {
                    break;
                }
                if (stalled.get()) {
                    throw stalledError(url, what, total, announced);
                }
                lastData.set(System.nanoTime());
                total += n;
                if (total > cap) {
                    throw new ModelDownloadException(url + " sent more than " + cap + " bytes for " + what
                            + (expectedSize >= 0 ? " (the registry's size)" : " (the size limit)"));
                }
                sha.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                if (total - reported >= BUFFER) {
                    reported = total;
                    progress.accept(total);
                }
            }
            if (stalled.get()) {
                throw stalledError(url, what, total, announced);
            }
            out.force(true);
        } finally {
            if (guard != null) {
                guard.cancel(false);
            }
        }
        if (announced >= 0 && total != announced) {
            throw new ModelDownloadException("download of " + what + " from " + url + " is truncated: " + total
                    + " of " + announced + " bytes");
        }
        if (expectedSize >= 0 && total != expectedSize) {
            throw new ModelDownloadException("download of " + what + " from " + url + " is truncated: " + total
                    + " bytes, the registry expects " + expectedSize);
        }
        progress.accept(total);
        return new Downloaded(target, total, ModelFile.hex(sha.digest()));
    }

    private ModelDownloadException stalledError(URI url, String what, long total, long announced) {
        return new ModelDownloadException("download of " + what + " from " + url + " stalled: no data for "
                + seconds(options.readTimeout()) + " after " + total + (announced >= 0 ? " of " + announced : "")
                + " bytes");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** SHA-256 of a file, streamed. */
    static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
            }
        }
        return ModelFile.hex(sha.digest());
    }

    private static String seconds(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The first non-blank message along the cause chain, else the exception's class name. */
    private static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        client.close();
    }
}
