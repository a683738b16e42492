package dev.lookalike.fusion;

import dev.lookalike.projection.ProjectionDescriptor;
import java.util.List;

/**
 * How a product's vectors are made and fused; stored with an index (versioned) so that a reopened index embeds
 * queries exactly as it embedded products. Immutable.
 *
 * <p>The fused vector is {@code normalize(concat(wImage * image, wText * text, wAttributes * attributes))} where each
 * part is L2-normalised (or zero when the product lacks that modality). Its dot product with another fused vector is
 * therefore a weighted sum of per-modality cosine similarities.
 *
 * <p>With an {@code imageProjection}, the image encoder's vectors ({@link #encoderImageDimension()} components) are
 * projected (and L2-normalised) before fusion, for products and queries alike; {@code imageDimension} is then the
 * projected dimension, the image part's length in the fused vector. The projection itself is stored with the index;
 * the settings name it by its descriptor (kind, content id, dimensions).
 *
 * @param imageWeight        weight of the image part, {@code >= 0}
 * @param textWeight         weight of the text part, {@code >= 0}
 * @param attributeWeight    weight of the attribute part, {@code >= 0}
 * @param imageEncoder       id of the image encoder
 * @param imageDimension     dimension of the image part: the encoder's, or the projection's output when there is one
 * @param textEncoder        id of the text encoder
 * @param textDimension      its dimension
 * @param attributeDimension hash buckets for attributes
 * @param attributeFields    attribute names encoded; empty means all
 * @param imageProjection    the projection applied to image vectors before fusion, or {@code null} for none
 */
public record FusionSettings(
        float imageWeight,
        float textWeight,
        float attributeWeight,
        String imageEncoder,
        int imageDimension,
        String textEncoder,
        int textDimension,
        int attributeDimension,
        List<String> attributeFields,
        ProjectionDescriptor imageProjection) {

    public static final float DEFAULT_IMAGE_WEIGHT = 1.0f;
    public static final float DEFAULT_TEXT_WEIGHT = 0.6f;
    public static final float DEFAULT_ATTRIBUTE_WEIGHT = 0.4f;
    public static final int DEFAULT_ATTRIBUTE_DIMENSION = 128;

    public FusionSettings {
        requireWeight("imageWeight", imageWeight);
        requireWeight("textWeight", textWeight);
        requireWeight("attributeWeight", attributeWeight);
        if (imageWeight + textWeight + attributeWeight <= 0) {
            throw new IllegalArgumentException("at least one modality weight must be > 0");
        }
        requirePositive("imageDimension", imageDimension);
        requirePositive("textDimension", textDimension);
        requirePositive("attributeDimension", attributeDimension);
        if (imageEncoder == null || imageEncoder.isBlank() || textEncoder == null || textEncoder.isBlank()) {
            throw new IllegalArgumentException("encoder ids must be non-blank, got image=" + imageEncoder + ", text=" + textEncoder);
        }
        attributeFields = attributeFields == null ? List.of() : List.copyOf(attributeFields);
        if (imageProjection != null && imageProjection.outputDimension() != imageDimension) {
            throw new IllegalArgumentException("imageDimension must equal the image projection's output dimension "
                    + imageProjection.outputDimension() + ", got " + imageDimension);
        }
    }

    /** Settings without an image projection. */
    public FusionSettings(float imageWeight, float textWeight, float attributeWeight, String imageEncoder, int imageDimension,
                          String textEncoder, int textDimension, int attributeDimension, List<String> attributeFields) {
        this(imageWeight, textWeight, attributeWeight, imageEncoder, imageDimension, textEncoder, textDimension,
                attributeDimension, attributeFields, null);
    }

    /** Length of the image encoder's vectors: {@code imageDimension}, or the projection's input dimension. */
    public int encoderImageDimension() {
        return imageProjection == null ? imageDimension : imageProjection.inputDimension();
    }

    /**
     * These settings with the image part projected by {@code projection} (or not projected, for {@code null}).
     *
     * @throws IllegalArgumentException when the projection's input dimension is not the image encoder's dimension
     */
    public FusionSettings withImageProjection(ProjectionDescriptor projection) {
        int encoderDimension = encoderImageDimension();
        if (projection != null && projection.inputDimension() != encoderDimension) {
            throw new IllegalArgumentException("the image projection takes " + projection.inputDimension()
                    + "-dimensional vectors, the image encoder " + imageEncoder + " makes " + encoderDimension);
        }
        return new FusionSettings(imageWeight, textWeight, attributeWeight, imageEncoder,
                projection == null ? encoderDimension : projection.outputDimension(), textEncoder, textDimension,
                attributeDimension, attributeFields, projection);
    }

    public int fusedDimension() {
        return imageDimension + textDimension + attributeDimension;
    }

    public float weight(Modality m) {
        return switch (m) {
            case IMAGE -> imageWeight;
            case TEXT -> textWeight;
            case ATTRIBUTES -> attributeWeight;
        };
    }

    /** Offset of the modality's block inside the fused vector. */
    public int offset(Modality m) {
        return switch (m) {
            case IMAGE -> 0;
            case TEXT -> imageDimension;
            case ATTRIBUTES -> imageDimension + textDimension;
        };
    }

    public int dimension(Modality m) {
        return switch (m) {
            case IMAGE -> imageDimension;
            case TEXT -> textDimension;
            case ATTRIBUTES -> attributeDimension;
        };
    }

    public FusionSettings withWeights(float image, float text, float attributes) {
        return new FusionSettings(image, text, attributes, imageEncoder, imageDimension, textEncoder, textDimension,
                attributeDimension, attributeFields, imageProjection);
    }

    private static void requireWeight(String name, float w) {
        if (!Float.isFinite(w) || w < 0) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + w);
        }
    }

    private static void requirePositive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }
}
