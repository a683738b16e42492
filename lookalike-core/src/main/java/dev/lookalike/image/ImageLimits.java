package dev.lookalike.image;

import java.time.Duration;

/**
 * Caps applied before and while an image is read. Immutable.
 *
 * @param maxPixels      largest width x height decoded; larger images are refused from their header, before decoding
 * @param maxBytes       largest encoded file or download, in bytes
 * @param connectTimeout for remote images
 * @param readTimeout    for remote images, the whole transfer
 */
public record ImageLimits(long maxPixels, long maxBytes, Duration connectTimeout, Duration readTimeout) {

    public static final ImageLimits DEFAULT =
            new ImageLimits(40_000_000L, 20L * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(15));

    public ImageLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be > 0, got " + maxPixels);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0, got " + maxBytes);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0, got " + connectTimeout);
        }
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be > 0, got " + readTimeout);
        }
    }
}
