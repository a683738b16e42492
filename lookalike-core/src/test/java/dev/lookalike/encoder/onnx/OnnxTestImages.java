package dev.lookalike.encoder.onnx;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/** Synthetic pictures for the ONNX encoder tests. */
final class OnnxTestImages {

    private OnnxTestImages() {
    }

    /** Every pixel an independent random colour. */
    static BufferedImage noise(long seed, int w, int h) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return img;
    }

    /** Pixel (x, y) is {@code (x mod 256, y mod 256, 77)}: a picture that says where each pixel came from. */
    static BufferedImage coordinates(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x & 0xff) << 16) | ((y & 0xff) << 8) | 77);
            }
        }
        return img;
    }

    static BufferedImage solid(Color colour, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /** A product-like picture: a coloured shape on white, of various sizes and aspect ratios. */
    static BufferedImage product(Color colour, boolean round, int w, int h) {
        BufferedImage img = solid(Color.WHITE, w, h);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        if (round) {
            g.fillOval(w / 6, h / 4, w * 2 / 3, h / 2);
        } else {
            g.fillRect(w / 4, h / 8, w / 2, h * 3 / 4);
        }
        g.setColor(colour.darker().darker());
        g.fillRect(w / 3, h / 3, w / 10 + 1, h / 10 + 1);
        g.dispose();
        return img;
    }

    /** Four distinct pictures of different sizes, for the conformance suite. */
    static List<BufferedImage> distinct() {
        return List.of(product(Color.RED, false, 120, 160), product(new Color(20, 60, 200), true, 200, 140),
                noise(3, 90, 90), product(new Color(30, 160, 60), true, 64, 64));
    }
}
