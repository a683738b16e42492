package dev.lookalike.encoder;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several encoders of one input side by side: each part's unit vector, scaled by {@code 1 / sqrt(parts)}, laid end to
 * end, so that the whole is unit length and its dot product is the mean of the parts' cosines. Used to pair the
 * training-free descriptor with a learned model ({@code descriptor-v2+onnx:card.json}): a catalog-tuned projection
 * fitted on the pair draws on both. A part that gives an all-zero vector (no signal) contributes zeros, and the rest
 * is normalised again. Thread-safe when its parts are.
 */
final class ConcatenatedEncoder<T> implements Encoder<T> {

    /** Separates the parts' ids in a concatenation's id. */
    static final String SEPARATOR = "+";

    private final List<Encoder<T>> parts;
    private final String id;
    private final int dimension;

    ConcatenatedEncoder(List<Encoder<T>> parts) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("a concatenation needs at least 2 encoders, got " + parts.size());
        }
        this.parts = List.copyOf(parts);
        this.id = parts.stream().map(Encoder::id).collect(Collectors.joining(SEPARATOR));
        this.dimension = parts.stream().mapToInt(Encoder::dimension).sum();
    }

    List<Encoder<T>> parts() {
        return parts;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embedAll(List<T> inputs) {
        List<List<float[]>> byPart = new ArrayList<>(parts.size());
        for (Encoder<T> part : parts) {
            byPart.add(part.embedAll(inputs));
        }
        float scale = (float) (1 / Math.sqrt(parts.size()));
        List<float[]> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            float[] v = new float[dimension];
            int at = 0;
            boolean missingPart = false;
            for (int p = 0; p < parts.size(); p++) {
                float[] x = byPart.get(p).get(i);
                boolean zero = true;
                for (int d = 0; d < x.length; d++) {
                    v[at + d] = x[d] * scale;
                    zero &= x[d] == 0;
                }
                missingPart |= zero;
                at += x.length;
            }
            out.add(missingPart ? VectorMath.normalizeInPlace(v) : v);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ConcatenatedEncoder[" + id + "]";
    }
}
