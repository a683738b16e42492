package dev.lookalike.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Pictures for the image tests, generated in memory. */
public final class TestImages {

    /**
     * 8x8 lossless WebP with alpha: columns 0-3 opaque red, columns 4-7 fully transparent. Produced once with
     * libwebp 1.2.4 (Debian package {@code webp}) from a PNG written by Java2D:
     * {@code cwebp -quiet -lossless halfred.png -o halfred.webp && base64 -w0 halfred.webp}.
     */
    static final byte[] WEBP_LOSSLESS_HALF_RED = Base64.getDecoder()
            .decode("UklGRh4AAABXRUJQVlA4TBEAAAAvB8ABEA8Q8x/zH4w+RPQ/AAA=");

    /**
     * 8x8 lossy WebP (VP8), solid blue (0, 0, 255). Produced once with libwebp 1.2.4:
     * {@code cwebp -quiet -q 90 blue.png -o blue.webp && base64 -w0 blue.webp}.
     */
    static final byte[] WEBP_LOSSY_BLUE = Base64.getDecoder().decode(
            "UklGRj4AAABXRUJQVlA4IDIAAADwAQCdASoIAAgAAMASJaACdLoB+AAETAAA/v5mof/60c/XRP9aOf+tHP/lKotU24oAAA==");

    private TestImages() {
    }

    public static BufferedImage solid(int width, int height, int type, int rgb) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** A picture with detail everywhere, so a JPEG of it has entropy-coded data all the way to the end. */
    public static BufferedImage noisy(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] progressiveJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * A 4-component JPEG as Photoshop writes CMYK ({@code adobeTransform} 0) or YCCK (2): the JDK writer
     * encodes the raw 4-band raster, then an Adobe APP14 segment is spliced in after SOI so that readers
     * know the colour space. Samples are stored as given; Adobe CMYK stores inverted values (255 = no ink).
     */
    public static byte[] adobeFourComponentJpeg(int width, int height, int[] samples, int adobeTransform) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, samples);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bytes.toByteArray();
        // APP14: marker, length 14, "Adobe", version 100, flags0, flags1, transform
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
                (byte) adobeTransform};
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + app14.length);
        out.put(jpeg, 0, 2).put(app14).put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** PNG signature and an IHDR chunk (8-bit RGB) with a correct CRC, and nothing else: no pixel data at all. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }

    /** An animated GIF with one frame per colour, written with the JDK's GIF writer as a sequence. */
    public static byte[] animatedGif(int width, int height, int... colours) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int colour : colours) {
                writer.writeToSequence(
                        new IIOImage(solid(width, height, BufferedImage.TYPE_INT_RGB, colour), null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static int red(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    static int green(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    static int blue(int rgb) {
        return rgb & 0xFF;
    }
}
