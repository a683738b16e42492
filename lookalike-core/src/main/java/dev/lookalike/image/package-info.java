/**
 * Product pictures, from a catalog's {@link dev.lookalike.catalog.ImageRef} to pixels an image encoder can use.
 *
 * <p>{@link dev.lookalike.image.ImageFetcher} reads the encoded bytes of a local file or an HTTP(S) URL;
 * {@link dev.lookalike.image.ImageDecoder} turns JPEG (CMYK and YCCK included), PNG, GIF, BMP and WebP into
 * {@code TYPE_INT_RGB} images, transparency composited onto white; {@link dev.lookalike.image.ImageLoader}
 * does both. {@link dev.lookalike.image.ImageLimits} bounds bytes, pixels (checked from the header, before
 * decoding) and time, so a hostile or broken picture costs little; {@link dev.lookalike.image.FetchPolicy} says
 * which hosts may be downloaded from (public addresses only by default, checked after DNS resolution on every redirect
 * hop: see SECURITY.md). Every failure is a checked
 * {@link dev.lookalike.image.ImageLoadException} naming the picture; all classes are thread-safe.
 *
 * <p>Codecs come from ImageIO with the TwelveMonkeys plugins, registered when {@code ImageDecoder} is first
 * used. A shaded jar must merge {@code META-INF/services} files (maven-shade's
 * {@code ServicesResourceTransformer}) or the TwelveMonkeys readers are lost.
 */
package dev.lookalike.image;
