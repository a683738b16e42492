/**
 * Image encoders backed by any ONNX vision model file: {@link dev.lookalike.encoder.onnx.OnnxImageEncoder} runs the
 * model with ONNX Runtime, {@link dev.lookalike.encoder.onnx.ImagePreprocessing} says how pictures become its input
 * tensor (with presets for CLIP ViT-B/32, ResNet-50 and Inception V3) and how its output becomes one vector.
 *
 * <p>No model weights ship with Lookalike; the tests build tiny models themselves ({@code TinyOnnxModels} in the core
 * test-jar).
 */
package dev.lookalike.encoder.onnx;
