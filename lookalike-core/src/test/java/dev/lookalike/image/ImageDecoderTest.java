package dev.lookalike.image;

import static dev.lookalike.image.TestImages.blue;
import static dev.lookalike.image.TestImages.green;
import static dev.lookalike.image.TestImages.red;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    // ---- formats ----------------------------------------------------------------------------------------

    @Test
    void decodesJpeg() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.solid(32, 24, BufferedImage.TYPE_INT_RGB, 0xC8283C), "jpeg");

        BufferedImage image = decoder.decode(jpeg, "shirt.jpg");

        assertRgbImage(image, 32, 24);
        assertColour(image.getRGB(16, 12), 0xC8, 0x28, 0x3C, 6);
    }

    @Test
    void turnsAJpegAsItsExifOrientationSays() throws Exception {
        // stored 40 wide x 20 high, left half red and right half blue; orientation 6 says "turn 90 clockwise to show":
        // shown 20 x 40 with red on top (the left edge goes to the top)
        BufferedImage stored = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                stored.setRGB(x, y, x < 20 ? 0xD02020 : 0x2020D0);
            }
        }
        byte[] plain = TestImages.encode(stored, "jpeg");
        for (int orientation : new int[] {6, 8, 3, 1}) {
            BufferedImage shown = decoder.decode(withExifOrientation(plain, orientation), "phone.jpg");
            switch (orientation) {
                case 6 -> {
                    assertRgbImage(shown, 20, 40);
                    assertColour(shown.getRGB(10, 5), 0xD0, 0x20, 0x20, 40);
                    assertColour(shown.getRGB(10, 34), 0x20, 0x20, 0xD0, 40);
                }
                case 8 -> {
                    assertRgbImage(shown, 20, 40);
                    assertColour(shown.getRGB(10, 5), 0x20, 0x20, 0xD0, 40);
                    assertColour(shown.getRGB(10, 34), 0xD0, 0x20, 0x20, 40);
                }
                case 3 -> {
                    assertRgbImage(shown, 40, 20);
                    assertColour(shown.getRGB(5, 10), 0x20, 0x20, 0xD0, 40);
                }
                default -> {
                    assertRgbImage(shown, 40, 20);
                    assertColour(shown.getRGB(5, 10), 0xD0, 0x20, 0x20, 40);
                }
            }
        }
        assertThat(ImageDecoder.exifOrientation(plain, "plain.jpg")).isEqualTo(1);
        // a damaged EXIF block is ignored, the picture kept
        byte[] damaged = withExifOrientation(plain, 6);
        damaged[2 + 2 + 2 + 6] = 'X'; // the TIFF byte order mark
        assertRgbImage(decoder.decode(damaged, "damaged-exif.jpg"), 40, 20);
    }

    @Test
    void largePicturesAreDecodedSubsampledToAtMost2048PixelsASide() throws Exception {
        for (String format : new String[] {"png", "jpeg"}) {
            // 5,000 x 100, left half red and right half blue
            BufferedImage wide = new BufferedImage(5_000, 100, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < 5_000; x++) {
                for (int y = 0; y < 100; y++) {
                    wide.setRGB(x, y, x < 2_500 ? 0xD02020 : 0x2020D0);
                }
            }
            BufferedImage decoded = decoder.decode(TestImages.encode(wide, format), "wide." + format);
            // every 3rd pixel: ceil(5000 / 3) x ceil(100 / 3)
            assertRgbImage(decoded, 1_667, 34);
            assertColour(decoded.getRGB(100, 17), 0xD0, 0x20, 0x20, 40);
            assertColour(decoded.getRGB(1_600, 17), 0x20, 0x20, 0xD0, 40);
        }
        assertRgbImage(decoder.decode(TestImages.encode(TestImages.solid(2_048, 10, BufferedImage.TYPE_INT_RGB, 0x808080),
                "png"), "exact.png"), 2_048, 10);
    }

    /** The JPEG with an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) right after its SOI. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
                0, 0, 0, 0};
        byte[] header = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + header.length + tiff.length;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(header);
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void decodesPngExactly() throws Exception {
        BufferedImage source = TestImages.noisy(20, 10, 7);

        BufferedImage image = decoder.decode(TestImages.encode(source, "png"), "noise.png");

        assertRgbImage(image, 20, 10);
        assertThat(pixels(image)).isEqualTo(pixels(source));
    }

    @Test
    void decodesGif() throws Exception {
        byte[] gif = TestImages.encode(TestImages.solid(9, 7, BufferedImage.TYPE_INT_RGB, 0x0A78C8), "gif");

        BufferedImage image = decoder.decode(gif, "logo.gif");

        assertRgbImage(image, 9, 7);
        assertThat(image.getRGB(4, 3) & 0xFFFFFF).isEqualTo(0x0A78C8);
    }

    @Test
    void decodesBmpExactly() throws Exception {
        BufferedImage source = TestImages.noisy(13, 5, 11);

        BufferedImage image = decoder.decode(TestImages.encode(source, "bmp"), "scan.bmp");

        assertRgbImage(image, 13, 5);
        assertThat(pixels(image)).isEqualTo(pixels(source));
    }

    @Test
    void decodesLosslessWebpWithAlphaOntoWhite() throws Exception {
        BufferedImage image = decoder.decode(TestImages.WEBP_LOSSLESS_HALF_RED, "half.webp");

        assertRgbImage(image, 8, 8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int expected = x < 4 ? 0xFF0000 : 0xFFFFFF;
                assertThat(image.getRGB(x, y) & 0xFFFFFF).as("pixel %d,%d", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void decodesLossyWebp() throws Exception {
        BufferedImage image = decoder.decode(TestImages.WEBP_LOSSY_BLUE, "blue.webp");

        assertRgbImage(image, 8, 8);
        assertColour(image.getRGB(4, 4), 0, 0, 255, 12);
    }

    @Test
    void decodesAdobeCmykJpeg() throws Exception {
        // C=0 M=100% Y=100% K=50%: dark red. Stored inverted, as Adobe does: 255-C, 255-M, 255-Y, 255-K.
        // Read as if it were RGB, the first three samples would give bright red (255, 0, 0) instead.
        byte[] cmyk = TestImages.adobeFourComponentJpeg(16, 16, new int[] {255, 0, 0, 127}, 0);

        BufferedImage image = decoder.decode(cmyk, "print.jpg");

        assertRgbImage(image, 16, 16);
        assertColour(image.getRGB(8, 8), 127, 0, 0, 25);
    }

    @Test
    void decodesAdobeYcckJpeg() throws Exception {
        // The same dark red as YCCK: YCbCr of the CMY samples (0, 255, 255) = (179, 171, 0); K stored inverted.
        byte[] ycck = TestImages.adobeFourComponentJpeg(16, 16, new int[] {179, 171, 0, 127}, 2);

        BufferedImage image = decoder.decode(ycck, "print-ycck.jpg");

        assertRgbImage(image, 16, 16);
        assertColour(image.getRGB(8, 8), 127, 0, 0, 25);
    }

    @Test
    void decodes16BitRgbPng() throws Exception {
        ColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(6, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                raster.setPixel(x, y, new int[] {0xFFFF, 0x8080, 0x0000});
            }
        }
        byte[] png = TestImages.encode(new BufferedImage(model, raster, false, null), "png");
        assertThat(png[24]).as("IHDR bit depth").isEqualTo((byte) 16);

        BufferedImage image = decoder.decode(png, "deep.png");

        assertRgbImage(image, 6, 4);
        assertThat(image.getRGB(3, 2) & 0xFFFFFF).isEqualTo(0xFF8000);
    }

    @Test
    void decodesGreyPngsWithoutBrightening() throws Exception {
        // Grey samples are display values like sRGB ones: 128 stays 128 (not the 188 a linear-grey reading gives).
        BufferedImage grey8 = new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage grey16 = new BufferedImage(5, 5, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                grey8.getRaster().setSample(x, y, 0, 128);
                grey16.getRaster().setSample(x, y, 0, 0x8080);
            }
        }

        BufferedImage image8 = decoder.decode(TestImages.encode(grey8, "png"), "grey8.png");
        BufferedImage image16 = decoder.decode(TestImages.encode(grey16, "png"), "grey16.png");

        assertRgbImage(image8, 5, 5);
        assertRgbImage(image16, 5, 5);
        assertThat(image8.getRGB(2, 2) & 0xFFFFFF).isEqualTo(0x808080);
        assertThat(image16.getRGB(2, 2) & 0xFFFFFF).isEqualTo(0x808080);
    }

    @Test
    void decodesGreyWithAlphaPngsWithoutBrightening() throws Exception {
        // PNG colour type 4 (grey + alpha), as optimisers save grey cut-outs: opaque 128 stays 128, opaque 64 stays
        // 64, half-transparent 0 over white is 127 or 128, and fully transparent is the white background
        ColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(4, 1);
        raster.setPixel(0, 0, new int[] {128, 255});
        raster.setPixel(1, 0, new int[] {64, 255});
        raster.setPixel(2, 0, new int[] {0, 128});
        raster.setPixel(3, 0, new int[] {0, 0});
        byte[] png = TestImages.encode(new BufferedImage(model, raster, false, null), "png");
        assertThat(png[25]).as("IHDR colour type: grey with alpha").isEqualTo((byte) 4);

        BufferedImage image = decoder.decode(png, "grey-cutout.png");

        assertRgbImage(image, 4, 1);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x808080);
        assertThat(image.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x404040);
        assertColour(image.getRGB(2, 0), 127, 127, 127, 1);
        assertThat(image.getRGB(3, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void compositesPngAlphaOntoWhite() throws Exception {
        BufferedImage source = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        source.setRGB(0, 0, 0xFFFF0000); // opaque red
        source.setRGB(1, 0, 0x00000000); // transparent black
        source.setRGB(2, 0, 0x80FF0000); // half-transparent red

        BufferedImage image = decoder.decode(TestImages.encode(source, "png"), "cutout.png");

        assertRgbImage(image, 3, 1);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(image.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertColour(image.getRGB(2, 0), 255, 127, 127, 2);
    }

    @Test
    void compositesTransparentPaletteEntryOntoWhite() throws Exception {
        IndexColorModel palette = new IndexColorModel(8, 2,
                new byte[] {(byte) 255, 0}, new byte[] {0, 0}, new byte[] {0, (byte) 255}, 1);
        BufferedImage source = new BufferedImage(16, 4, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 4; y++) {
            for (int x = 8; x < 16; x++) {
                source.getRaster().setSample(x, y, 0, 1); // the right half uses the transparent entry
            }
        }

        for (String format : List.of("gif", "png")) {
            BufferedImage image = decoder.decode(TestImages.encode(source, format), "indexed." + format);

            assertRgbImage(image, 16, 4);
            assertThat(image.getRGB(3, 2) & 0xFFFFFF).as(format).isEqualTo(0xFF0000);
            assertThat(image.getRGB(12, 2) & 0xFFFFFF).as(format).isEqualTo(0xFFFFFF);
        }
    }

    @Test
    void decodesFirstFrameOfAnimatedGif() throws Exception {
        byte[] gif = TestImages.animatedGif(6, 6, 0xFF0000, 0x00FF00, 0x0000FF);

        BufferedImage image = decoder.decode(gif, "spinner.gif");

        assertRgbImage(image, 6, 6);
        assertThat(image.getRGB(3, 3) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    // ---- limits -----------------------------------------------------------------------------------------

    @Test
    void refusesDecompressionBombFromHeader() {
        // 33 bytes claiming 30000x30000: there is no pixel data, so only the header can have been consulted.
        byte[] bomb = TestImages.pngHeaderOnly(30_000, 30_000);

        assertThatThrownBy(() -> decoder.decode(bomb, "bomb.png"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage("bomb.png: image is 30000x30000 = 900000000 pixels, above the cap of 40000000");
    }

    @Test
    void pixelCapIsInclusive() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.solid(100, 50, BufferedImage.TYPE_INT_RGB, 0x336699), "jpeg");

        assertThat(new ImageDecoder(limits(5_000, 1_000_000)).decode(jpeg, "a.jpg").getWidth()).isEqualTo(100);
        assertThatThrownBy(() -> new ImageDecoder(limits(4_999, 1_000_000)).decode(jpeg, "a.jpg"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage("a.jpg: image is 100x50 = 5000 pixels, above the cap of 4999");
    }

    @Test
    void refusesInputAboveByteCap() throws Exception {
        byte[] png = TestImages.encode(TestImages.noisy(16, 16, 3), "png");
        ImageDecoder exact = new ImageDecoder(limits(1_000_000, png.length));
        ImageDecoder smaller = new ImageDecoder(limits(1_000_000, png.length - 1));

        assertThat(exact.decode(png, "x.png").getWidth()).isEqualTo(16);
        assertThatThrownBy(() -> smaller.decode(png, "x.png"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(String.format(Locale.ROOT, "x.png: %d bytes, above the cap of %d bytes",
                        png.length, png.length - 1));
    }

    // ---- not images -------------------------------------------------------------------------------------

    @Test
    void refusesEmptyInput() {
        assertThatThrownBy(() -> decoder.decode(new byte[0], "empty.jpg"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage("empty.jpg: empty (0 bytes), not an image");
    }

    @Test
    void refusesRandomBytesAndText() {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        byte[] html = "<html><body>404 Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
        byte[] zeros = new byte[64]; // the JDK's WBMP reader would accept this; WBMP is not supported

        for (byte[] bytes : List.of(random, html, zeros)) {
            assertThatThrownBy(() -> decoder.decode(bytes, "junk.bin"))
                    .isInstanceOf(ImageLoadException.class)
                    .hasMessageStartingWith("junk.bin: not a supported image (JPEG, PNG, GIF, BMP, WebP)");
        }
    }

    @Test
    void refusesFormatsOutsideTheSupportedSet() {
        byte[] tiff = TestImages.encode(TestImages.solid(4, 4, BufferedImage.TYPE_INT_RGB, 0x123456), "tiff");

        assertThatThrownBy(() -> decoder.decode(tiff, "scan.tif"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage("scan.tif: not a supported image (JPEG, PNG, GIF, BMP, WebP); it looks like TIF");
    }

    // ---- truncation -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "cut {0}% of the way")
    @ValueSource(ints = {10, 25, 50, 75, 90, 99})
    void refusesTruncatedJpeg(int percent) {
        byte[] jpeg = TestImages.encode(TestImages.noisy(96, 64, 1), "jpeg");
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * percent / 100);

        assertThatThrownBy(() -> decoder.decode(cut, "cut.jpg"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageStartingWith("cut.jpg: ")
                .hasMessageContaining("JPEG")
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesJpegMissingOnlyItsEndMarker() {
        byte[] jpeg = TestImages.encode(TestImages.noisy(32, 32, 2), "jpeg");
        assertThat(Arrays.copyOfRange(jpeg, jpeg.length - 2, jpeg.length)).containsExactly(0xFF, 0xD9);

        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length - 2), "no-eoi.jpg"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage("no-eoi.jpg: truncated or corrupt JPEG (Truncated File - Missing EOI marker)");
    }

    @Test
    void refusesTruncatedProgressiveJpeg() {
        byte[] jpeg = TestImages.progressiveJpeg(TestImages.noisy(96, 64, 4));

        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length * 3 / 4), "prog.jpg"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageStartingWith("prog.jpg: ")
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest(name = "cut {0}% of the way")
    @ValueSource(ints = {1, 5, 50, 90, 99})
    void refusesTruncatedPng(int percent) {
        byte[] png = TestImages.encode(TestImages.noisy(96, 64, 5), "png");
        byte[] cut = Arrays.copyOf(png, Math.max(1, png.length * percent / 100));

        assertThatThrownBy(() -> decoder.decode(cut, "cut.png"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageStartingWith("cut.png: ")
                .hasMessageContaining("PNG")
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesTruncatedGifBmpAndWebp() {
        byte[] gif = TestImages.encode(TestImages.noisy(64, 64, 6), "gif");
        byte[] bmp = TestImages.encode(TestImages.noisy(64, 64, 6), "bmp");
        byte[] webp = TestImages.WEBP_LOSSLESS_HALF_RED;

        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(gif, gif.length / 2), "cut.gif"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageStartingWith("cut.gif: ").hasMessageContaining("GIF").hasMessageContaining("truncated");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(bmp, bmp.length / 2), "cut.bmp"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage("cut.bmp: truncated BMP (data ends early)");
        // The lossless WebP decoder itself returns a partial picture; the RIFF length gives the truncation away.
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(webp, webp.length - 4), "cut.webp"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage("cut.webp: truncated WebP (the RIFF header announces 38 bytes, the file has 34)");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(TestImages.WEBP_LOSSY_BLUE, 50), "cut2.webp"))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("truncated WebP");
    }

    // ---- robustness -------------------------------------------------------------------------------------

    @Test
    void wrapsRuntimeExceptionsFromCodecs() throws Exception {
        ExplodingReaderSpi spi = new ExplodingReaderSpi();
        IIORegistry.getDefaultInstance().registerServiceProvider(spi, ImageReaderSpi.class);
        try {
            byte[] bytes = "EXPLODE!and some more bytes".getBytes(StandardCharsets.US_ASCII);

            assertThatThrownBy(() -> decoder.decode(bytes, "bug.png"))
                    .isInstanceOf(ImageLoadException.class)
                    .hasMessageStartingWith("bug.png: PNG decoder failed on this file")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(ExplodingReaderSpi.disposed).as("reader disposed").isTrue();
        } finally {
            IIORegistry.getDefaultInstance().deregisterServiceProvider(spi, ImageReaderSpi.class);
        }
    }

    @Test
    void rejectsProgrammingErrors() {
        assertThatThrownBy(() -> new ImageDecoder(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(null, "x.png"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.png");
        assertThatThrownBy(() -> decoder.decode(new byte[1], " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
    }

    @Test
    void decodesConcurrently() throws Exception {
        List<byte[]> inputs = List.of(
                TestImages.encode(TestImages.noisy(40, 30, 8), "png"),
                TestImages.encode(TestImages.noisy(40, 30, 8), "jpeg"),
                TestImages.encode(TestImages.noisy(40, 30, 8), "bmp"),
                TestImages.WEBP_LOSSLESS_HALF_RED);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BufferedImage>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] input = inputs.get(i % inputs.size());
                results.add(pool.submit(() -> decoder.decode(input, "concurrent")));
            }
            for (int i = 0; i < results.size(); i++) {
                BufferedImage image = results.get(i).get();
                assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
                assertThat(image.getWidth()).isEqualTo(i % inputs.size() == 3 ? 8 : 40);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static ImageLimits limits(long maxPixels, long maxBytes) {
        return new ImageLimits(maxPixels, maxBytes, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private static void assertRgbImage(BufferedImage image, int width, int height) {
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }

    private static void assertColour(int rgb, int r, int g, int b, int tolerance) {
        assertThat(red(rgb)).as("red of %06x", rgb & 0xFFFFFF).isCloseTo(r, within(tolerance));
        assertThat(green(rgb)).as("green of %06x", rgb & 0xFFFFFF).isCloseTo(g, within(tolerance));
        assertThat(blue(rgb)).as("blue of %06x", rgb & 0xFFFFFF).isCloseTo(b, within(tolerance));
    }

    private static int[] pixels(BufferedImage image) {
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return rgb;
    }

    /** Claims inputs starting with "EXPLODE!" as PNG and throws from read(), like a codec bug would. */
    private static final class ExplodingReaderSpi extends ImageReaderSpi {
        static volatile boolean disposed;

        ExplodingReaderSpi() {
            super("Lookalike tests", "1", new String[] {"png"}, null, null, ExplodingReader.class.getName(),
                    new Class<?>[] {ImageInputStream.class}, null, false, null, null, null, null,
                    false, null, null, null, null);
        }

        @Override
        public boolean canDecodeInput(Object source) throws IOException {
            if (!(source instanceof ImageInputStream in)) {
                return false;
            }
            byte[] magic = new byte[8];
            in.mark();
            try {
                in.readFully(magic);
            } catch (IOException e) {
                return false;
            } finally {
                in.reset();
            }
            return new String(magic, StandardCharsets.US_ASCII).equals("EXPLODE!");
        }

        @Override
        public ImageReader createReaderInstance(Object extension) {
            return new ExplodingReader(this);
        }

        @Override
        public String getDescription(Locale locale) {
            return "test reader that throws";
        }
    }

    private static final class ExplodingReader extends ImageReader {
        ExplodingReader(ImageReaderSpi spi) {
            super(spi);
        }

        @Override
        public int getNumImages(boolean allowSearch) {
            return 1;
        }

        @Override
        public int getWidth(int imageIndex) {
            return 4;
        }

        @Override
        public int getHeight(int imageIndex) {
            return 4;
        }

        @Override
        public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) {
            return Collections.emptyIterator();
        }

        @Override
        public IIOMetadata getStreamMetadata() {
            return null;
        }

        @Override
        public IIOMetadata getImageMetadata(int imageIndex) {
            return null;
        }

        @Override
        public BufferedImage read(int imageIndex, ImageReadParam param) {
            throw new IllegalStateException("codec bug");
        }

        @Override
        public void dispose() {
            ExplodingReaderSpi.disposed = true;
        }
    }
}
