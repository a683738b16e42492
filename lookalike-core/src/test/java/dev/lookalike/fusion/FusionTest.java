package dev.lookalike.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.VectorMath;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionTest {

    private final FusionSettings settings = new FusionSettings(1f, 0.5f, 0f, "img", 2, "txt", 2, 8, List.of());

    @Test
    void fusedDotProductIsTheWeightedSumOfModalityCosines() {
        Map<Modality, float[]> a = parts(new float[] {1, 0}, new float[] {1, 0});
        Map<Modality, float[]> b = parts(new float[] {0, 1}, new float[] {1, 0});
        float[] fa = Fusion.fuse(settings, a);
        float[] fb = Fusion.fuse(settings, b);
        // image cosine 0, text cosine 1: (1*1*0 + 0.5*0.5*1) / (1 + 0.25)
        assertThat(VectorMath.dot(fa, fb)).isCloseTo(0.25f / 1.25f, within(1e-6f));
        assertThat(VectorMath.norm(fa)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void missingModalitiesCountAsZeroAndNothingGivesNull() {
        Map<Modality, float[]> textOnly = new EnumMap<>(Modality.class);
        textOnly.put(Modality.TEXT, new float[] {0, 1});
        float[] f = Fusion.fuse(settings, textOnly);
        assertThat(f).containsExactly(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(Fusion.fuse(settings, Map.of())).isNull();
    }

    @Test
    void wrongLengthIsRejectedWithTheLength() {
        assertThatThrownBy(() -> Fusion.fuse(settings, Map.of(Modality.IMAGE, new float[3])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IMAGE").hasMessageContaining("3");
    }

    @Test
    void settingsValidateWeights() {
        assertThatThrownBy(() -> new FusionSettings(-1f, 1f, 1f, "i", 1, "t", 1, 8, List.of()))
                .hasMessageContaining("imageWeight").hasMessageContaining("-1");
        assertThatThrownBy(() -> new FusionSettings(0f, 0f, 0f, "i", 1, "t", 1, 8, List.of()))
                .hasMessageContaining("at least one");
        assertThat(settings.offset(Modality.ATTRIBUTES)).isEqualTo(4);
        assertThat(settings.fusedDimension()).isEqualTo(12);
    }

    private static Map<Modality, float[]> parts(float[] image, float[] text) {
        Map<Modality, float[]> m = new EnumMap<>(Modality.class);
        m.put(Modality.IMAGE, image);
        m.put(Modality.TEXT, text);
        return m;
    }
}
