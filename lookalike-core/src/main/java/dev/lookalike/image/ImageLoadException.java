package dev.lookalike.image;

import java.io.IOException;

/** An image that could not be fetched or decoded; the message names the source and the reason. */
public class ImageLoadException extends IOException {

    public ImageLoadException(String message) {
        super(message);
    }

    public ImageLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
