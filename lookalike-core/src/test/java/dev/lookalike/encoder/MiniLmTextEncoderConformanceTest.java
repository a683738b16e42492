package dev.lookalike.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MiniLmTextEncoderConformanceTest extends EncoderConformanceTest<String> {

    private static final MiniLmTextEncoder ENCODER = new MiniLmTextEncoder();

    @Override
    protected Encoder<String> encoder() {
        return ENCODER;
    }

    @Override
    protected List<String> distinctInputs() {
        return List.of("red striped cotton shirt", "black leather ankle boots", "blue denim jeans");
    }

    @Test
    void relatedTitlesAreCloserThanUnrelatedOnes() {
        List<float[]> v = ENCODER.embedAll(List.of("red summer dress", "crimson sundress for women", "steel hammer with wooden handle"));
        assertThat(VectorMath.dot(v.get(0), v.get(1))).isGreaterThan(VectorMath.dot(v.get(0), v.get(2)) + 0.2f);
    }

    @Test
    void matchesLangchain4jsIndependentRunOfTheSameModel() {
        var reference = new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
        List<String> texts = List.of("red summer dress", "Puma Men Ferrari Track Jacket",
                "Quechua Spacious Blue-Black Backpack with two compartments, a padded back and rain cover", "shoe");
        List<float[]> ours = ENCODER.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] theirs = VectorMath.normalizeInPlace(reference.embed(texts.get(i)).content().vector());
            assertThat(VectorMath.dot(ours.get(i), theirs)).as(texts.get(i)).isGreaterThan(0.9999f);
        }
    }

    @Test
    void blankTextGivesTheZeroVector() {
        List<float[]> v = ENCODER.embedAll(java.util.Arrays.asList("", "   ", null, "shoe"));
        assertThat(VectorMath.norm(v.get(0))).isZero();
        assertThat(VectorMath.norm(v.get(1))).isZero();
        assertThat(VectorMath.norm(v.get(2))).isZero();
        assertThat(VectorMath.norm(v.get(3))).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-3f));
    }
}
