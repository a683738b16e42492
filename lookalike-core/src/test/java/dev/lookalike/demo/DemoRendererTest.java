package dev.lookalike.demo;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoRendererTest {

    private static final int SIZE = 128;

    private static DemoTruth truth(DemoType type, DemoColour colour, DemoPattern pattern) {
        return new DemoTruth(type, colour, pattern, "unisex", "style-test");
    }

    private static int[] rgb(int p) {
        return new int[] {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
    }

    @Test
    void redProductIsReddishAndTheCornersAreWhite() {
        for (DemoType type : DemoType.values()) {
            for (long seed = 1; seed <= 3; seed++) {
                BufferedImage img = DemoRenderer.render(truth(type, DemoColour.RED, DemoPattern.SOLID), seed, SIZE);
                assertThat(img.getWidth()).isEqualTo(SIZE);
                assertThat(img.getHeight()).isEqualTo(SIZE);
                for (int[] corner : new int[][] {{0, 0}, {SIZE - 6, 0}, {0, SIZE - 6}, {SIZE - 6, SIZE - 6}}) {
                    for (int dy = 0; dy < 6; dy++) {
                        for (int dx = 0; dx < 6; dx++) {
                            assertThat(img.getRGB(corner[0] + dx, corner[1] + dy) & 0xffffff)
                                    .as("%s corner pixel", type).isEqualTo(0xffffff);
                        }
                    }
                }
                double[] mean = ImageStats.meanColour(img, ImageStats.mask(img));
                assertThat(mean[0]).as("%s mean red vs green", type).isGreaterThan(mean[1] + 60);
                assertThat(mean[0]).as("%s mean red vs blue", type).isGreaterThan(mean[2] + 60);
            }
        }
    }

    @Test
    void everyColourIsRecognisableFromTheFabricOfEveryType() {
        for (DemoColour colour : DemoColour.values()) {
            for (DemoType type : DemoType.values()) {
                BufferedImage img = DemoRenderer.render(truth(type, colour, DemoPattern.SOLID), 11, SIZE);
                int[] median = ImageStats.medianColour(img, ImageStats.mask(img));
                DemoColour nearest = null;
                double best = Double.MAX_VALUE;
                for (DemoColour c : DemoColour.values()) {
                    double d = ImageStats.distance(median, c.rgb());
                    if (d < best) {
                        best = d;
                        nearest = c;
                    }
                }
                assertThat(nearest).as("%s %s, median colour %s", colour, type, java.util.Arrays.toString(median))
                        .isEqualTo(colour);
            }
        }
    }

    @Test
    void whiteProductsStayVisibleOnTheWhiteBackground() {
        for (DemoType type : DemoType.values()) {
            BufferedImage img = DemoRenderer.render(truth(type, DemoColour.WHITE, DemoPattern.SOLID), 5, SIZE);
            boolean[] mask = ImageStats.mask(img);
            assertThat(ImageStats.coverage(mask)).as("%s coverage", type).isGreaterThan(0.15);
            int dark = 0;
            for (int i = 0; i < mask.length; i++) {
                int[] p = rgb(img.getRGB(i % SIZE, i / SIZE));
                if (p[0] < 190 && p[1] < 190 && p[2] < 190) {
                    dark++;
                }
            }
            assertThat(dark).as("%s outline pixels", type).isGreaterThan(4 * SIZE / 2);
        }
    }

    @Test
    void productsAreCentredAndFillMostOfTheFrame() {
        for (DemoType type : DemoType.values()) {
            for (long seed = 0; seed < 8; seed++) {
                BufferedImage img = DemoRenderer.render(truth(type, DemoColour.NAVY, DemoPattern.SOLID), seed, SIZE);
                int[] b = ImageStats.bounds(ImageStats.mask(img), SIZE);
                double extent = Math.max(b[2] - b[0] + 1, b[3] - b[1] + 1) / (double) SIZE;
                assertThat(extent).as("%s seed %d extent", type, seed).isBetween(0.70, 0.88);
                assertThat(b[0]).as("left margin").isGreaterThan(0);
                assertThat(b[1]).as("top margin").isGreaterThan(0);
                assertThat(b[2]).as("right margin").isLessThan(SIZE - 1);
                assertThat(b[3]).as("bottom margin").isLessThan(SIZE - 1);
                double cx = (b[0] + b[2]) / 2.0 / SIZE, cy = (b[1] + b[3]) / 2.0 / SIZE;
                assertThat(cx).as("%s centre x", type).isBetween(0.45, 0.55);
                assertThat(cy).as("%s centre y", type).isBetween(0.45, 0.55);
            }
        }
    }

    @Test
    void silhouettesOfOneTypeAreAlikeAndThoseOfDifferentTypesAreNot() {
        DemoType[] types = DemoType.values();
        int seeds = 6;
        List<boolean[]> masks = new ArrayList<>();
        for (DemoType type : types) {
            for (int s = 0; s < seeds; s++) {
                masks.add(ImageStats.mask(DemoRenderer.render(truth(type, DemoColour.NAVY, DemoPattern.SOLID), 100 + s, SIZE)));
            }
        }
        double within = 0, between = 0;
        int nWithin = 0, nBetween = 0, nearestSameType = 0;
        boolean identical = false;
        for (int i = 0; i < masks.size(); i++) {
            double bestIou = -1;
            int bestJ = -1;
            for (int j = 0; j < masks.size(); j++) {
                if (i == j) {
                    continue;
                }
                double iou = ImageStats.iou(masks.get(i), masks.get(j));
                if (iou > bestIou) {
                    bestIou = iou;
                    bestJ = j;
                }
                if (j > i) {
                    if (i / seeds == j / seeds) {
                        within += iou;
                        nWithin++;
                        identical |= iou == 1.0;
                    } else {
                        between += iou;
                        nBetween++;
                    }
                }
            }
            if (bestJ / seeds == i / seeds) {
                nearestSameType++;
            }
        }
        within /= nWithin;
        between /= nBetween;
        assertThat(identical).as("drawings of one type vary").isFalse();
        assertThat(within).as("mean IoU within a type").isGreaterThan(0.7);
        assertThat(within).as("mean IoU within a type vs between types").isGreaterThan(between + 0.2);
        assertThat(nearestSameType).as("pictures whose most similar silhouette is of their own type")
                .isGreaterThanOrEqualTo((int) Math.ceil(0.95 * masks.size()));
    }

    @Test
    void patternsPaintAContrastingColourOverTheFabric() {
        for (DemoType type : DemoType.values()) {
            for (long seed = 0; seed < 3; seed++) {
                double solid = farFromBase(type, DemoPattern.SOLID, seed);
                for (DemoPattern pattern : List.of(DemoPattern.STRIPES, DemoPattern.DOTS, DemoPattern.CHECKS)) {
                    assertThat(farFromBase(type, pattern, seed)).as("%s %s seed %d", type, pattern, seed)
                            .isGreaterThan(solid + 0.08);
                }
            }
        }
    }

    /** Fraction of the foreground that is far from the product colour. */
    private static double farFromBase(DemoType type, DemoPattern pattern, long seed) {
        BufferedImage img = DemoRenderer.render(truth(type, DemoColour.GREEN, pattern), seed, SIZE);
        boolean[] mask = ImageStats.mask(img);
        int far = 0, n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                n++;
                if (ImageStats.distance(rgb(img.getRGB(i % SIZE, i / SIZE)), DemoColour.GREEN.rgb()) > 80) {
                    far++;
                }
            }
        }
        return (double) far / n;
    }

    @Test
    void accentColoursContrastWithTheMainColour() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (DemoColour colour : DemoColour.values()) {
            for (int i = 0; i < 20; i++) {
                Color accent = DemoRenderer.accentFor(colour, rnd);
                assertThat(Math.abs(DemoRenderer.luma(accent) - colour.luma())).as("%s accent %s", colour, accent)
                        .isGreaterThanOrEqualTo(80);
            }
        }
    }

    @Test
    void sameSeedGivesSamePixelsOnAnyThreadAndOtherSeedsVary() {
        DemoTruth t = truth(DemoType.DRESS, DemoColour.BLUE, DemoPattern.DOTS);
        BufferedImage a = DemoRenderer.render(t, 77, SIZE);
        int[] pixels = a.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
        IntStream.range(0, 16).parallel().forEach(i -> assertThat(
                DemoRenderer.render(t, 77, SIZE).getRGB(0, 0, SIZE, SIZE, null, 0, SIZE)).isEqualTo(pixels));
        BufferedImage b = DemoRenderer.render(t, 78, SIZE);
        assertThat(b.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE)).isNotEqualTo(pixels);
        // colour jitter is small: two seeds give nearly the same fabric colour
        int[] ma = ImageStats.medianColour(a, ImageStats.mask(a));
        int[] mb = ImageStats.medianColour(b, ImageStats.mask(b));
        assertThat(ImageStats.distance(ma, new Color(mb[0], mb[1], mb[2]))).isLessThan(30);
    }

    @Test
    void rendersOtherSizesAndRejectsBadArguments() {
        DemoTruth t = truth(DemoType.BOOTS, DemoColour.BROWN, DemoPattern.CHECKS);
        for (int size : new int[] {32, 48, 300}) {
            BufferedImage img = DemoRenderer.render(t, 1, size);
            assertThat(img.getWidth()).isEqualTo(size);
            assertThat(img.getHeight()).isEqualTo(size);
            assertThat(ImageStats.coverage(ImageStats.mask(img))).as("coverage at %d px", size).isGreaterThan(0.2);
        }
        assertThatThrownBy(() -> DemoRenderer.render(t, 1, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
        assertThatThrownBy(() -> DemoRenderer.render(t, 1, 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
        assertThatThrownBy(() -> DemoRenderer.render(null, 1, 64))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
