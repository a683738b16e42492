package dev.lookalike.projection;

import java.util.Locale;
import java.util.Set;

/**
 * What fusion settings (and an index manifest) record about a projection: enough to check that a loaded projection
 * file is the one the index was built with. Immutable.
 *
 * @param kind            {@code pca} or {@code lda}
 * @param id              the projection's {@link Projection#id() id}
 * @param inputDimension  the encoder's dimension
 * @param outputDimension the projected dimension
 */
public record ProjectionDescriptor(String kind, String id, int inputDimension, int outputDimension) {

    /** The kinds this build reads. */
    public static final Set<String> KINDS = Set.of("pca", "lda");
    /** Largest input or output dimension a projection may have. */
    public static final int MAX_DIMENSION = 65_536;

    public ProjectionDescriptor {
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("projection kind must be one of " + KINDS + ", got " + kind);
        }
        if (id == null || !id.startsWith(kind + "-")) {
            throw new IllegalArgumentException("projection id must start with '" + kind + "-', got " + id);
        }
        if (inputDimension < 1 || outputDimension < 1 || inputDimension > MAX_DIMENSION || outputDimension > MAX_DIMENSION) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "projection dimensions must be between 1 and %d, got input=%d, output=%d", MAX_DIMENSION,
                    inputDimension, outputDimension));
        }
    }
}
