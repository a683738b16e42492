package dev.lookalike.image;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes an encoded picture into a {@link BufferedImage#TYPE_INT_RGB} image: JPEG (including CMYK and
 * YCCK, through TwelveMonkeys), PNG, GIF (the first frame of an animation), BMP and WebP. Grey, 16-bit,
 * indexed and CMYK pictures come out as 8-bit RGB; transparent and translucent pixels are composited onto
 * white, the background product photos are shot on.
 *
 * <p>Before anything is decoded the input is checked against the {@link ImageLimits}: its size against
 * {@code maxBytes}, and the width and height stated in its header against {@code maxPixels}, so a
 * decompression bomb is refused without allocating its pixels. Truncated files are reported rather than
 * returned half grey wherever the codec lets us notice (see {@link #decode(byte[], String)}).
 *
 * <p>Thread-safe: an instance holds only its immutable limits, and every call uses its own stream and reader.
 */
public final class ImageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    /** The formats accepted, for messages. */
    static final String SUPPORTED = "JPEG, PNG, GIF, BMP, WebP";

    /** ImageIO format name (lower case) to the name used in messages. Other readers on the classpath are refused. */
    /** The longest side a picture is decoded at; a larger one is subsampled at decode (every 2nd, 3rd... pixel). */
    static final int MAX_DECODED_SIDE = 2048;

    private static final Map<String, String> FORMATS =
            Map.of("jpeg", "JPEG", "png", "PNG", "gif", "GIF", "bmp", "BMP", "webp", "WebP");

    /** Distinct reader warnings kept per decode, for the log; codecs may repeat one warning per scanline. */
    private static final int MAX_WARNINGS_KEPT = 8;

    static {
        // Registers the TwelveMonkeys readers found through META-INF/services (merged ones, in a shaded jar)
        // with the context class loader, even where ImageIO's registry was first built by another loader.
        ImageIO.scanForPlugins();
    }

    private final ImageLimits limits;

    /**
     * Creates a decoder.
     *
     * @param limits the caps on encoded size and on pixel count
     * @throws IllegalArgumentException if {@code limits} is null
     */
    public ImageDecoder(ImageLimits limits) {
        if (limits == null) {
            throw new IllegalArgumentException("limits must be non-null, got null");
        }
        this.limits = limits;
    }

    /**
     * Decodes one picture.
     *
     * <p>Truncation is detected for PNG, GIF, BMP and lossy WebP by their codecs running out of data; for
     * JPEG by the reader's "missing EOI" / "premature end" warnings (so a JPEG that lacks only its final
     * EOI marker is refused too); for WebP by the RIFF length in the header. A PNG or GIF cut inside its
     * trailer (IEND chunk, trailer byte), after all pixel data, still decodes.
     *
     * @param bytes      the encoded picture, not modified
     * @param sourceName where it came from (a path or URL), used as the prefix of every error message
     * @return a new image of type {@link BufferedImage#TYPE_INT_RGB}
     * @throws ImageLoadException       if the bytes are empty, above {@code maxBytes}, not a supported format,
     *                                  above {@code maxPixels} according to the header, truncated or corrupt
     * @throws IllegalArgumentException if {@code bytes} or {@code sourceName} is null, or the name is blank
     */
    public BufferedImage decode(byte[] bytes, String sourceName) throws ImageLoadException {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must be non-null, got null (source " + sourceName + ")");
        }
        if (sourceName == null || sourceName.isBlank()) {
            throw new IllegalArgumentException("sourceName must be non-blank, got '" + sourceName + "'");
        }
        if (bytes.length == 0) {
            throw new ImageLoadException(sourceName + ": empty (0 bytes), not an image");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageLoadException(String.format(Locale.ROOT, "%s: %d bytes, above the cap of %d bytes",
                    sourceName, bytes.length, limits.maxBytes()));
        }
        // In memory on purpose: ImageIO.createImageInputStream has no provider for byte[] here and, for an
        // InputStream, may pick a provider that caches to a temporary file depending on global settings.
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
        ImageReader reader = null;
        String format = "image";
        try {
            reader = readerFor(in, sourceName);
            format = formatName(reader);
            return read(reader, in, format, bytes, sourceName);
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException e) {
            String what = hasCause(e, EOFException.class) ? "truncated " + format + " (data ends early)"
                    : "corrupt or truncated " + format + " (" + describe(e) + ")";
            throw new ImageLoadException(sourceName + ": " + what, e);
        } catch (RuntimeException e) {
            // Codecs throw IllegalArgumentException, ArrayIndexOutOfBoundsException, CMMException... on bad input.
            throw new ImageLoadException(sourceName + ": " + format + " decoder failed on this file (" + e + ")", e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("{}: closing the in-memory image stream failed", sourceName, e);
            }
        }
    }

    /** The first registered reader for a supported format that recognises the stream; others are disposed. */
    private static ImageReader readerFor(ImageInputStream in, String sourceName) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        String refused = null;
        while (readers.hasNext()) {
            ImageReader candidate = readers.next();
            if (supportedFormat(candidate) != null) {
                return candidate;
            }
            if (refused == null) {
                refused = candidate.getFormatName();
            }
            candidate.dispose();
        }
        throw new ImageLoadException(sourceName + ": not a supported image (" + SUPPORTED + ")"
                + (refused == null ? "" : "; it looks like " + refused.toUpperCase(Locale.ROOT)));
    }

    private static String supportedFormat(ImageReader reader) {
        if (reader.getOriginatingProvider() == null) {
            return null;
        }
        for (String name : reader.getOriginatingProvider().getFormatNames()) {
            String display = FORMATS.get(name.toLowerCase(Locale.ROOT));
            if (display != null) {
                return display;
            }
        }
        return null;
    }

    private static String formatName(ImageReader reader) {
        String name = supportedFormat(reader);
        return name == null ? "image" : name;
    }

    private BufferedImage read(ImageReader reader, ImageInputStream in, String format, byte[] bytes,
                               String sourceName) throws IOException {
        if (format.equals("WebP") && riffTruncated(bytes)) {
            throw new ImageLoadException(String.format(Locale.ROOT,
                    "%s: truncated WebP (the RIFF header announces %d bytes, the file has %d)",
                    sourceName, riffLength(bytes) + 8, bytes.length));
        }
        Warnings warnings = new Warnings();
        reader.addIIOReadWarningListener(warnings);
        // ignoreMetadata: no text chunks, EXIF or XMP are parsed; colour data (palette, tRNS, Adobe marker,
        // ICC profile of a CMYK JPEG) is still read by the codecs.
        reader.setInput(in, true, true);

        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        checkPixels(width, height, sourceName);

        // every encoder shrinks to a few hundred pixels: a large photo is decoded subsampled, so that 20 megapixels
        // do not cost 80 MB twice (decoded, then copied to RGB) on each of the server's workers
        ImageReadParam param = reader.getDefaultReadParam();
        int step = (Math.max(width, height) + MAX_DECODED_SIDE - 1) / MAX_DECODED_SIDE;
        if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
        }
        BufferedImage decoded = reader.read(0, param);
        if (warnings.fatal != null) {
            throw new ImageLoadException(sourceName + ": truncated or corrupt " + format + " (" + warnings.fatal + ")");
        }
        if (!warnings.kept.isEmpty()) {
            LOG.debug("{}: {} decoded with warnings {}", sourceName, format, warnings.kept);
        }
        // The header was checked; a reader returning something else is not trusted either.
        checkPixels(decoded.getWidth(), decoded.getHeight(), sourceName);
        BufferedImage rgb = toRgb(decoded);
        // a phone stores an upright portrait as a landscape frame plus an EXIF orientation; browsers show it turned
        return format.equals("JPEG") ? orient(rgb, exifOrientation(bytes, sourceName)) : rgb;
    }

    /**
     * The EXIF orientation (1 to 8) of a JPEG; 1 when it has none, or an EXIF block that cannot be read (a bad EXIF
     * block never costs a picture its pixels).
     */
    static int exifOrientation(byte[] jpeg, String sourceName) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return 1;
            }
            try (InputStream data = exif.get(0).data()) {
                data.read(); // the second NUL after "Exif"
                try (ImageInputStream tiff = new MemoryCacheImageInputStream(data)) {
                    Entry entry = new TIFFReader().read(tiff).getEntryById(TIFF.TAG_ORIENTATION);
                    int value = entry != null && entry.getValue() instanceof Number n ? n.intValue() : 1;
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: EXIF block not readable, orientation ignored", sourceName, e);
            return 1;
        }
    }

    /** The picture as EXIF {@code orientation} says to show it: mirrored and/or turned; 5 to 8 swap width and height. */
    static BufferedImage orient(BufferedImage rgb, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return rgb;
        }
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] src = rgb.getRGB(0, 0, w, h, null, 0, w);
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        int[] dst = new int[src.length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }           // mirrored
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }   // turned 180
                    case 4 -> { sx = x; sy = h - 1 - y; }           // upside down mirror
                    case 5 -> { sx = y; sy = x; }                   // transposed
                    case 6 -> { sx = y; sy = h - 1 - x; }           // to be turned 90 clockwise
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }   // transversed
                    default -> { sx = w - 1 - y; sy = x; }          // 8: to be turned 90 counter-clockwise
                }
                dst[y * outW + x] = src[sy * w + sx];
            }
        }
        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, outW, outH, dst, 0, outW);
        return out;
    }

    private void checkPixels(int width, int height, String sourceName) throws ImageLoadException {
        if (width <= 0 || height <= 0) {
            throw new ImageLoadException(String.format(Locale.ROOT, "%s: image header states an invalid size %dx%d",
                    sourceName, width, height));
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageLoadException(String.format(Locale.ROOT,
                    "%s: image is %dx%d = %d pixels, above the cap of %d",
                    sourceName, width, height, pixels, limits.maxPixels()));
        }
    }

    /**
     * Draws {@code source} onto a white {@code TYPE_INT_RGB} canvas: Java2D converts grey, 16-bit, indexed and
     * custom colour models to sRGB and blends alpha over the white. Returns {@code source} itself when it already is
     * {@code TYPE_INT_RGB}.
     */
    public static BufferedImage toRgb(BufferedImage source) {
        if (source.getType() == BufferedImage.TYPE_INT_RGB) {
            return source;
        }
        ColorModel model = source.getColorModel();
        if (model instanceof ComponentColorModel && model.hasAlpha() && model.getNumColorComponents() == 1
                && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            return greyWithAlphaToRgb(source, model);
        }
        BufferedImage rgb = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(source, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /**
     * Grey with alpha (PNG colour type 4, or grey with tRNS), blended over white from the samples themselves: Java2D
     * draws these through a linear grey colour space and brightens them (128 becomes 188), while the stored values
     * are display values, as browsers show them.
     */
    private static BufferedImage greyWithAlphaToRgb(BufferedImage source, ColorModel model) {
        Raster raster = source.getRaster();
        double greyMax = (1 << model.getComponentSize(0)) - 1;
        double alphaMax = (1 << model.getComponentSize(1)) - 1;
        boolean premultiplied = model.isAlphaPremultiplied();
        int w = source.getWidth();
        int h = source.getHeight();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double grey = raster.getSample(x, y, 0) / greyMax;
                double alpha = raster.getSample(x, y, 1) / alphaMax;
                double shown = (premultiplied ? grey : grey * alpha) + (1 - alpha);
                int v = (int) Math.round(Math.max(0, Math.min(1, shown)) * 255);
                out[y * w + x] = v << 16 | v << 8 | v;
            }
        }
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, w, h, out, 0, w);
        return rgb;
    }

    /** True when {@code bytes} is a RIFF container whose stated length runs past the end of the bytes. */
    static boolean riffTruncated(byte[] bytes) {
        return bytes.length >= 8 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
                && riffLength(bytes) + 8 > bytes.length;
    }

    /** The RIFF chunk size (little-endian unsigned 32-bit at offset 4), which excludes the first 8 bytes. */
    private static long riffLength(byte[] bytes) {
        return (bytes[4] & 0xFFL) | (bytes[5] & 0xFFL) << 8 | (bytes[6] & 0xFFL) << 16 | (bytes[7] & 0xFFL) << 24;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The exception's message followed by its causes' messages, e.g. "Error reading PNG metadata: Invalid chunk length 17852". */
    private static String describe(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause() == c ? null : c.getCause()) {
            String message = c.getMessage();
            String part = message == null || message.isBlank() ? c.getClass().getSimpleName() : message;
            if (parts.isEmpty() || !parts.getLast().contains(part)) {
                parts.add(part);
            }
        }
        return String.join(": ", parts);
    }

    /**
     * Collects reader warnings. Those that mean the data ended early make the decode fail: libjpeg and the
     * JDK JPEG reader only warn on truncation and fill the rest of the picture with grey.
     * Used by one decode on one thread.
     */
    private static final class Warnings implements IIOReadWarningListener {
        final List<String> kept = new ArrayList<>();
        String fatal;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String message = warning == null ? "unknown warning" : warning;
            String lower = message.toLowerCase(Locale.ROOT);
            if (fatal == null && (lower.contains("missing eoi") || lower.contains("premature end")
                    || lower.contains("truncated"))) {
                fatal = message;
            }
            if (kept.size() < MAX_WARNINGS_KEPT && !kept.contains(message)) {
                kept.add(message);
            }
        }
    }
}
