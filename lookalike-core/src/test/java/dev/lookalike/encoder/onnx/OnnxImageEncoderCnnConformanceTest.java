package dev.lookalike.encoder.onnx;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.EncoderConformanceTest;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tiny CNN (4-D output, average-pooled) at 224x224 with the ResNet-50 preprocessing. */
class OnnxImageEncoderCnnConformanceTest extends EncoderConformanceTest<BufferedImage> {

    private static OnnxImageEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = new OnnxImageEncoder("tiny-cnn", TinyOnnxModels.cnn(21, 224, 224).onnx(),
                ImagePreprocessing.resnet50(), 3, 1);
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
