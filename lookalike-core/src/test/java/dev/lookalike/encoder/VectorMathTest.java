package dev.lookalike.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorMathTest {

    @Test
    void normalisesToUnitLengthAndLeavesZeroAlone() {
        assertThat(VectorMath.normalizeInPlace(new float[] {3, 0, 4})).containsExactly(0.6f, 0f, 0.8f);
        assertThat(VectorMath.normalizeInPlace(new float[] {0, 0})).containsExactly(0f, 0f);
    }

    @Test
    void tinyComponentsNormaliseWithoutOverflowingToNaN() {
        // 1 / |v| is 1e40 here, past the largest float: scaled in float it was Infinity, and 0 * Infinity NaN
        float[] v = VectorMath.normalizeInPlace(new float[] {1e-40f, 0, 1e-40f});
        assertThat(v).containsExactly(new float[] {(float) Math.sqrt(0.5), 0f, (float) Math.sqrt(0.5)}, within(1e-6f));
    }
}
