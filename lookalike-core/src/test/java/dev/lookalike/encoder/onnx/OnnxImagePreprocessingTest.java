package dev.lookalike.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.onnx.ImagePreprocessing.ChannelOrder;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Interpolation;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import dev.lookalike.encoder.onnx.ImagePreprocessing.PixelScale;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Resize;
import dev.lookalike.encoder.onnx.ImagePreprocessing.TokenPooling;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class OnnxImagePreprocessingTest {

    private static final float[] ZERO = {0f, 0f, 0f};
    private static final float[] ONE = {1f, 1f, 1f};

    /** Raw 0..255 values, no normalisation: the tensor shows the pixels themselves. */
    private static ImagePreprocessing raw(int w, int h, Resize resize) {
        return new ImagePreprocessing(w, h, resize, Interpolation.BILINEAR, PixelScale.ZERO_TO_255, ZERO, ONE,
                ChannelOrder.RGB, Layout.NCHW, null, Layout.NCHW, TokenPooling.CLS);
    }

    private static float[] tensor(ImagePreprocessing p, BufferedImage image) {
        float[] t = new float[p.valuesPerImage()];
        p.write(image, t, 0);
        return t;
    }

    /** Channel c of pixel (x, y) of an NCHW tensor. */
    private static float at(float[] t, ImagePreprocessing p, int c, int x, int y) {
        return t[c * p.width() * p.height() + y * p.width() + x];
    }

    @Test
    void presetsCarryTheDocumentedNumbers() {
        ImagePreprocessing clip = ImagePreprocessing.clipVitB32();
        assertThat(clip.width()).isEqualTo(224);
        assertThat(clip.height()).isEqualTo(224);
        assertThat(clip.resize()).isEqualTo(new Resize.ShorterSideThenCenterCrop(224));
        assertThat(clip.interpolation()).isEqualTo(Interpolation.BICUBIC);
        assertThat(clip.pixelScale()).isEqualTo(PixelScale.ZERO_TO_ONE);
        assertThat(clip.mean()).containsExactly(0.48145466f, 0.4578275f, 0.40821073f);
        assertThat(clip.std()).containsExactly(0.26862954f, 0.26130258f, 0.27577711f);
        assertThat(clip.channelOrder()).isEqualTo(ChannelOrder.RGB);
        assertThat(clip.layout()).isEqualTo(Layout.NCHW);
        assertThat(clip.output()).isNull();
        assertThat(clip.tokenPooling()).isEqualTo(TokenPooling.CLS);

        ImagePreprocessing resnet = ImagePreprocessing.resnet50();
        assertThat(resnet.width()).isEqualTo(224);
        assertThat(resnet.height()).isEqualTo(224);
        assertThat(resnet.resize()).isEqualTo(new Resize.ShorterSideThenCenterCrop(256));
        assertThat(resnet.interpolation()).isEqualTo(Interpolation.BILINEAR);
        assertThat(resnet.pixelScale()).isEqualTo(PixelScale.ZERO_TO_ONE);
        assertThat(resnet.mean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(resnet.std()).containsExactly(0.229f, 0.224f, 0.225f);
        assertThat(resnet.channelOrder()).isEqualTo(ChannelOrder.RGB);
        assertThat(resnet.layout()).isEqualTo(Layout.NCHW);
        assertThat(resnet.featureLayout()).isEqualTo(Layout.NCHW);

        ImagePreprocessing inception = ImagePreprocessing.inceptionV3();
        assertThat(inception.width()).isEqualTo(299);
        assertThat(inception.height()).isEqualTo(299);
        assertThat(inception.resize()).isEqualTo(new Resize.Stretch());
        assertThat(inception.pixelScale()).isEqualTo(PixelScale.ZERO_TO_ONE);
        assertThat(inception.mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(inception.std()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(inception.channelOrder()).isEqualTo(ChannelOrder.RGB);
        assertThat(inception.layout()).isEqualTo(Layout.NHWC);
        assertThat(inception.featureLayout()).isEqualTo(Layout.NHWC);
    }

    @Test
    void inceptionScalingIsKerasTfMode() {
        // keras imagenet_utils mode "tf": x / 127.5 - 1
        ImagePreprocessing p = ImagePreprocessing.inceptionV3().withSize(4, 4);
        for (int level : new int[] {0, 1, 64, 127, 128, 200, 255}) {
            float[] t = tensor(p, OnnxTestImages.solid(new Color(level, level, level), 4, 4));
            assertThat(t[0]).as("level %d", level).isCloseTo(level / 127.5f - 1f, within(1e-6f));
        }
    }

    @Test
    void invalidValuesAreRefusedNamingTheValue() {
        ImagePreprocessing ok = raw(8, 8, Resize.stretch());
        assertThatThrownBy(() -> ok.withSize(0, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width").hasMessageContaining("got 0");
        assertThatThrownBy(() -> ok.withSize(8, 5000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("height").hasMessageContaining("5000");
        assertThatThrownBy(() -> ok.withNormalization(PixelScale.ZERO_TO_ONE, new float[] {0.5f, 0.5f}, ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mean").hasMessageContaining("[0.5, 0.5]");
        assertThatThrownBy(() -> ok.withNormalization(PixelScale.ZERO_TO_ONE, ZERO, new float[] {1f, 0f, 1f}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("std").hasMessageContaining("[1.0, 0.0, 1.0]");
        assertThatThrownBy(() -> ok.withNormalization(PixelScale.ZERO_TO_ONE, new float[] {Float.NaN, 0f, 0f}, ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> ok.withSize(224, 224).withResize(Resize.shorterSideThenCenterCrop(200)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("200").hasMessageContaining("224x224");
        assertThatThrownBy(() -> Resize.shorterSideThenCenterCrop(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> Resize.padToSquare(0x1000000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x1000000");
        assertThatThrownBy(() -> ok.withOutput(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("' '");
        assertThatThrownBy(() -> ok.withLayout(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void arraysAreCopiedInAndOut() {
        float[] mean = {0.1f, 0.2f, 0.3f};
        ImagePreprocessing p = raw(8, 8, Resize.stretch()).withNormalization(PixelScale.ZERO_TO_ONE, mean, ONE);
        mean[0] = 9f;
        p.mean()[1] = 9f;
        assertThat(p.mean()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(p).isEqualTo(raw(8, 8, Resize.stretch()).withNormalization(PixelScale.ZERO_TO_ONE,
                new float[] {0.1f, 0.2f, 0.3f}, ONE));
        assertThat(p.hashCode()).isEqualTo(raw(8, 8, Resize.stretch()).withNormalization(PixelScale.ZERO_TO_ONE,
                new float[] {0.1f, 0.2f, 0.3f}, ONE).hashCode());
        assertThat(p.toString()).contains("mean=[0.1, 0.2, 0.3]");
    }

    @Test
    void centreCropOfAPortraitPictureTakesTheCentre() {
        // the shorter side is already the resize size: no scaling, only the crop
        ImagePreprocessing p = raw(224, 224, Resize.shorterSideThenCenterCrop(256));
        float[] t = tensor(p, OnnxTestImages.coordinates(256, 300));
        int left = (256 - 224) / 2; // 16
        int top = (300 - 224) / 2; // 38
        for (int y : new int[] {0, 1, 100, 223}) {
            for (int x : new int[] {0, 7, 150, 223}) {
                assertThat(at(t, p, 0, x, y)).isEqualTo((x + left) & 0xff);
                assertThat(at(t, p, 1, x, y)).isEqualTo((y + top) & 0xff);
                assertThat(at(t, p, 2, x, y)).isEqualTo(77);
            }
        }
    }

    @Test
    void centreCropOfALandscapePictureTakesTheCentreRoundingHalfToEven() {
        ImagePreprocessing p = raw(224, 224, Resize.shorterSideThenCenterCrop(256));
        float[] t = tensor(p, OnnxTestImages.coordinates(301, 256));
        // (301 - 224) / 2 = 38.5 rounds to 38, as torchvision's round() does
        assertThat(at(t, p, 0, 0, 0)).isEqualTo(38);
        assertThat(at(t, p, 1, 0, 0)).isEqualTo(16);
        assertThat(at(t, p, 0, 223, 223)).isEqualTo((38 + 223) & 0xff);
        assertThat(at(t, p, 1, 223, 223)).isEqualTo((16 + 223) & 0xff);
    }

    @Test
    void centreCropOfALargerPictureScalesTheShorterSideFirst() {
        // 800x600: shorter side 600 -> 256, so 341x256; a black square in the middle of white stays in the middle
        BufferedImage img = OnnxTestImages.solid(Color.WHITE, 800, 600);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(400 - 150, 300 - 150, 300, 300); // 128x128 after scaling, centred
        g.dispose();
        ImagePreprocessing p = raw(224, 224, Resize.shorterSideThenCenterCrop(256));
        float[] t = tensor(p, img);
        // after scaling the square spans x 106.7..234.7 and y 64..192 of 341x256; the crop starts at (58, 16)
        assertThat(at(t, p, 0, 112, 112)).isEqualTo(0f);
        assertThat(at(t, p, 0, 60, 112)).isEqualTo(0f);
        assertThat(at(t, p, 0, 170, 60)).isEqualTo(0f);
        assertThat(at(t, p, 0, 30, 112)).isEqualTo(255f);
        assertThat(at(t, p, 0, 112, 30)).isEqualTo(255f);
        assertThat(at(t, p, 0, 200, 112)).isEqualTo(255f);
        assertThat(at(t, p, 0, 0, 0)).isEqualTo(255f);
        // the picture's sides are cropped away: a 224-wide crop of a 341-wide image drops ~58 px each side
        assertThat(at(t, p, 0, 223, 223)).isEqualTo(255f);
    }

    @Test
    void bgrSwapsChannels() {
        BufferedImage red = OnnxTestImages.solid(new Color(200, 100, 10), 4, 4);
        ImagePreprocessing rgb = raw(4, 4, Resize.stretch());
        ImagePreprocessing bgr = rgb.withChannelOrder(ChannelOrder.BGR);
        float[] a = tensor(rgb, red);
        float[] b = tensor(bgr, red);
        assertThat(new float[] {at(a, rgb, 0, 1, 1), at(a, rgb, 1, 1, 1), at(a, rgb, 2, 1, 1)})
                .containsExactly(200f, 100f, 10f);
        assertThat(new float[] {at(b, bgr, 0, 1, 1), at(b, bgr, 1, 1, 1), at(b, bgr, 2, 1, 1)})
                .containsExactly(10f, 100f, 200f);
    }

    @Test
    void nhwcIsTheTransposeOfNchw() {
        BufferedImage img = OnnxTestImages.noise(5, 7, 5);
        ImagePreprocessing nchw = ImagePreprocessing.clipVitB32().withSize(7, 5).withResize(Resize.stretch());
        ImagePreprocessing nhwc = nchw.withLayout(Layout.NHWC);
        float[] a = tensor(nchw, img);
        float[] b = tensor(nhwc, img);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    assertThat(b[(y * 7 + x) * 3 + c]).isEqualTo(a[c * 35 + y * 7 + x]);
                }
            }
        }
    }

    @Test
    void meanAndStdAreAppliedPerChannel() {
        BufferedImage img = OnnxTestImages.solid(new Color(255, 128, 0), 2, 2);
        ImagePreprocessing p = ImagePreprocessing.resnet50().withSize(2, 2).withResize(Resize.stretch());
        float[] t = tensor(p, img);
        assertThat(at(t, p, 0, 0, 0)).isCloseTo((1f - 0.485f) / 0.229f, within(1e-6f));
        assertThat(at(t, p, 1, 0, 0)).isCloseTo((128 / 255f - 0.456f) / 0.224f, within(1e-6f));
        assertThat(at(t, p, 2, 0, 0)).isCloseTo((0f - 0.406f) / 0.225f, within(1e-6f));

        ImagePreprocessing caffe = p.withChannelOrder(ChannelOrder.BGR).withNormalization(PixelScale.ZERO_TO_255,
                new float[] {103.939f, 116.779f, 123.68f}, ONE);
        float[] c = tensor(caffe, img);
        assertThat(at(c, caffe, 0, 1, 1)).isCloseTo(0f - 103.939f, within(1e-4f));   // blue
        assertThat(at(c, caffe, 1, 1, 1)).isCloseTo(128f - 116.779f, within(1e-4f)); // green
        assertThat(at(c, caffe, 2, 1, 1)).isCloseTo(255f - 123.68f, within(1e-4f));  // red
    }

    @Test
    void stretchIgnoresTheAspectRatio() {
        BufferedImage img = OnnxTestImages.solid(Color.RED, 100, 40);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(50, 0, 50, 40);
        g.dispose();
        ImagePreprocessing p = raw(10, 10, Resize.stretch());
        float[] t = tensor(p, img);
        for (int y = 0; y < 10; y++) {
            assertThat(at(t, p, 0, 1, y)).isEqualTo(255f);
            assertThat(at(t, p, 2, 1, y)).isEqualTo(0f);
            assertThat(at(t, p, 0, 8, y)).isEqualTo(0f);
            assertThat(at(t, p, 2, 8, y)).isEqualTo(255f);
        }
    }

    @Test
    void padToSquareCentresThePictureOnTheFillColour() {
        ImagePreprocessing p = raw(20, 20, Resize.padToSquare(0x102030));
        float[] t = tensor(p, OnnxTestImages.solid(Color.GREEN, 40, 20)); // becomes 20x10 at rows 5..14
        for (int x = 0; x < 20; x++) {
            for (int y = 0; y < 20; y++) {
                boolean picture = y >= 5 && y < 15;
                assertThat(at(t, p, 0, x, y)).as("(%d, %d)", x, y).isEqualTo(picture ? 0f : 0x10);
                assertThat(at(t, p, 1, x, y)).as("(%d, %d)", x, y).isEqualTo(picture ? 255f : 0x20);
                assertThat(at(t, p, 2, x, y)).as("(%d, %d)", x, y).isEqualTo(picture ? 0f : 0x30);
            }
        }
    }

    @Test
    void transparentPixelsBecomeWhite() {
        BufferedImage clear = new BufferedImage(6, 6, BufferedImage.TYPE_INT_ARGB); // all 0x00000000
        for (Resize r : new Resize[] {Resize.stretch(), Resize.shorterSideThenCenterCrop(6), Resize.padToSquare(0)}) {
            float[] t = tensor(raw(6, 6, r), clear);
            for (float v : t) {
                assertThat(v).as("%s", r).isEqualTo(255f);
            }
        }
    }

    @Test
    void shrinkingAveragesInsteadOfSkippingPixels() {
        // vertical stripes 16 px white, 16 px black; 1024 -> 32 wide: each output pixel covers one period
        BufferedImage stripes = OnnxTestImages.solid(Color.WHITE, 1024, 64);
        Graphics2D g = stripes.createGraphics();
        g.setColor(Color.BLACK);
        for (int x = 16; x < 1024; x += 32) {
            g.fillRect(x, 0, 16, 64);
        }
        g.dispose();
        for (Interpolation interpolation : Interpolation.values()) {
            ImagePreprocessing p = raw(32, 2, Resize.stretch()).withInterpolation(interpolation);
            float[] t = tensor(p, stripes);
            for (int x = 0; x < 32; x++) {
                assertThat(at(t, p, 0, x, 1)).as("%s x=%d", interpolation, x).isCloseTo(127.5f, within(1f));
            }
        }
    }

    @Test
    void bicubicAndBilinearBothKeepAFlatColour() {
        BufferedImage img = OnnxTestImages.solid(new Color(90, 140, 210), 333, 517);
        for (Interpolation interpolation : Interpolation.values()) {
            ImagePreprocessing p = raw(224, 224, Resize.shorterSideThenCenterCrop(256)).withInterpolation(interpolation);
            float[] t = tensor(p, img);
            assertThat(at(t, p, 0, 3, 200)).isEqualTo(90f);
            assertThat(at(t, p, 1, 100, 100)).isEqualTo(140f);
            assertThat(at(t, p, 2, 223, 0)).isEqualTo(210f);
        }
    }

    @Test
    void nullImageIsRefused() {
        assertThatThrownBy(() -> tensor(raw(4, 4, Resize.stretch()), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }
}
