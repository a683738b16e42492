package dev.lookalike.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.VectorMath;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Resize;
import dev.lookalike.encoder.onnx.ImagePreprocessing.TokenPooling;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoder's vectors equal a reference computed independently in plain Java: the same pictures cropped and
 * normalised here by hand (the pictures are chosen so that no resampling happens), the tiny models' layers
 * (convolution, ReLU, average pooling, matrix product) written out as loops over the same seeded weights.
 */
class OnnxImageEncoderReferenceTest {

    private static final float TOLERANCE = 1e-4f;

    @Test
    void cnnFeaturesAreTheAveragePooledReluOfTheConvolution() throws Exception {
        TinyOnnxModels.ConvModel model = TinyOnnxModels.cnn(11, 224, 224);
        ImagePreprocessing resnet = ImagePreprocessing.resnet50();
        // shorter side already 256: only the centre crop happens
        List<BufferedImage> images = List.of(OnnxTestImages.noise(1, 256, 300), OnnxTestImages.noise(2, 310, 256),
                OnnxTestImages.noise(3, 256, 256));
        try (OnnxImageEncoder encoder = new OnnxImageEncoder("tiny-cnn", model.onnx(), resnet, 2, 1)) {
            assertThat(encoder.dimension()).isEqualTo(TinyOnnxModels.CNN_CHANNELS);
            List<float[]> actual = encoder.embedAll(images);
            for (int i = 0; i < images.size(); i++) {
                BufferedImage img = images.get(i);
                int left = (int) Math.rint((img.getWidth() - 224) / 2.0);
                int top = (int) Math.rint((img.getHeight() - 224) / 2.0);
                float[] input = nchw(img, left, top, 224, 224, ImagePreprocessing.IMAGENET_MEAN,
                        ImagePreprocessing.IMAGENET_STD);
                float[] conv = conv2d(input, 224, 224, model);
                int side = (224 + 2 * model.pad() - model.kernel()) / model.stride() + 1;
                relu(conv);
                float[] expected = normalize(spatialMean(conv, model.out(), side * side));
                assertThat(actual.get(i)).as("image %d", i).containsExactly(expected, within(TOLERANCE));
            }
        }
    }

    @Test
    void pooledModelIsTheChannelMeansTimesTheWeight() throws Exception {
        TinyOnnxModels.MatMulModel model = TinyOnnxModels.pooled(12, 64, 48, Layout.NCHW, false);
        ImagePreprocessing clip = ImagePreprocessing.clipVitB32().withSize(48, 64).withResize(Resize.stretch());
        List<BufferedImage> images = List.of(OnnxTestImages.noise(4, 48, 64), OnnxTestImages.coordinates(48, 64));
        try (OnnxImageEncoder encoder = new OnnxImageEncoder("tiny-pooled", model.onnx(), clip, 8, 1)) {
            assertThat(encoder.dimension()).isEqualTo(TinyOnnxModels.POOLED_DIMENSION);
            List<float[]> actual = encoder.embedAll(images);
            for (int i = 0; i < images.size(); i++) {
                float[] input = nchw(images.get(i), 0, 0, 48, 64, ImagePreprocessing.CLIP_MEAN,
                        ImagePreprocessing.CLIP_STD);
                float[] means = spatialMean(input, 3, 48 * 64);
                float[] expected = normalize(matmul(means, model.weight(), TinyOnnxModels.POOLED_DIMENSION));
                assertThat(actual.get(i)).as("image %d", i).containsExactly(expected, within(TOLERANCE));
            }
        }
    }

