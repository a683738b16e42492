package dev.lookalike.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Resize;
import dev.lookalike.encoder.onnx.ImagePreprocessing.TokenPooling;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImageEncoderTest {

    private static final ImagePreprocessing SMALL =
            ImagePreprocessing.resnet50().withSize(40, 40).withResize(Resize.shorterSideThenCenterCrop(46));

    @TempDir
    Path dir;

    private static List<BufferedImage> pictures(int n) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i % 2 == 0 ? OnnxTestImages.noise(100 + i, 50 + 3 * i, 60)
                    : OnnxTestImages.product(new Color(40 * i, 255 - 30 * i, 90), i % 3 == 0, 70, 45 + i));
        }
        return out;
    }

    private static void assertSameVectors(List<float[]> actual, List<float[]> expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("vector %d", i).containsExactly(expected.get(i), within(tolerance));
        }
    }

    @Test
    void batchesGiveTheSameVectorsAsOneByOne() throws Exception {
        List<BufferedImage> images = pictures(7);
        try (OnnxImageEncoder batched = new OnnxImageEncoder("tiny-cnn", TinyOnnxModels.cnn(1, 40, 40).onnx(), SMALL, 3, 1)) {
            List<float[]> oneByOne = new ArrayList<>();
            for (BufferedImage img : images) {
                oneByOne.add(batched.embed(img));
            }
            // 3 + 3 + 1: the last batch is partial
            assertSameVectors(batched.embedAll(images), oneByOne, 1e-5f);
        }
    }

    @Test
    void nhwcInputOnTheTransposedModelGivesTheSameVectors() throws Exception {
        List<BufferedImage> images = pictures(4);
        byte[] nchwModel = TinyOnnxModels.cnn(2, 40, 40, Layout.NCHW, "N").onnx();
        byte[] nhwcModel = TinyOnnxModels.cnn(2, 40, 40, Layout.NHWC, "N").onnx(); // Transpose, then the same layers
        try (OnnxImageEncoder nchw = new OnnxImageEncoder("a", nchwModel, SMALL, 4, 1);
             OnnxImageEncoder nhwc = new OnnxImageEncoder("b", nhwcModel, SMALL.withLayout(Layout.NHWC), 4, 1)) {
            assertSameVectors(nhwc.embedAll(images), nchw.embedAll(images), 1e-5f);
        }
    }

    @Test
    void aFixedBatchOfOneRunsThePicturesOneByOne() throws Exception {
        List<BufferedImage> images = pictures(5);
        byte[] dynamic = TinyOnnxModels.cnn(3, 40, 40, Layout.NCHW, "N").onnx();
        byte[] fixed = TinyOnnxModels.cnn(3, 40, 40, Layout.NCHW, 1).onnx();
        try (OnnxImageEncoder a = new OnnxImageEncoder("a", dynamic, SMALL, 8, 1);
             OnnxImageEncoder b = new OnnxImageEncoder("b", fixed, SMALL, 8, 1)) {
            assertThat(b.batchSize()).isEqualTo(1);
            assertThat(a.batchSize()).isEqualTo(8);
            assertSameVectors(b.embedAll(images), a.embedAll(images), 1e-5f);
        }
    }

    @Test
    void aFixedBatchLargerThanOneIsPadded() throws Exception {
        List<BufferedImage> images = pictures(5);
        byte[] dynamic = TinyOnnxModels.cnn(3, 40, 40, Layout.NCHW, "N").onnx();
        byte[] fixed = TinyOnnxModels.cnn(3, 40, 40, Layout.NCHW, 2).onnx();
        try (OnnxImageEncoder a = new OnnxImageEncoder("a", dynamic, SMALL, 8, 1);
             OnnxImageEncoder b = new OnnxImageEncoder("b", fixed, SMALL, 8, 1)) {
            assertThat(b.batchSize()).isEqualTo(2);
            assertSameVectors(b.embedAll(images), a.embedAll(images), 1e-5f);
        }
    }

    @Test
    void aSymbolicOutputDimensionIsLearnedByRunningTheModelOnce() throws Exception {
        ImagePreprocessing p = SMALL.withResize(Resize.stretch());
        List<BufferedImage> images = pictures(3);
        try (OnnxImageEncoder known = new OnnxImageEncoder("a",
                TinyOnnxModels.pooled(4, 40, 40, Layout.NCHW, false).onnx(), p, 2, 1);
             OnnxImageEncoder symbolic = new OnnxImageEncoder("b",
                     TinyOnnxModels.pooled(4, 40, 40, Layout.NCHW, true).onnx(), p, 2, 1)) {
            assertThat(symbolic.dimension()).isEqualTo(TinyOnnxModels.POOLED_DIMENSION);
            assertSameVectors(symbolic.embedAll(images), known.embedAll(images), 1e-6f);
        }
    }

    @Test
    void symbolicHeightAndWidthAcceptTheConfiguredSize() throws Exception {
        byte[] model = TinyOnnxModels.cnn(5, "H", "W", Layout.NCHW, "N").onnx();
        try (OnnxImageEncoder e = new OnnxImageEncoder("a", model, SMALL, 2, 1);
             OnnxImageEncoder fixed = new OnnxImageEncoder("b", TinyOnnxModels.cnn(5, 40, 40).onnx(), SMALL, 2, 1)) {
            assertThat(e.dimension()).isEqualTo(TinyOnnxModels.CNN_CHANNELS);
            assertSameVectors(e.embedAll(pictures(2)), fixed.embedAll(pictures(2)), 1e-6f);
        }
    }

    @Test
    void loadsFromAFileAndPicksAnOutputByName() throws Exception {
        Path file = TinyOnnxModels.cnn(6, 40, 40).write(dir.resolve("cnn.onnx"));
        try (OnnxImageEncoder e = new OnnxImageEncoder("tiny-cnn-v1", file, SMALL.withOutput("features"), 2, 2)) {
            assertThat(e.id()).isEqualTo("tiny-cnn-v1");
            assertThat(e.dimension()).isEqualTo(8);
            assertThat(e.preprocessing().output()).isEqualTo("features");
            assertThat(e.toString()).contains("cnn.onnx");
        }
        assertThatThrownBy(() -> new OnnxImageEncoder("x", file, SMALL.withOutput("logits"), 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'logits'")
                .hasMessageContaining("'features' float tensor [N, 8, 20, 20]");
    }

    @Test
    void theFirstOutputIsUsedUnlessOneIsNamed() throws Exception {
        byte[] two = TinyOnnxModels.cnnWithTwoOutputs(11, 40).onnx();
        List<BufferedImage> images = pictures(3);
        try (OnnxImageEncoder first = new OnnxImageEncoder("a", two, SMALL, 2, 1);
             OnnxImageEncoder named = new OnnxImageEncoder("b", two, SMALL.withOutput("features"), 2, 1);
             OnnxImageEncoder single = new OnnxImageEncoder("c", TinyOnnxModels.cnn(11, 40, 40).onnx(), SMALL, 2, 1)) {
            assertThat(first.dimension()).isEqualTo(3); // channel_means [N, 3, 1, 1]
            assertThat(named.dimension()).isEqualTo(TinyOnnxModels.CNN_CHANNELS);
            assertSameVectors(named.embedAll(images), single.embedAll(images), 1e-6f);
        }
    }

    @Test
    void aNonImageModelIsRefusedNamingTheFileAndTheShape() throws Exception {
        Path file = dir.resolve("vector.onnx");
        Files.write(file, TinyOnnxModels.vectorModel(7));
        assertThatThrownBy(() -> new OnnxImageEncoder("x", file, SMALL, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'values'")
                .hasMessageContaining("float tensor [N, 10]")
                .hasMessageContaining("not an image tensor")
                .hasMessageContaining("[N, 3, 40, 40] (NCHW)");
    }

    @Test
    void modelsThatDoNotFitThePreprocessingAreRefused() throws Exception {
        assertThatThrownBy(() -> new OnnxImageEncoder("x", TinyOnnxModels.greyModel(40), SMALL, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[N, 1, 40, 40]").hasMessageContaining("3-channel");
        assertThatThrownBy(() -> new OnnxImageEncoder("x", TinyOnnxModels.twoInputModel(40), SMALL, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 inputs").hasMessageContaining("'a'").hasMessageContaining("'b'");
        // an NHWC model with an NCHW preprocessing, and the other way round: the message says which layout fits
        byte[] nhwc = TinyOnnxModels.cnn(8, 40, 40, Layout.NHWC, "N").onnx();
        assertThatThrownBy(() -> new OnnxImageEncoder("x", nhwc, SMALL, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[N, 40, 40, 3]").hasMessageContaining("looks NHWC");
        byte[] nchw = TinyOnnxModels.cnn(8, 40, 40).onnx();
        assertThatThrownBy(() -> new OnnxImageEncoder("x", nchw, SMALL.withLayout(Layout.NHWC), 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[N, 3, 40, 40]").hasMessageContaining("looks NCHW");
        // a fixed input size other than the preprocessing's
        assertThatThrownBy(() -> new OnnxImageEncoder("x", TinyOnnxModels.cnn(8, 32, 32).onnx(), SMALL, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[N, 3, 32, 32]").hasMessageContaining("[N, 3, 40, 40]");
    }

    @Test
    void unreadableModelsAreIoErrors() throws Exception {
        Path missing = dir.resolve("missing.onnx");
        assertThatThrownBy(() -> new OnnxImageEncoder("x", missing, SMALL, 2, 1))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.onnx");
        Path garbage = dir.resolve("garbage.onnx");
        Files.writeString(garbage, "this is not a model");
        assertThatThrownBy(() -> new OnnxImageEncoder("x", garbage, SMALL, 2, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("garbage.onnx");
        assertThatThrownBy(() -> new OnnxImageEncoder("x", new byte[] {1, 2, 3}, SMALL, 2, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("in-memory model (3 bytes)");
    }

    @Test
    void invalidArgumentsAreRefused() {
        byte[] model = TinyOnnxModels.cnn(9, 40, 40).onnx();
        assertThatThrownBy(() -> new OnnxImageEncoder(" ", model, SMALL, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> new OnnxImageEncoder("x", model, SMALL, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize").hasMessageContaining("0");
        assertThatThrownBy(() -> new OnnxImageEncoder("x", model, SMALL, 2, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intraOpThreads")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new OnnxImageEncoder("x", model, null, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("preprocessing");
        assertThatThrownBy(() -> new OnnxImageEncoder("x", new byte[0], SMALL, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void nullPicturesAreRefusedAndAClosedEncoderRefusesWork() throws Exception {
        OnnxImageEncoder e = new OnnxImageEncoder("x", TinyOnnxModels.cnn(10, 40, 40).onnx(), SMALL, 2, 1);
        List<BufferedImage> withNull = new ArrayList<>(pictures(2));
        withNull.add(null);
        assertThatThrownBy(() -> e.embedAll(withNull)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image 2 of 3");
        e.close();
        e.close();
        assertThatThrownBy(() -> e.embed(pictures(1).get(0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void poolingReadsEachOutputLayout() {
        // item 1 of a batch of 2, 2 channels, 2x2 spatial; channel 0 values 1..4, channel 1 values 10..40
        float[] nchw = new float[16];
        float[] nhwc = new float[16];
        for (int p = 0; p < 4; p++) {
            nchw[8 + p] = p + 1;
            nchw[8 + 4 + p] = 10 * (p + 1);
            nhwc[8 + 2 * p] = p + 1;
            nhwc[8 + 2 * p + 1] = 10 * (p + 1);
        }
        long[] shape = {2, 2, 2, 2};
        assertThat(OnnxImageEncoder.pool(FloatBuffer.wrap(nchw), 1, shape, Layout.NCHW, TokenPooling.CLS))
                .containsExactly(2.5f, 25f);
        assertThat(OnnxImageEncoder.pool(FloatBuffer.wrap(nhwc), 1, shape, Layout.NHWC, TokenPooling.CLS))
                .containsExactly(2.5f, 25f);
        // [N=1, T=3, D=2] tokens
        float[] tokens = {1, 2, 3, 4, 5, 9};
        long[] tokenShape = {1, 3, 2};
        assertThat(OnnxImageEncoder.pool(FloatBuffer.wrap(tokens), 0, tokenShape, Layout.NCHW, TokenPooling.CLS))
                .containsExactly(1f, 2f);
        assertThat(OnnxImageEncoder.pool(FloatBuffer.wrap(tokens), 0, tokenShape, Layout.NCHW, TokenPooling.MEAN))
                .containsExactly(3f, 5f);
        assertThat(OnnxImageEncoder.pool(FloatBuffer.wrap(tokens), 2, new long[] {3, 2}, Layout.NCHW, TokenPooling.CLS))
                .containsExactly(5f, 9f);
    }
}
