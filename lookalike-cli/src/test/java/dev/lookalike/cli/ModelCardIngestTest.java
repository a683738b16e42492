package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import dev.lookalike.encoder.onnx.TinyOnnxModels;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.fusion.Modality;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelRegistry;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import java.awt.image.BufferedImage;
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
 * {@code ingest --image-encoder onnx:card.json}: the index stores the card's absolute path as its image encoder,
 * holds the card model's vectors, reopens with it (serve, similar, a second ingest), and names the card when it is
 * gone.
 */
class ModelCardIngestTest {

    @TempDir
    Path dir;

    @Test
    void anIndexBuiltWithAModelCardReopensWithItsModel() throws Exception {
        DemoCatalog demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(24).withSeed(5));
        byte[] onnx = TinyOnnxModels.pooled(41, 80, 60, Layout.NCHW, false).onnx();
        Path models = Files.createDirectories(dir.resolve("my-models"));
        Files.write(models.resolve("fold0.onnx"), onnx);
        Path card = Files.writeString(models.resolve("card.json"), """
                {"format": 1, "kind": "image", "file": "fold0.onnx", "sha256": "%s", "dimension": 16,
                 "input": {"width": 60, "height": 80, "resize": "stretch", "interpolation": "bilinear",
                           "pixelScale": "zero-to-one", "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25],
                           "channelOrder": "RGB", "layout": "NCHW"},
                 "output": "embedding"}
                """.formatted(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx))));
        Path index = dir.resolve("index");
        String cache = dir.resolve("cache").toString();
        String id = "onnx:" + card.toAbsolutePath().normalize();

        assertThat(LookalikeCli.run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString(),
                "--image-encoder", "onnx:" + models.resolve("../my-models/card.json"), "--model-cache", cache)).isZero();

        ModelCache modelCache = ModelCache.open(dir.resolve("cache"), ModelRegistry.builtIn());
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.openExisting(index),
                modelCache)) {
            assertThat(open.engine().store().settings().imageEncoder()).isEqualTo(id);
            assertThat(open.engine().store().settings().imageDimension()).isEqualTo(16);
            assertThat(open.engine().store().count()).isEqualTo(24);
            Encoder<BufferedImage> encoder = Encoders.image(id, modelCache);
            for (Product p : demo.products().subList(0, 3)) {
                IndexedProduct stored = open.engine().store().get(p.id()).orElseThrow();
                Product read = open.engine().product(p.id()).orElseThrow();
                float[] picture = encoder.embed(open.images().load(read.images().get(0)));
                assertThat(stored.vectors().part(Modality.IMAGE).orElseThrow()).containsExactly(picture, within(1e-5f));
            }
            assertThat(open.engine().similar(new SimilarRequest(demo.products().get(0).id(), 5, ProductFilter.NONE))
                    .hits()).hasSize(5);
        }
        String anchor = demo.products().get(0).id();
        assertThat(LookalikeCli.run("similar", "--index", index.toString(), "--id", anchor, "--k", "3")).isZero();
        // the same card under another spelling is the same encoder; another encoder is refused
        assertThat(LookalikeCli.run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString(),
                "--image-encoder", "onnx:" + card, "--model-cache", cache)).isZero();
        assertThat(stderrOf("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString(),
                "--image-encoder", "descriptor-v2")).contains("was built with image encoder " + id);

        Files.move(card, models.resolve("moved.json"));
        assertThat(stderrOf("similar", "--index", index.toString(), "--id", anchor))
                .contains("no such model card " + card.toAbsolutePath().normalize());
    }

    /** Runs a command that must fail (exit code 1) and returns what it wrote to standard error. */
    private static String stderrOf(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(LookalikeCli.run(args)).isEqualTo(1);
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