    @Test
    void tokenOutputsGiveTheClassTokenOrTheTokenMean() throws Exception {
        int size = 32, patch = 8, dim = 12;
        TinyOnnxModels.ConvModel model = TinyOnnxModels.tokens(13, size, patch, dim);
        ImagePreprocessing p = ImagePreprocessing.clipVitB32().withSize(size, size).withResize(Resize.stretch());
        BufferedImage img = OnnxTestImages.noise(5, size, size);
        float[] input = nchw(img, 0, 0, size, size, ImagePreprocessing.CLIP_MEAN, ImagePreprocessing.CLIP_STD);
        float[] patches = conv2d(input, size, size, model); // [dim, 4, 4]; token t = patch t in row-major order
        int tokens = (size / patch) * (size / patch);
        float[] cls = new float[dim];
        for (int d = 0; d < dim; d++) {
            cls[d] = patches[d * tokens];
        }
        float[] mean = spatialMean(patches, dim, tokens);
        try (OnnxImageEncoder first = new OnnxImageEncoder("tiny-vit-cls", model.onnx(), p, 4, 1);
             OnnxImageEncoder averaged = new OnnxImageEncoder("tiny-vit-mean", model.onnx(),
                     p.withTokenPooling(TokenPooling.MEAN), 4, 1)) {
            assertThat(first.dimension()).isEqualTo(dim);
            assertThat(first.embed(img)).containsExactly(normalize(cls), within(TOLERANCE));
            assertThat(averaged.embed(img)).containsExactly(normalize(mean), within(TOLERANCE));
        }
    }

    @Test
    void paddingToSquareMatchesAReferenceCanvas() throws Exception {
        // a 64x32 picture on a 64x64 input: no scaling, 16 rows of fill colour above and below
        TinyOnnxModels.MatMulModel model = TinyOnnxModels.pooled(14, 64, 64, Layout.NCHW, false);
        ImagePreprocessing p = ImagePreprocessing.resnet50().withSize(64, 64).withResize(Resize.padToSquare(0x808080));
        BufferedImage img = OnnxTestImages.noise(6, 64, 32);
        BufferedImage canvas = OnnxTestImages.solid(new java.awt.Color(0x808080), 64, 64);
        canvas.getGraphics().drawImage(img, 0, 16, null);
        float[] input = nchw(canvas, 0, 0, 64, 64, ImagePreprocessing.IMAGENET_MEAN, ImagePreprocessing.IMAGENET_STD);
        float[] expected = normalize(matmul(spatialMean(input, 3, 64 * 64), model.weight(), 16));
        try (OnnxImageEncoder encoder = new OnnxImageEncoder("tiny-pooled", model.onnx(), p, 1, 1)) {
            assertThat(encoder.embed(img)).containsExactly(expected, within(TOLERANCE));
        }
    }

    /** The w x h region at (left, top), as a [3, h, w] tensor of (p / 255 - mean) / std, RGB. */
    static float[] nchw(BufferedImage img, int left, int top, int w, int h, float[] mean, float[] std) {
        float[] out = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(left + x, top + y);
                int[] channel = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                for (int c = 0; c < 3; c++) {
                    out[c * w * h + y * w + x] = (channel[c] / 255f - mean[c]) / std[c];
                }
            }
        }
        return out;
    }

    /** Direct convolution with zero padding: [3, h, w] to [out, h', w'], plus bias. */
    static float[] conv2d(float[] in, int h, int w, TinyOnnxModels.ConvModel m) {
        int k = m.kernel(), s = m.stride(), pad = m.pad(), outC = m.out();
        int oh = (h + 2 * pad - k) / s + 1;
        int ow = (w + 2 * pad - k) / s + 1;
        float[] weight = m.weight();
        float[] bias = m.bias();
        float[] out = new float[outC * oh * ow];
        for (int o = 0; o < outC; o++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double sum = bias[o];
                    for (int c = 0; c < 3; c++) {
                        for (int ky = 0; ky < k; ky++) {
                            int iy = y * s - pad + ky;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < k; kx++) {
                                int ix = x * s - pad + kx;
                                if (ix < 0 || ix >= w) {
                                    continue;
                                }
                                sum += (double) weight[((o * 3 + c) * k + ky) * k + kx] * in[(c * h + iy) * w + ix];
                            }
                        }
                    }
                    out[(o * oh + y) * ow + x] = (float) sum;
                }
            }
        }
        return out;
    }

    static void relu(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0f, v[i]);
        }
    }

    /** [c, n] to the mean over n per c. */
    static float[] spatialMean(float[] v, int channels, int n) {
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += v[c * n + i];
            }
            out[c] = (float) (sum / n);
        }
        return out;
    }

    /** [k] times [k, d] row-major. */
    static float[] matmul(float[] x, float[] weight, int d) {
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += (double) x[i] * weight[i * d + j];
            }
            out[j] = (float) sum;
        }
        return out;
    }

    static float[] normalize(float[] v) {
        return VectorMath.normalizeInPlace(v.clone());
    }
}
