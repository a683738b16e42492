package dev.lookalike.encoder.onnx;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.EncoderConformanceTest;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ViT-like token model ([N, T, D] output), mean of the tokens. */
class OnnxImageEncoderTokensConformanceTest extends EncoderConformanceTest<BufferedImage> {

    private static OnnxImageEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = new OnnxImageEncoder("tiny-vit",
                TinyOnnxModels.tokens(25, 64, 16, 24).onnx(),
                ImagePreprocessing.clipVitB32().withSize(64, 64)
                        .withResize(ImagePreprocessing.Resize.shorterSideThenCenterCrop(64))
                        .withTokenPooling(ImagePreprocessing.TokenPooling.MEAN), 4, 1);
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
