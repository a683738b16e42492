/**
 * Model cards: a small versioned JSON file next to a user's own ONNX image model that says which file it is (with
 * its SHA-256), how pictures become its input and how its output becomes one vector
 * ({@link dev.lookalike.model.card.ModelCard}; the format is in {@code docs/model-card.md}). The encoder package
 * turns a card into an encoder ({@code Encoders.image("onnx:" + path)}); nothing here runs a model.
 */
package dev.lookalike.model.card;
