package dev.lookalike.encoder.onnx;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.EncoderConformanceTest;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pooled model ([N, 16] output) with CLIP normalisation, padded to a square. */
class OnnxImageEncoderPooledConformanceTest extends EncoderConformanceTest<BufferedImage> {

    private static OnnxImageEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = new OnnxImageEncoder("tiny-pooled",
                TinyOnnxModels.pooled(22, 64, 64, ImagePreprocessing.Layout.NCHW, false).onnx(),
                ImagePreprocessing.clipVitB32().withSize(64, 64)
                        .withResize(ImagePreprocessing.Resize.padToSquare(0xFFFFFF)), 2, 1);
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
