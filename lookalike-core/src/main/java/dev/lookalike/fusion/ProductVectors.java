package dev.lookalike.fusion;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A product's per-modality vectors and their fusion. A modality the product lacks (no loadable image, no text) is
 * absent; {@code fused} is absent only when every modality is. The image part is the normalised mean of the product's
 * usable pictures' vectors; {@code pictures} keeps each of those pictures' own vectors when there are at least two
 * (with one, the image part is that picture), so a query can match the product by its best picture. Arrays are copied
 * in and out.
 *
 * @param pictures the usable pictures' own image vectors, in catalog order; empty, or at least two
 */
public record ProductVectors(Map<Modality, float[]> parts, float[] fused, List<PictureVector> pictures) {

    public ProductVectors {
        EnumMap<Modality, float[]> copy = new EnumMap<>(Modality.class);
        parts.forEach((m, v) -> copy.put(m, v.clone()));
        parts = java.util.Collections.unmodifiableMap(copy);
        fused = fused == null ? null : fused.clone();
        pictures = pictures == null ? List.of() : List.copyOf(pictures);
        if (pictures.size() == 1) {
            throw new IllegalArgumentException("pictures must be empty or hold at least two, got one (picture "
                    + pictures.get(0).image() + "): a single picture is the image part itself");
        }
        if (!pictures.isEmpty() && !parts.containsKey(Modality.IMAGE)) {
            throw new IllegalArgumentException("pictures given without an image part");
        }
    }

    /** Vectors without per-picture image vectors. */
    public ProductVectors(Map<Modality, float[]> parts, float[] fused) {
        this(parts, fused, List.of());
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
