package dev.lookalike.encoder.onnx;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.EncoderConformanceTest;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tiny CNN with an NHWC input (Transpose first), Inception-style preprocessing. */
class OnnxImageEncoderNhwcConformanceTest extends EncoderConformanceTest<BufferedImage> {

    private static OnnxImageEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = new OnnxImageEncoder("tiny-cnn-nhwc",
                TinyOnnxModels.cnn(23, 75, 75, ImagePreprocessing.Layout.NHWC, "N").onnx(),
                ImagePreprocessing.inceptionV3().withSize(75, 75).withFeatureLayout(ImagePreprocessing.Layout.NCHW), 4, 1);
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
