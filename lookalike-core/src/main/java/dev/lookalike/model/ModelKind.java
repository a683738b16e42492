package dev.lookalike.model;

import java.util.Locale;

/** What an encoder of a model turns into vectors, and into which space. */
public enum ModelKind {
    /** Pictures, in a space of its own (a CNN's pooled features). */
    IMAGE,
    /** Text, in a space of its own (a sentence-transformer). */
    TEXT,
    /** Pictures, in a CLIP model's joint image-text space. */
    CLIP_IMAGE,
    /** Text, in a CLIP model's joint image-text space: its vectors can be compared with the image tower's. */
    CLIP_TEXT;

    /** {@code true} for {@link #IMAGE} and {@link #CLIP_IMAGE}. */
    public boolean isImage() {
        return this == IMAGE || this == CLIP_IMAGE;
    }

    /** The lower-case, hyphenated name shown by the CLI, e.g. {@code clip-image}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
