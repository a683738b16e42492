package dev.lookalike.model;

/**
 * Whether a model's files are in the cache, from their presence and sizes only (no hashing: checksums are verified
 * when a model is loaded or pulled).
 *
 * @param model       the model
 * @param state       see {@link State}
 * @param bytesOnDisk sum of the sizes of its files present in the cache
 */
public record ModelStatus(ModelSpec model, State state, long bytesOnDisk) {

    /** Cache state of a model. */
    public enum State {
        /**
         * Every file is present with the size recorded when it was downloaded (and the registry's size, if known), or,
         * for a pinned file copied in without the manifest, with the registry's size.
         */
        CACHED,
        /** Some files are present, some are missing. */
        PARTIAL,
        /** No file is present. */
        MISSING,
        /**
         * A present file has another size than recorded or pinned, or is unpinned and has no checksum recorded by
         * {@code pull}: pull again.
         */
        CHANGED
    }
}
