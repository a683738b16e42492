package dev.lookalike.model;

import java.io.IOException;

/**
 * A model file could not be fetched, or what was fetched was refused (checksum, size, unpinned). The message names
 * the model, the file and the URL; nothing of the failed file is left in the cache.
 */
public class ModelDownloadException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelDownloadException(String message) {
        super(message);
    }

    public ModelDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
