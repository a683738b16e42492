package dev.lookalike.encoder;

import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelRegistry;
import dev.lookalike.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-backed encoders from a cache folder filled by hand (a copied cache: pinned files are verified on load, no
 * download needed) pass the encoder contract.
 */
class ModelBackedEncoderConformanceTest {

    @TempDir
    static Path dir;
    static ModelCache cache;

    @BeforeAll
    static void fillTheCache() throws Exception {
        ModelSpec clip = TinyModelRegistry.tinyClip(TinyModelRegistry.CLIP_DIM);
        Path root = dir.resolve("cache/tiny-clip");
        Files.createDirectories(root.resolve("onnx"));
        Files.write(root.resolve("onnx/vision_model.onnx"), TinyModelRegistry.VISION.onnx());
        Files.write(root.resolve("onnx/text_model.onnx"), TinyModelRegistry.TEXT.onnx());
        Files.write(root.resolve("tokenizer.json"),
                TinyModelRegistry.bytes(TinyModelRegistry.CLIP_TOKENIZER.json()));
        cache = ModelCache.open(dir.resolve("cache"), ModelRegistry.of(List.of(clip)));
    }

    @Nested
    class Image extends EncoderConformanceTest<java.awt.image.BufferedImage> {
        @Override
        protected Encoder<java.awt.image.BufferedImage> encoder() {
            return Encoders.image("tiny-clip-image", cache);
        }

        @Override
        protected List<java.awt.image.BufferedImage> distinctInputs() {
            return ModelBackedEncodersTest.pictures();
        }
    }

    @Nested
    class Text extends EncoderConformanceTest<String> {
        @Override
        protected Encoder<String> encoder() {
            return Encoders.text("tiny-clip-text", cache);
        }

        @Override
        protected List<String> distinctInputs() {
            return List.of("a photo of a red shirt", "blue dress", "reds");
        }
    }
}
