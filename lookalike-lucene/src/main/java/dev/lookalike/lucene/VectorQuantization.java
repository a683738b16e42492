package dev.lookalike.lucene;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the HNSW graph of the fused vector field compares vectors: on the float32 vectors ({@link #NONE}), or on scalar
 * quantized copies of them ({@link #INT8}: one byte per component, {@link #INT4}: half a byte), through Lucene's
 * {@code Lucene104HnswScalarQuantizedVectorsFormat}. Lucene keeps the float32 vectors beside the quantized ones, so
 * results are re-ranked exactly: the store collects its candidates by the quantized scores and orders them by the
 * exact ones. Chosen when an index is created and recorded in its manifest ({@code vector_quantization}).
 */
public enum VectorQuantization {
    NONE("none"),
    INT8("int8"),
    INT4("int4");

    private final String id;

    VectorQuantization(String id) {
        this.id = id;
    }

    /** The name used on the command line and in the manifest. */
    public String id() {
        return id;
    }

    /**
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static VectorQuantization parse(String id) {
        for (VectorQuantization q : values()) {
            if (q.id.equals(id == null ? null : id.trim().toLowerCase(Locale.ROOT))) {
                return q;
            }
        }
        throw new IllegalArgumentException("vector quantization must be one of "
                + Arrays.stream(values()).map(VectorQuantization::id).collect(Collectors.joining(", ")) + ", got '" + id + "'");
    }

    @Override
    public String toString() {
        return id;
    }
}
