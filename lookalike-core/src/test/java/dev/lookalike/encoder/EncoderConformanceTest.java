package dev.lookalike.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Encoder} passes. Subclass it, give an encoder and a few distinct inputs. Shipped in the
 * core test-jar so that encoders in other modules run the same suite.
 */
public abstract class EncoderConformanceTest<T> {

    protected abstract Encoder<T> encoder();

    /** At least three inputs that should not all encode to the same vector. */
    protected abstract List<T> distinctInputs();

    @Test
    void declaresIdAndDimension() {
        assertThat(encoder().id()).isNotBlank();
        assertThat(encoder().dimension()).isPositive();
    }

    @Test
    void returnsOneUnitVectorPerInputInOrder() {
        Encoder<T> e = encoder();
        List<T> inputs = distinctInputs();
        List<float[]> out = e.embedAll(inputs);
        assertThat(out).hasSize(inputs.size());
        for (int i = 0; i < out.size(); i++) {
            float[] v = out.get(i);
            assertThat(v).hasSize(e.dimension());
            for (float x : v) {
                assertThat(Float.isFinite(x)).isTrue();
            }
            assertThat(VectorMath.norm(v)).isCloseTo(1f, within(1e-3f));
            assertThat(e.embed(inputs.get(i))).containsExactly(v, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void distinctInputsGiveDistinctVectors() {
        List<float[]> out = encoder().embedAll(distinctInputs());
        assertThat(VectorMath.dot(out.get(0), out.get(1))).isLessThan(0.9999f);
        assertThat(VectorMath.dot(out.get(0), out.get(2))).isLessThan(0.9999f);
    }

    @Test
    void isDeterministic() {
        List<float[]> a = encoder().embedAll(distinctInputs());
        List<float[]> b = encoder().embedAll(distinctInputs());
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).containsExactly(a.get(i), org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void emptyBatchGivesEmptyResult() {
        assertThat(encoder().embedAll(List.of())).isEmpty();
    }

    @Test
    void isThreadSafe() {
        Encoder<T> e = encoder();
        List<T> inputs = distinctInputs();
        List<float[]> expected = e.embedAll(inputs);
        IntStream.range(0, 16).parallel().forEach(round -> {
            int i = round % inputs.size();
            assertThat(e.embed(inputs.get(i))).containsExactly(expected.get(i), org.assertj.core.data.Offset.offset(1e-5f));
        });
    }
}
