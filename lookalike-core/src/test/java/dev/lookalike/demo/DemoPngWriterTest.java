package dev.lookalike.demo;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DemoPngWriterTest {

    @Test
    void imageIoReadsBackTheExactPixels() throws IOException {
        try (PngWriter png = new PngWriter()) {
            for (DemoType type : DemoType.values()) {
                BufferedImage img = DemoRenderer.render(
                        new DemoTruth(type, DemoColour.PURPLE, DemoPattern.CHECKS, "men", "s"), type.ordinal(), 96);
                assertRoundTrip(png, img);
            }
            // noise (every filter gets used, deflate cannot shrink it) in an odd size, and an ARGB source
            SplittableRandom rnd = new SplittableRandom(9);
            BufferedImage noise = new BufferedImage(37, 23, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    noise.setRGB(x, y, 0xff000000 | rnd.nextInt(0x1000000));
                }
            }
            assertRoundTrip(png, noise);
        }
    }

    @Test
    void encodingIsAPureFunctionOfThePixels() {
        BufferedImage img = DemoRenderer.render(new DemoTruth(DemoType.CAP, DemoColour.RED, DemoPattern.STRIPES,
                "unisex", "s"), 4, 128);
        byte[] a;
        byte[] b;
        try (PngWriter one = new PngWriter(); PngWriter two = new PngWriter()) {
            a = one.encode(img);
            one.encode(DemoRenderer.render(new DemoTruth(DemoType.SOCKS, DemoColour.BLACK, DemoPattern.DOTS,
                    "unisex", "s"), 5, 64));
            b = one.encode(img);
            assertThat(two.encode(img)).isEqualTo(a);
        }
        assertThat(b).isEqualTo(a);
        assertThat(a.length).as("compressed size").isLessThan(128 * 128 * 3 / 3);
    }

    private static void assertRoundTrip(PngWriter png, BufferedImage img) throws IOException {
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png.encode(img)));
        assertThat(back.getWidth()).isEqualTo(img.getWidth());
        assertThat(back.getHeight()).isEqualTo(img.getHeight());
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                assertThat(back.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(img.getRGB(x, y) & 0xffffff);
            }
        }
    }
}
