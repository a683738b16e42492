package dev.lookalike.encoder;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tiny float BERT-like model, batched. */
class OnnxSentenceEncoderConformanceTest extends EncoderConformanceTest<String> {

    private static OnnxSentenceEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = OnnxSentenceEncoderTest.encoder(OnnxSentenceEncoderTest.model(),
                OnnxSentenceEncoder.Options.defaults().withQuantized(false).withBatchSize(2));
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
        return List.of("red striped cotton shirts", "black leather boots", "blue denim jeans", "a");
    }
}
