package dev.lookalike.cli;

import dev.lookalike.encoder.Encoders;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.model.ModelCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --image-encoder}, {@code --text-encoder} and {@code --model-cache}: which encoders a new index is built
 * with. An existing index keeps the encoders it was built with (its manifest); asking for others is an error.
 */
final class EncoderOptions {

    @Option(names = "--image-encoder", paramLabel = "ID",
            description = "Image encoder: descriptor-v2 (default, built in), clip-vit-b32-image, resnet50 or "
                    + "inception-v3 (run 'lookalike models pull' first), or your own ONNX model: onnx:PATH/TO/card.json "
                    + "(docs/model-card.md); several joined by '+' are used side by side (descriptor-v2+onnx:card.json). "
                    + "Ingest: a new index only; an existing index keeps its own.")
    String imageEncoder;

    @Option(names = "--text-encoder", paramLabel = "ID",
            description = "Text encoder: all-minilm-l6-v2-q (default, bundled), all-minilm-l6-v2 or clip-vit-b32-text "
                    + "(pull first). Ingest: a new index only; an existing index keeps its own.")
    String textEncoder;

    @Mixin
    ModelCacheOption models = new ModelCacheOption();

    ModelCache cache() {
        return models.cache();
    }

    /** Settings for a new index: the asked-for encoders (or the defaults) and their dimensions. */
    FusionSettings settingsForNewIndex(ModelCache cache) {
        FusionSettings d = Encoders.defaultSettings();
        return Encoders.settings(imageEncoder != null ? imageEncoder : d.imageEncoder(),
                textEncoder != null ? textEncoder : d.textEncoder(), cache);
    }

    /**
     * @throws IllegalArgumentException naming both encoders when the index was built with another encoder than one
     *                                  asked for
     */
    void requireMatches(FusionSettings existing, String index) {
        List<String> mismatches = new ArrayList<>();
        if (imageEncoder != null && !Encoders.normalizeImageId(imageEncoder).equals(existing.imageEncoder())) {
            mismatches.add("image encoder " + existing.imageEncoder() + ", not " + imageEncoder + " (--image-encoder)");
        }
        if (textEncoder != null && !textEncoder.equals(existing.textEncoder())) {
            mismatches.add("text encoder " + existing.textEncoder() + ", not " + textEncoder + " (--text-encoder)");
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException(index + " was built with " + String.join(" and ", mismatches)
                    + "; an index keeps the encoders it was created with: ingest into a new --index to use others");
        }
    }

    /** One line for the console: the encoders and whether text can search pictures. */
    static String describe(FusionSettings s) {
        String line = "Encoders: image " + s.imageEncoder() + " (" + s.imageDimension() + "-d), text " + s.textEncoder()
                + " (" + s.textDimension() + "-d)";
        if (Encoders.sharesImageSpace(s.imageEncoder(), s.textEncoder())) {
            line += "; text and pictures share one embedding space (text queries can search pictures)";
        }
        return line;
    }
}
