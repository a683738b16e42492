package dev.lookalike.encoder.onnx;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.EncoderConformanceTest;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The encoder of a model card (the tiny CNN, ResNet-50 preset with a padded 48x48 input) passes the contract. */
class ModelCardEncoderConformanceTest extends EncoderConformanceTest<BufferedImage> {

    @TempDir
    static Path dir;
    private static Encoder<BufferedImage> encoder;

    @BeforeAll
    static void load() throws Exception {
        byte[] onnx = TinyOnnxModels.cnn(24, 48, 48).onnx();
        Files.write(dir.resolve("cnn.onnx"), onnx);
        Path card = Files.writeString(dir.resolve("card.json"), """
                {"format": 1, "kind": "image", "file": "cnn.onnx", "sha256": "%s", "dimension": %d,
                 "preset": "resnet50", "input": {"width": 48, "height": 48, "resize": "pad-to-square", "fill": "#ffffff"}}
                """.formatted(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx)),
                TinyOnnxModels.CNN_CHANNELS));
        encoder = Encoders.image("onnx:" + card, ModelCache.open(dir.resolve("cache"), ModelRegistry.builtIn()));
    }

    @Override
    protected Encoder<BufferedImage> encoder() {
        return encoder;
    }

    @Override
    protected List<BufferedImage> distinctInputs() {
        return OnnxTestImages.distinct();
    }
}
