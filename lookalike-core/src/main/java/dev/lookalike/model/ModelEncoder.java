package dev.lookalike.model;

import java.util.List;

/**
 * An encoder a model provides: its id (stored with an index), what it encodes, its dimension, and which of the
 * model's files it needs. A model may provide several (CLIP: an image tower and a text tower).
 */
public sealed interface ModelEncoder permits ModelEncoder.Image, ModelEncoder.Text {

    /** The encoder id, stored with an index, e.g. {@code clip-vit-b32-image}. */
    String id();

    ModelKind kind();

    /** Length of its vectors; the loaded model must give exactly this many. */
    int dimension();

    /**
     * The embedding space its vectors live in, or {@code null} when it is its own. Two encoders with the same space
     * (a CLIP model's image and text towers) give vectors that can be compared with each other.
     */
    String space();

    /** Paths (in the model) of the files it loads. */
    List<String> files();

    /** How a text model's token outputs become one vector. */
    enum Pooling {
        /** Mean of the token vectors under the attention mask (sentence-transformers' default). */
        MEAN,
        /** The first ([CLS]) token's vector. */
        CLS,
        /** The model pools itself (CLIP's {@code text_embeds}): its 2-D output is used as is. */
        MODEL
    }

    /**
     * An image encoder.
     *
     * @param modelFile the ONNX file's path in the model
     * @param preset    how pictures are prepared
     * @param output    the output to read, or {@code null} for the model's first
     */
    record Image(String id, ModelKind kind, int dimension, String modelFile, ImagePreset preset, String output,
                 String space) implements ModelEncoder {
        public Image {
            checkCommon(id, kind, dimension, space);
            if (!kind.isImage()) {
                throw new IllegalArgumentException("image encoder " + id + " must be of an image kind, got " + kind);
            }
            checkPath("modelFile", modelFile);
            if (preset == null) {
                throw new IllegalArgumentException("image encoder " + id + " needs a preprocessing preset");
            }
            checkOutput(id, output);
        }

        @Override
        public List<String> files() {
            return List.of(modelFile);
        }
    }

    /**
     * A text encoder.
     *
     * @param modelFile     the ONNX file's path in the model
     * @param tokenizerFile the {@code tokenizer.json}'s path in the model
     * @param maxTokens     longer texts are truncated to this many tokens, special tokens included
     * @param pooling       {@link Pooling#MODEL} for {@link ModelKind#CLIP_TEXT}, MEAN or CLS for {@link ModelKind#TEXT}
     * @param quantized     whether the weights are quantized with dynamic (per-batch) activation scales: such a
     *                      model runs one text per inference so that a text's vector does not depend on its batch
     * @param output        the output to read, or {@code null} for the model's first (text) or {@code text_embeds}
     *                      then {@code pooler_output} (CLIP)
     */
    record Text(String id, ModelKind kind, int dimension, String modelFile, String tokenizerFile, int maxTokens,
                Pooling pooling, boolean quantized, String output, String space) implements ModelEncoder {
        public Text {
            checkCommon(id, kind, dimension, space);
            if (kind.isImage()) {
                throw new IllegalArgumentException("text encoder " + id + " must be of a text kind, got " + kind);
            }
            checkPath("modelFile", modelFile);
            checkPath("tokenizerFile", tokenizerFile);
            if (maxTokens < 8 || maxTokens > 8192) {
                throw new IllegalArgumentException("maxTokens of " + id + " must be in [8, 8192], got " + maxTokens);
            }
            if (pooling == null || (kind == ModelKind.CLIP_TEXT) != (pooling == Pooling.MODEL)) {
                throw new IllegalArgumentException("text encoder " + id + " of kind " + kind + " cannot pool with "
                        + pooling + " (CLIP text towers pool themselves: MODEL; other text models: MEAN or CLS)");
            }
            checkOutput(id, output);
        }

        @Override
        public List<String> files() {
            return List.of(modelFile, tokenizerFile);
        }
    }

    private static void checkCommon(String id, ModelKind kind, int dimension, String space) {
        if (id == null || !Names.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("encoder id must be lower-case letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit, got '" + id + "'");
        }
        if (kind == null) {
            throw new IllegalArgumentException("encoder " + id + " needs a kind");
        }
        if (dimension <= 0 || dimension > 16_384) {
            throw new IllegalArgumentException("dimension of " + id + " must be in [1, 16384], got " + dimension);
        }
        if (space != null && !Names.ID.matcher(space).matches()) {
            throw new IllegalArgumentException("space of " + id + " must be null or an id, got '" + space + "'");
        }
    }

    private static void checkPath(String what, String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(what + " must be a file path of the model, got '" + path + "'");
        }
    }

    private static void checkOutput(String id, String output) {
        if (output != null && output.isBlank()) {
            throw new IllegalArgumentException("output of " + id + " must be null or a name, got '" + output + "'");
        }
    }
}
