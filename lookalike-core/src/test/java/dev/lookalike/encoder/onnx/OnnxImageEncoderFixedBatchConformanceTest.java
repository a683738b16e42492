package dev.lookalike.encoder.onnx;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.EncoderConformanceTest;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tiny CNN with a fixed batch of 1: pictures run one by one. */
class OnnxImageEncoderFixedBatchConformanceTest extends EncoderConformanceTest<BufferedImage> {

    private static OnnxImageEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = new OnnxImageEncoder("tiny-cnn-b1",
                TinyOnnxModels.cnn(24, 64, 64, ImagePreprocessing.Layout.NCHW, 1).onnx(),
                ImagePreprocessing.resnet50().withSize(64, 64)
                        .withResize(ImagePreprocessing.Resize.shorterSideThenCenterCrop(72)), 8, 1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Override
    protected Encoder<BufferedImage> encoder() {
        return encoder;
    }

    @Override
    protected List<BufferedImage> distinctInputs() {
        return OnnxTestImages.distinct();
    }
}
