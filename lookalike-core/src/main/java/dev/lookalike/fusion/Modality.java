package dev.lookalike.fusion;

/** The kinds of product data that become vectors. */
public enum Modality {
    IMAGE, TEXT, ATTRIBUTES
}
