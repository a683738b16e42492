package dev.lookalike.model;

/**
 * A model an encoder needs is missing from the cache, incomplete, or fails its checksum. The message says what is
 * wrong and names the {@code lookalike models pull} command that fixes it.
 */
public final class ModelNotCachedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String model;

    ModelNotCachedException(String model, String message) {
        super(message);
        this.model = model;
    }

    /** The model's name in the registry. */
    public String model() {
        return model;
    }
}
