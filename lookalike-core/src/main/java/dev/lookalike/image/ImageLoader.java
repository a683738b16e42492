package dev.lookalike.image;

import dev.lookalike.catalog.ImageRef;
import java.awt.image.BufferedImage;

/**
 * Fetches and decodes product pictures: an {@link ImageFetcher} and an {@link ImageDecoder} sharing one set of
 * {@link ImageLimits}. Every picture comes back as a {@link BufferedImage#TYPE_INT_RGB} image on white; every
 * failure as an {@link ImageLoadException} naming the path or URL.
 *
 * <p>Thread-safe: one instance serves concurrent callers. {@link #close()} releases the fetcher's HTTP client.
 */
public final class ImageLoader implements AutoCloseable {

    private final ImageLimits limits;
    private final ImageFetcher fetcher;
    private final ImageDecoder decoder;

    /** A loader fetching from public addresses only ({@link FetchPolicy#DEFAULT}). */
    public ImageLoader(ImageLimits limits) {
        this(limits, FetchPolicy.DEFAULT);
    }

    /**
     * Creates a loader with its own fetcher and decoder.
     *
     * @param limits caps on bytes, pixels and time, applied to every picture
     * @param policy which hosts remote pictures may come from
     * @throws IllegalArgumentException if {@code limits} or {@code policy} is null
     */
    public ImageLoader(ImageLimits limits, FetchPolicy policy) {
        if (limits == null) {
            throw new IllegalArgumentException("limits must be non-null, got null");
        }
        this.limits = limits;
        this.fetcher = new ImageFetcher(limits, policy);
        this.decoder = new ImageDecoder(limits);
    }

    /**
     * Reads and decodes the picture at {@code ref}.
     *
     * @param ref a {@code file:} or {@code http(s):} picture
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image
     * @throws ImageLoadException       if it cannot be fetched or decoded; the message names the path or URL
     * @throws IllegalArgumentException if {@code ref} is null
     */
    public BufferedImage load(ImageRef ref) throws ImageLoadException {
        byte[] bytes = fetcher.fetch(ref);
        return decoder.decode(bytes, ImageFetcher.sourceName(ref));
    }

    /**
     * Decodes bytes already in memory, for example an upload.
     *
     * @param bytes      the encoded picture
     * @param sourceName what error messages call it
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image
     * @throws ImageLoadException if the bytes are not a supported picture within the limits
     * @see ImageDecoder#decode(byte[], String)
     */
    public BufferedImage decode(byte[] bytes, String sourceName) throws ImageLoadException {
        return decoder.decode(bytes, sourceName);
    }

    /** The limits applied to every picture. */
    public ImageLimits limits() {
        return limits;
    }

    /** Closes the fetcher; {@link #decode(byte[], String)} keeps working, {@link #load(ImageRef)} does not. */
    @Override
    public void close() {
        fetcher.close();
    }
}
