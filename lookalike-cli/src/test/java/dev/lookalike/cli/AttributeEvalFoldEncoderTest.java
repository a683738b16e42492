package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attribute-eval --fold-image-encoder 'descriptor-v2+onnx:DIR/fold{fold}.json'}: each outer fold is encoded
 * by its own model (beside the descriptor), and the calibration is said to come from the other folds.
 */
class AttributeEvalFoldEncoderTest {

    @TempDir
    Path dir;

    @Test
    void eachOuterFoldIsEncodedByItsOwnModel() throws Exception {
        DemoCatalog demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(60).withSeed(9));
        Path models = Files.createDirectories(dir.resolve("models"));
        for (int f = 0; f < 2; f++) {
            byte[] onnx = dev.lookalike.encoder.onnx.TinyOnnxModels.pooled(50 + f, 80, 60, Layout.NCHW, false).onnx();
            Files.write(models.resolve("fold" + f + ".onnx"), onnx);
            Files.writeString(models.resolve("fold" + f + ".json"), """
                    {"format": 1, "kind": "image", "file": "fold%d.onnx", "sha256": "%s",
                     "input": {"width": 60, "height": 80, "resize": "stretch", "interpolation": "bilinear",
                               "pixelScale": "zero-to-one", "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25],
                               "channelOrder": "RGB", "layout": "NCHW"},
                     "output": "embedding"}
                    """.formatted(f, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx))));
        }
        String template = "descriptor-v2+onnx:" + models.resolve("fold{fold}.json");
        String out = stdoutOf("attribute-eval", "--catalog", demo.catalogFile().toString(), "--attribute", "type",
                "--folds", "2", "--inner-folds", "2", "--projection", "none",
                "--fold-image-encoder", template, "--model-cache", dir.resolve("cache").toString());

        int dims = new dev.lookalike.encoder.ProductImageDescriptor().dimension() + 16;
        for (int f = 0; f < 2; f++) {
            assertThat(out).contains("image encoder descriptor-v2+onnx:" + models.resolve("fold" + f + ".json").toAbsolutePath()
                    + " (" + dims + " dims)");
        }
        assertThat(out).doesNotContain("image encoder descriptor-v2 (")
                .contains("type, projection none: accuracy")
                .contains("calibrated confidence (isotonic on the other outer folds' held-out predictions)")
                .as("no mislabel run by default: the fold encoders saw the labels before injection")
                .doesNotContain("Mislabels, projection");

        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(LookalikeCli.run("attribute-eval", "--catalog", demo.catalogFile().toString(), "--attribute", "type",
                    "--inject-errors", "0.05", "--fold-image-encoder", template)).isNotZero();
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("--inject-errors 0.05 with --fold-image-encoder").contains("use 0");
    }

    @Test
    void aTemplateWithoutFoldIsRefused() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(LookalikeCli.run("attribute-eval", "--catalog", dir.toString(), "--attribute", "type",
                    "--fold-image-encoder", "descriptor-v2")).isNotZero();
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("--fold-image-encoder must contain {fold}, got 'descriptor-v2'");
    }

    private static String stdoutOf(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(LookalikeCli.run(args)).isZero();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
