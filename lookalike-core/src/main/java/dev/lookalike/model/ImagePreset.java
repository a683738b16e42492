package dev.lookalike.model;

/**
 * How pictures are prepared for an image model; the encoder package maps each to its {@code ImagePreprocessing}
 * preset (where the numbers and their sources are).
 */
public enum ImagePreset {
    /** OpenAI CLIP ViT-B/32: bicubic resize of the shorter side to 224, centre crop, CLIP mean/std, NCHW. */
    CLIP_VIT_B32,
    /** torchvision ResNet-50: bilinear resize of the shorter side to 256, centre crop 224, ImageNet mean/std, NCHW. */
    RESNET50,
    /** Keras Inception V3: stretched to 299x299, scaled to [-1, 1], NHWC. */
    INCEPTION_V3
}
