package dev.lookalike.encoder;

import java.util.List;

/**
 * Turns inputs into vectors. "Higher dot product is more similar": every returned vector is L2-normalised
 * (or all zeros when the input carries no signal) and has exactly {@link #dimension()} components.
 *
 * <p>Implementations are thread-safe unless their Javadoc says otherwise.
 *
 * @param <T> the input type
 */
public interface Encoder<T> {

    /**
     * Stable identifier of the model and its version, e.g. {@code descriptor-v2}. It is stored with an index,
     * and an index refuses to open with an encoder of another id.
     */
    String id();

    /** Length of every vector this encoder returns. */
    int dimension();

    /** One vector per input, in input order. */
    List<float[]> embedAll(List<T> inputs);

    /**
     * The embedding space this encoder shares with encoders of other inputs (e.g. {@code clip-vit-b32} for both CLIP
     * towers: a text's vector can then be compared with a picture's), or {@code null} when it shares none.
     */
    default String space() {
        return null;
    }

    default float[] embed(T input) {
        return embedAll(List.of(input)).get(0);
    }
}
