package dev.lookalike.encoder.onnx;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.EncoderConformanceTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class ClipTextEncoderConformanceTest extends EncoderConformanceTest<String> {

    private static ClipTextEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = ClipTextEncoderTest.encoder(ClipTextEncoderTest.model(TinyOnnxModels.ClipTextOutputs.PROJECTED, false),
                77, null);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Override
    protected Encoder<String> encoder() {
        return encoder;
    }

    @Override
    protected List<String> distinctInputs() {
        return List.of("a photo of a red shirt", "blue dress", "reds");
    }
}
