package dev.lookalike.fusion;

import dev.lookalike.encoder.VectorMath;
import java.util.Map;

/** Weighted concatenation of per-modality vectors, as {@link FusionSettings} defines it. Stateless. */
public final class Fusion {

    private Fusion() {
    }

    /**
     * The fused vector of the given parts, or {@code null} when no weighted part has any signal.
     * Missing parts count as zero.
     */
    public static float[] fuse(FusionSettings settings, Map<Modality, float[]> parts) {
        float[] out = new float[settings.fusedDimension()];
        boolean any = false;
        for (Map.Entry<Modality, float[]> e : parts.entrySet()) {
            Modality m = e.getKey();
            float[] v = e.getValue();
            if (v.length != settings.dimension(m)) {
                throw new IllegalArgumentException(m + " vector must have " + settings.dimension(m) + " components, got " + v.length);
            }
            float w = settings.weight(m);
            int offset = settings.offset(m);
            for (int i = 0; i < v.length; i++) {
                out[offset + i] = w * v[i];
                any |= out[offset + i] != 0;
            }
        }
        return any ? VectorMath.normalizeInPlace(out) : null;
    }
}
