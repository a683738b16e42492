package dev.lookalike.projection;

/**
 * A fitted map from an encoder's vectors ({@link #inputDimension()} components) to fewer dimensions
 * ({@link #outputDimension()}). Products and queries go through the same projection, so similarities stay comparable.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Projection {

    /** How it was fitted: {@code pca} or {@code lda}. */
    String kind();

    /**
     * Identifier of this very projection: the kind and a hash of its dimensions, mean and matrix
     * (e.g. {@code pca-3f9a0c12d4e5b687}). Two projections with the same id map every vector the same way.
     */
    String id();

    /** Human-readable account of the fit (options, sample size), stored with it; may be empty. */
    String description();

    int inputDimension();

    int outputDimension();

    /**
     * The projected vector, L2-normalised: a new array of {@link #outputDimension()} components. An all-zero input
     * (an encoder's "no signal") gives an all-zero output.
     *
     * @throws IllegalArgumentException when the vector is null, of another length than {@link #inputDimension()},
     *                                  or has a non-finite component
     */
    float[] apply(float[] vector);

    /** What an index records about this projection. */
    default ProjectionDescriptor descriptor() {
        return new ProjectionDescriptor(kind(), id(), inputDimension(), outputDimension());
    }
}
