package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import dev.lookalike.encoder.onnx.TinyOnnxModels;
import dev.lookalike.encoder.ProductImageDescriptor;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.model.HubServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lookalike models list|pull} and {@code ingest --image-encoder} with the built-in registry, against a
 * loopback server laid out like the hub. ResNet-50's file is unpinned, so a tiny model with its interface
 * ({@code [N, 3, 224, 224]} in, 2048 features out) can stand in for it through trust on first use: the whole path
 * runs for real on a tiny model.
 */
class ModelsCommandTest {

    private static final byte[] TINY_RESNET = TinyOnnxModels.pooled(5, 224, 224, Layout.NCHW, false, 2048).onnx();

    @TempDir
    static Path dir;
    static HubServer hub;
    static DemoCatalog demo;

    @BeforeAll
    static void start() throws Exception {
        hub = HubServer.start();
        hub.put(HubServer.hubPath("Qdrant/resnet50-onnx", "main", "model.onnx"), TINY_RESNET);
        hub.put(HubServer.hubPath("Xenova/clip-vit-base-patch32", "main", "onnx/vision_model.onnx"),
                "not the model".getBytes(StandardCharsets.UTF_8));
        demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(30).withSeed(3));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    /** Exit code, stdout and stderr of one command line. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = LookalikeCli.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void listShowsEachModelsEncodersKindDimensionCacheStateAndSize() {
        Run r = run("models", "list", "--cache-dir", dir.resolve("empty-cache").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern(
                "clip-vit-b32 +clip-vit-b32-image,clip-vit-b32-text +clip-image\\+clip-text +512 +missing +608\\.0 MB +pinned");
        assertThat(r.out()).containsPattern("resnet50 +resnet50 +image +2048 +missing +\\? +unpinned");
        assertThat(r.out()).containsPattern("inception-v3 +inception-v3 +image +2048 +missing +\\? +unpinned");
        assertThat(r.out()).containsPattern("all-minilm-l6-v2 +all-minilm-l6-v2 +text +384 +missing +90\\.9 MB +pinned");
        assertThat(r.out()).contains("Cache: " + dir.resolve("empty-cache"));
    }

    @Test
    void anUnpinnedModelNeedsTrustOnFirstUseThenIsCachedAndUsableByIngest() throws Exception {
        Path cache = dir.resolve("cache-tofu");
        Run refused = run("models", "pull", "resnet50", "--base-url", hub.baseUrl().toString(), "--cache-dir", cache.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("refused to pull model resnet50").contains("model.onnx has no pinned SHA-256")
                .contains("--trust-on-first-use");

        Run pulled = run("models", "pull", "resnet50", "--base-url", hub.baseUrl().toString(), "--cache-dir",
                cache.toString(), "--trust-on-first-use");
        assertThat(pulled.code()).as(pulled.err()).isZero();
        assertThat(pulled.out()).containsPattern("model\\.onnx +downloaded .*sha256:" + HubServer.sha256(TINY_RESNET)
                + " +\\(trusted on first use\\)");
        assertThat(pulled.err()).contains("Downloading model.onnx from " + hub.baseUrl()
                + "/Qdrant/resnet50-onnx/resolve/main/model.onnx");
        assertThat(Files.readAllBytes(cache.resolve("resnet50/model.onnx"))).isEqualTo(TINY_RESNET);
        assertThat(run("models", "list", "--cache-dir", cache.toString()).out())
                .containsPattern("resnet50 +resnet50 +image +2048 +cached +0\\.0 MB +unpinned");

        // eval runs the catalog through the pulled model (no index, so no dimension limit)
        Run eval = run("eval", "--catalog", demo.catalogFile().toString(), "--attribute", "colour", "--k", "3",
                "--image-encoder", "resnet50", "--model-cache", cache.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.err()).contains("Encoders: image resnet50 (2048-d), text all-minilm-l6-v2-q (384-d)");
        assertThat(eval.out()).contains("30 products").containsPattern("colour +\\d\\.\\d{4} ");

        // 2048 + 384 + 128 dimensions: above Lucene's default limit of 1024, within the index's 4096
        Path resnetIndex = dir.resolve("index-resnet");
        Run wide = run("ingest", "--catalog", demo.catalogFile().toString(), "--index", resnetIndex.toString(),
                "--image-encoder", "resnet50", "--model-cache", cache.toString());
        assertThat(wide.code()).as(wide.err()).isZero();
        try (LuceneProductStore store = LuceneProductStore.openReadOnly(resnetIndex)) {
            assertThat(store.settings().fusedDimension()).isEqualTo(2560);
            assertThat(store.count()).isEqualTo(30);
        }

        // an existing index keeps its encoders: asking for others names both
        Path index = dir.resolve("index-default");
        assertThat(run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString()).code()).isZero();
        Run mismatch = run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString(),
                "--image-encoder", "resnet50", "--model-cache", cache.toString());
        assertThat(mismatch.code()).isEqualTo(1);
        assertThat(mismatch.err()).contains("index " + index + " was built with image encoder " + ProductImageDescriptor.ID + ", not resnet50");
        try (LuceneProductStore store = LuceneProductStore.openReadOnly(index)) {
            assertThat(store.settings().imageEncoder()).isEqualTo(ProductImageDescriptor.ID);
            assertThat(store.count()).isEqualTo(30);
        }
    }

    @Test
    void aPinnedModelRefusesWhatTheServerSendsIfItIsNotTheFileAndKeepsNothing() {
        Path cache = dir.resolve("cache-clip");
        Run r = run("models", "pull", "clip-vit-b32", "--base-url", hub.baseUrl().toString(), "--cache-dir", cache.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("onnx/vision_model.onnx of model clip-vit-b32")
                .contains("announces 13 bytes").contains("the registry expects 351685709");
        assertThat(cache.resolve("clip-vit-b32")).doesNotExist();
        Run missing = run("models", "pull", "all-minilm-l6-v2", "--base-url", hub.baseUrl().toString(), "--cache-dir",
                cache.toString(), "--timeout", "5");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("HTTP 404 for " + hub.baseUrl()
                + "/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx");
        Run unknown = run("models", "pull", "vgg16", "--cache-dir", cache.toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown model 'vgg16'");
    }

    @Test
    void ingestWithAModelThatIsNotPulledNamesThePullCommandAndCreatesNoIndex() {
        Path cache = dir.resolve("cache-none");
        Path index = dir.resolve("index-none");
        Run r = run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString(),
                "--image-encoder", "clip-vit-b32-image", "--text-encoder", "clip-vit-b32-text", "--model-cache",
                cache.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("model clip-vit-b32 is not in the model cache")
                .contains("lookalike models pull clip-vit-b32 --cache-dir " + cache.toAbsolutePath());
        assertThat(index).doesNotExist();
        Run unknown = run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString(),
                "--image-encoder", "vgg16");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown image encoder 'vgg16'").contains("clip-vit-b32-image");
    }
}
