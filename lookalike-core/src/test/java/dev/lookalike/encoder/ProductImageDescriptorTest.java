package dev.lookalike.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Synthetic catalog pictures drawn with Java2D; no data set needed. */
class ProductImageDescriptorTest {

    private static final Color WHITE = Color.WHITE;
    private static final Color RED = new Color(200, 30, 40);
    private static final Color BLUE = new Color(30, 60, 190);

    private enum Shape { SHIRT, SHOE, BOTTLE }

    private final ProductImageDescriptor descriptor = new ProductImageDescriptor();

    /**
     * A 60x80 (times {@code scale}) catalog picture: one product on a plain background, drawn in a 60x80 design
     * space and moved by (dx, dy) design pixels.
     */
    private static BufferedImage picture(Shape shape, Color colour, Color background, int scale, double dx, double dy) {
        BufferedImage image = new BufferedImage(60 * scale, 80 * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(background);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.transform(AffineTransform.getScaleInstance(scale, scale));
            g.translate(dx, dy);
            Color detail = colour.darker().darker();
            switch (shape) {
                case SHIRT -> {
                    g.setColor(colour);
                    g.fillPolygon(new Polygon(new int[] {18, 24, 36, 42, 52, 47, 42, 42, 18, 18, 13, 8},
                            new int[] {14, 12, 12, 14, 26, 30, 26, 66, 66, 26, 30, 26}, 12));
                    g.setColor(detail);
                    g.setStroke(new BasicStroke(1.5f));
                    g.drawLine(30, 14, 30, 64); // button placket
                    g.drawArc(25, 8, 10, 8, 180, 180); // collar
                }
                case SHOE -> {
                    g.setColor(colour);
                    g.fillPolygon(new Polygon(new int[] {6, 30, 40, 54, 56, 6}, new int[] {44, 38, 30, 42, 52, 52}, 6));
                    g.setColor(detail);
                    g.fillRect(6, 50, 50, 4); // sole
                    g.setStroke(new BasicStroke(1f));
                    for (int x = 30; x <= 40; x += 3) {
                        g.drawLine(x, 34, x + 4, 44); // laces
                    }
                }
                case BOTTLE -> {
                    g.setColor(colour);
                    g.fillRoundRect(20, 24, 20, 44, 8, 8);
                    g.fillRect(26, 12, 8, 14);
                    g.setColor(detail);
                    g.fillRect(24, 12, 12, 5); // cap
                    g.fillRect(22, 40, 16, 10); // label
                }
                default -> throw new IllegalStateException();
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static BufferedImage picture(Shape shape, Color colour) {
        return picture(shape, colour, WHITE, 1, 0, 0);
    }

    private static float cosine(float[] a, float[] b) {
        return VectorMath.dot(a, b);
    }

    @Test
    void dimensionFitsTheFusedVectorBudgetAndOutputIsUnitNorm() {
        assertThat(descriptor.dimension()).isEqualTo(508).isLessThanOrEqualTo(511);
        assertThat(descriptor.id()).isEqualTo("descriptor-v2");
        for (Shape shape : Shape.values()) {
            float[] v = descriptor.embed(picture(shape, RED));
            assertThat(v).hasSize(descriptor.dimension());
            assertThat(VectorMath.norm(v)).isCloseTo(1f, within(1e-5f));
        }
        List<float[]> all = descriptor.embedAll(List.of(picture(Shape.SHIRT, RED), picture(Shape.SHOE, BLUE)));
        assertThat(all).hasSize(2);
        assertThat(all.get(1)).containsExactly(descriptor.embed(picture(Shape.SHOE, BLUE)));
    }

    @Test
    void aTransparentCutOutIsDescribedOnWhiteAsTheDecoderWouldShowIt() {
        // a shirt on white, and the same shirt as a cut-out whose background is transparent black
        BufferedImage onWhite = picture(Shape.SHIRT, RED);
        BufferedImage cutOut = new BufferedImage(onWhite.getWidth(), onWhite.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < onWhite.getHeight(); y++) {
            for (int x = 0; x < onWhite.getWidth(); x++) {
                int rgb = onWhite.getRGB(x, y) & 0xFFFFFF;
                cutOut.setRGB(x, y, rgb == 0xFFFFFF ? 0x00000000 : 0xFF000000 | rgb);
            }
        }
        assertThat(descriptor.embed(cutOut)).containsExactly(descriptor.embed(onWhite), within(1e-6f));
    }

    @Test
    void sameShapeInAnotherColourIsCloserThanAnotherShapeInTheSameColour() {
        float[] redShirt = descriptor.embed(picture(Shape.SHIRT, RED));
        float[] blueShirt = descriptor.embed(picture(Shape.SHIRT, BLUE));
        float[] redShoe = descriptor.embed(picture(Shape.SHOE, RED));
        float[] redBottle = descriptor.embed(picture(Shape.BOTTLE, RED));
        assertThat(cosine(redShirt, blueShirt))
                .isGreaterThan(cosine(redShirt, redShoe) + 0.1f)
                .isGreaterThan(cosine(redShirt, redBottle) + 0.1f);
    }

    @Test
    void colourBlockAloneMatchesColourAcrossShapes() {
        ProductImageDescriptor colourOnly = new ProductImageDescriptor(0, 0, 1, 0);
        float[] redShirt = colourOnly.embed(picture(Shape.SHIRT, RED));
        float[] redShoe = colourOnly.embed(picture(Shape.SHOE, RED));
        float[] blueShirt = colourOnly.embed(picture(Shape.SHIRT, BLUE));
        assertThat(cosine(redShirt, redShoe)).isGreaterThan(0.85f);
        assertThat(cosine(redShirt, blueShirt)).isLessThan(0.2f);
    }

    @Test
    void samePictureAtTwiceTheSizeGivesNearlyTheSameVector() {
        for (Shape shape : Shape.values()) {
            float[] small = descriptor.embed(picture(shape, RED, WHITE, 1, 0, 0));
            float[] large = descriptor.embed(picture(shape, RED, WHITE, 2, 0, 0));
            assertThat(cosine(small, large)).as("%s", shape).isGreaterThan(0.95f);
        }
    }

    @Test
    void productShiftedInsideTheFrameGivesTheSameVector() {
        for (Shape shape : Shape.values()) {
            float[] centred = descriptor.embed(picture(shape, BLUE, WHITE, 1, 0, 0));
            float[] shifted = descriptor.embed(picture(shape, BLUE, WHITE, 1, 3, -5));
            assertThat(cosine(centred, shifted)).as("%s", shape).isGreaterThan(0.999f);
        }
    }

    @Test
    void productRedrawnHalfAPixelAwayGivesNearlyTheSameVector() {
        // anti-aliased anew: the edges and the bounding box change by a pixel
        for (Shape shape : Shape.values()) {
            float[] centred = descriptor.embed(picture(shape, BLUE, WHITE, 1, 0, 0));
            float[] shifted = descriptor.embed(picture(shape, BLUE, WHITE, 1, 2.5, -4.5));
            assertThat(cosine(centred, shifted)).as("%s", shape).isGreaterThan(0.92f);
        }
    }

    @Test
    void slightlyOffWhiteBackgroundGivesNearlyTheSameVector() {
        Color offWhite = new Color(244, 240, 232);
        for (Shape shape : Shape.values()) {
            float[] white = descriptor.embed(picture(shape, RED, WHITE, 1, 0, 0));
            float[] cream = descriptor.embed(picture(shape, RED, offWhite, 1, 0, 0));
            assertThat(cosine(white, cream)).as("%s", shape).isGreaterThan(0.95f);
        }
    }

    @Test
    void mirroredProductGivesNearlyTheSameVector() {
        BufferedImage shoe = picture(Shape.SHOE, RED);
        BufferedImage mirrored = new BufferedImage(shoe.getWidth(), shoe.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < shoe.getHeight(); y++) {
            for (int x = 0; x < shoe.getWidth(); x++) {
                mirrored.setRGB(shoe.getWidth() - 1 - x, y, shoe.getRGB(x, y));
            }
        }
        float[] shapeOnlyA = new ProductImageDescriptor(1, 0, 0, 0).embed(shoe);
        float[] shapeOnlyB = new ProductImageDescriptor(1, 0, 0, 0).embed(mirrored);
        assertThat(cosine(shapeOnlyA, shapeOnlyB)).isGreaterThan(0.999f);
        assertThat(cosine(descriptor.embed(shoe), descriptor.embed(mirrored))).isGreaterThan(0.95f);
    }

    @Test
    void lightProductOnDarkBackgroundIsSeparatedFromTheBackground() {
        Color black = Color.BLACK;
        Color light = new Color(220, 220, 220);
        float[] shirt = descriptor.embed(picture(Shape.SHIRT, light, black, 1, 0, 0));
        float[] shirtShifted = descriptor.embed(picture(Shape.SHIRT, light, black, 1, -3.5, 5.5));
        float[] shoe = descriptor.embed(picture(Shape.SHOE, light, black, 1, 0, 0));
        assertThat(cosine(shirt, shirtShifted)).isGreaterThan(0.95f);
        assertThat(cosine(shirt, shoe)).isLessThan(cosine(shirt, shirtShifted) - 0.1f);
        // the colour block sees only the light product, not the black frame
        ProductImageDescriptor colourOnly = new ProductImageDescriptor(0, 0, 1, 0);
        float[] lightColour = colourOnly.embed(picture(Shape.SHIRT, light, black, 1, 0, 0));
        float[] lightOnWhite = colourOnly.embed(picture(Shape.SHIRT, light, new Color(250, 250, 250), 1, 0, 0));
        float[] blackOnWhite = colourOnly.embed(picture(Shape.SHIRT, black, WHITE, 1, 0, 0));
        assertThat(cosine(lightColour, lightOnWhite)).isGreaterThan(0.9f);
        assertThat(cosine(lightColour, blackOnWhite)).isLessThan(0.3f);
    }

    @Test
    void blankAndTinyImagesGiveFiniteUnitVectors() {
        for (BufferedImage image : List.of(
                new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB), // black
                picture(Shape.SHIRT, WHITE), // white on white: nothing to separate
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB),
                new BufferedImage(3, 200, BufferedImage.TYPE_INT_RGB))) {
            float[] v = descriptor.embed(image);
            VectorMath.requireFinite(v, descriptor.dimension(), "vector");
            assertThat(VectorMath.norm(v)).isCloseTo(1f, within(1e-5f));
        }
    }

    @Test
    void largeImagesAreShrunkFirst() {
        float[] small = descriptor.embed(picture(Shape.BOTTLE, BLUE, WHITE, 1, 0, 0));
        float[] large = descriptor.embed(picture(Shape.BOTTLE, BLUE, WHITE, 8, 0, 0)); // 480x640
        assertThat(cosine(small, large)).isGreaterThan(0.95f);
    }

    @Test
    void deterministicAcrossCallsInstancesAndThreads() throws Exception {
        BufferedImage image = picture(Shape.SHOE, BLUE);
        float[] first = descriptor.embed(image);
        assertThat(descriptor.embed(image)).containsExactly(first);
        assertThat(new ProductImageDescriptor().embed(image)).containsExactly(first);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = pool.invokeAll(Collections.nCopies(16, () -> descriptor.embed(image)));
            for (Future<float[]> f : futures) {
                assertThat(f.get()).containsExactly(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsNullImagesAndUnusableWeights() {
        assertThatThrownBy(() -> descriptor.describe(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProductImageDescriptor(0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProductImageDescriptor(1, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProductImageDescriptor(Float.NaN, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
