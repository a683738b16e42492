package dev.lookalike.encoder;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

class ProductImageDescriptorConformanceTest extends EncoderConformanceTest<BufferedImage> {

    @Override
    protected Encoder<BufferedImage> encoder() {
        return new ProductImageDescriptor();
    }

    @Override
    protected List<BufferedImage> distinctInputs() {
        return List.of(shape(Color.RED, false), shape(Color.BLUE, true), shape(Color.DARK_GRAY, false), shape(Color.GREEN, true));
    }

    static BufferedImage shape(Color colour, boolean round) {
        BufferedImage img = new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 60, 80);
        g.setColor(colour);
        if (round) {
            g.fillOval(10, 20, 40, 40);
        } else {
            g.fillRect(15, 10, 30, 60);
        }
        g.dispose();
        return img;
    }
}
