package dev.lookalike.fusion;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A product's per-modality vectors and their fusion. A modality the product lacks (no loadable image, no text) is
 * absent; {@code fused} is absent only when every modality is. Arrays are copied in and out.
 */
public record ProductVectors(Map<Modality, float[]> parts, float[] fused) {

    public ProductVectors {
        EnumMap<Modality, float[]> copy = new EnumMap<>(Modality.class);
        parts.forEach((m, v) -> copy.put(m, v.clone()));
        parts = java.util.Collections.unmodifiableMap(copy);
        fused = fused == null ? null : fused.clone();
    }

    public static final ProductVectors NONE = new ProductVectors(Map.of(), null);

    /** A copy of the modality's vector, if the product has it. */
    public Optional<float[]> part(Modality m) {
        float[] v = parts.get(m);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    @Override
    public Map<Modality, float[]> parts() {
        EnumMap<Modality, float[]> copy = new EnumMap<>(Modality.class);
        parts.forEach((m, v) -> copy.put(m, v.clone()));
        return copy;
    }

    /** A copy of the fused vector, if any. */
    public Optional<float[]> fusedVector() {
        return fused == null ? Optional.empty() : Optional.of(fused.clone());
    }

    @Override
    public float[] fused() {
        return fused == null ? null : fused.clone();
    }
}
