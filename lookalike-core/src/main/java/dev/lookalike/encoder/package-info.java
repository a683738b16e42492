/**
 * Encoders: images, text and attributes to vectors. Each implements {@link dev.lookalike.encoder.Encoder};
 * the test-jar's {@code EncoderConformanceTest} is the contract every implementation passes.
 */
package dev.lookalike.encoder;
