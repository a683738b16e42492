package dev.lookalike.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.onnx.TextReferences;
import dev.lookalike.encoder.onnx.TinyOnnxModels;
import dev.lookalike.encoder.onnx.TinyTokenizers;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.model.HubServer;
import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelNotCachedException;
import dev.lookalike.model.ModelRegistry;
import dev.lookalike.model.ModelSpec;
import dev.lookalike.model.PullOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: tiny ONNX models and tokenizer.json files built here, served from a loopback server laid out like
 * the hub, pulled through the real downloader against registry entries carrying their SHA-256, loaded through
 * {@link Encoders} by id, run, and compared with plain-Java references of the same weights.
 */
class ModelBackedEncodersTest {

    static final int CLIP_DIM = TinyModelRegistry.CLIP_DIM;
    static final TinyTokenizers.Clip CLIP_TOKENIZER = TinyModelRegistry.CLIP_TOKENIZER;
    static final TinyTokenizers.Bert BERT_TOKENIZER = TinyModelRegistry.BERT_TOKENIZER;
    static final TinyOnnxModels.MatMulModel VISION = TinyModelRegistry.VISION;
    static final TinyOnnxModels.ClipTextModel TEXT = TinyModelRegistry.TEXT;
    static final TinyOnnxModels.TextModel BERT = TinyModelRegistry.BERT;
    static final double[] CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
    static final double[] CLIP_STD = {0.26862954, 0.26130258, 0.27577711};

    @TempDir
    static Path dir;
    static HubServer hub;
    static ModelRegistry registry;
    static ModelCache cache;

    static ModelSpec tinyClip(int imageDimension) {
        return TinyModelRegistry.tinyClip(imageDimension);
    }

    static PullOptions options() {
        return PullOptions.defaults().withBaseUrl(hub.baseUrl()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @BeforeAll
    static void pullTheTinyModels() throws Exception {
        hub = TinyModelRegistry.serve(HubServer.start());
        registry = TinyModelRegistry.registry();
        cache = ModelCache.open(dir.resolve("cache"), registry);
        cache.pull("tiny-clip", options());
        cache.pull("tiny-bert", options());
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    /** 224x224 noise around a colour: each channel is its base value plus 0 to 63. */
    static BufferedImage picture(long seed, int red, int green, int blue) {
        BufferedImage img = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                img.setRGB(x, y, ((red + r.nextInt(64)) << 16) | ((green + r.nextInt(64)) << 8) | (blue + r.nextInt(64)));
            }
        }
        return img;
    }

    static List<BufferedImage> pictures() {
        return List.of(picture(1, 190, 20, 10), picture(2, 10, 170, 40), picture(3, 30, 60, 190));
    }

    /** The tiny vision model on a 224x224 picture (nothing to resize or crop): CLIP-normalised channel means · W. */
    static float[] visionReference(BufferedImage img) {
        double[] means = new double[3];
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                int p = img.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int v = (p >> (16 - 8 * c)) & 0xff;
                    means[c] += ((v / 255.0) - CLIP_MEAN[c]) / CLIP_STD[c] / (224 * 224);
                }
            }
        }
        float[] w = VISION.weight();
        double[] out = new double[CLIP_DIM];
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < CLIP_DIM; j++) {
                out[j] += means[c] * w[c * CLIP_DIM + j];
            }
        }
        float[] f = new float[CLIP_DIM];
        for (int j = 0; j < CLIP_DIM; j++) {
            f[j] = (float) out[j];
        }
        return VectorMath.normalizeInPlace(f);
    }

    @Test
    void theClipImageTowerGivesItsImageEmbedsForPictures() {
        Encoder<BufferedImage> image = Encoders.image("tiny-clip-image", cache);
        assertThat(image.id()).isEqualTo("tiny-clip-image");
        assertThat(image.dimension()).isEqualTo(CLIP_DIM);
        List<BufferedImage> pictures = pictures();
        List<float[]> actual = image.embedAll(pictures);
        for (int i = 0; i < pictures.size(); i++) {
            assertThat(actual.get(i)).as("picture %d", i).containsExactly(visionReference(pictures.get(i)), within(1e-4f));
        }
    }

    @Test
    void theClipTextTowerGivesItsTextEmbeds() {
        Encoder<String> text = Encoders.text("tiny-clip-text", cache);
        List<String> texts = List.of("a photo of a red shirt", "blue dress", "reds");
        List<float[]> actual = text.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(actual.get(i)).as(texts.get(i)).containsExactly(
                    TextReferences.clip(TEXT, CLIP_TOKENIZER.ids(texts.get(i), 77), true), within(1e-5f));
        }
    }

    @Test
    void theFloatSentenceModelRunsBatchedAndMeanPooled() {
        Encoder<String> text = Encoders.text("tiny-bert", cache);
        List<String> texts = List.of("red striped cotton shirts", "a", "summer dress for women", "black boots", "denim");
        List<float[]> actual = text.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(actual.get(i)).as(texts.get(i)).containsExactly(
                    TextReferences.bert(BERT, BERT_TOKENIZER.ids(texts.get(i), 256), false), within(1e-5f));
        }
    }

    @Test
    void theTwoTowersOfOneClipModelShareTheImageSpace() {
        assertThat(Encoders.sharesImageSpace("tiny-clip-image", "tiny-clip-text", registry)).isTrue();
        assertThat(Encoders.sharesImageSpace("tiny-clip-image", "tiny-bert", registry)).isFalse();
        assertThat(Encoders.sharesImageSpace("tiny-clip-text", "tiny-clip-image", registry)).isFalse();
        assertThat(Encoders.sharesImageSpace(ProductImageDescriptor.ID, MiniLmTextEncoder.ID)).isFalse();
        assertThat(Encoders.sharesImageSpace("clip-vit-b32-image", "clip-vit-b32-text")).isTrue();
    }

    @Test
    void settingsForANewIndexTakeTheEncodersDimensions() {
        FusionSettings s = Encoders.settings("tiny-clip-image", "tiny-clip-text", cache);
        FusionSettings d = Encoders.defaultSettings();
        assertThat(s).isEqualTo(new FusionSettings(d.imageWeight(), d.textWeight(), d.attributeWeight(),
                "tiny-clip-image", CLIP_DIM, "tiny-clip-text", CLIP_DIM, d.attributeDimension(), d.attributeFields()));
        assertThat(Encoders.settings(ProductImageDescriptor.ID, MiniLmTextEncoder.ID, cache)).isEqualTo(d);
    }

    @Test
    void anEncoderIsLoadedOncePerCacheAndId() {
        assertThat(Encoders.image("tiny-clip-image", cache)).isSameAs(Encoders.image("tiny-clip-image", cache));
        assertThat(Encoders.text("tiny-bert", cache)).isSameAs(Encoders.text("tiny-bert", cache));
    }

    @Test
    void aModelThatIsNotPulledNamesThePullCommand() {
        ModelCache empty = ModelCache.open(dir.resolve("empty"), registry);
        assertThatThrownBy(() -> Encoders.image("tiny-clip-image", empty))
                .isInstanceOf(ModelNotCachedException.class)
                .hasMessageContaining("model tiny-clip is not in the model cache " + dir.resolve("empty"))
                .hasMessageContaining("lookalike models pull tiny-clip --cache-dir " + dir.resolve("empty"));
        assertThatThrownBy(() -> Encoders.text("tiny-bert", empty)).isInstanceOf(ModelNotCachedException.class)
                .hasMessageContaining("lookalike models pull tiny-bert");
    }

    @Test
    void aCorruptedModelFileStopsTheLoadWithBothChecksums() throws Exception {
        ModelCache copy = ModelCache.open(dir.resolve("corrupt"), registry);
        copy.pull("tiny-bert", options());
        Path weights = dir.resolve("corrupt/tiny-bert/onnx/model.onnx");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(weights, bytes);
        Encoder<String> text = Encoders.text("tiny-bert", copy); // present: accepted until it is loaded
        assertThatThrownBy(() -> Encoders.load(text))
                .isInstanceOf(ModelNotCachedException.class)
                .hasMessageContaining(weights.toString())
                .hasMessageContaining("expected " + HubServer.sha256(BERT.onnx()))
                .hasMessageContaining(HubServer.sha256(bytes))
                .hasMessageContaining("lookalike models pull tiny-bert --cache-dir " + dir.resolve("corrupt"));
        assertThatThrownBy(() -> text.embed("red")).isInstanceOf(ModelNotCachedException.class);
        assertThat(copy.pull("tiny-bert", options()).files().get(0).action())
                .isEqualTo(dev.lookalike.model.PullReport.Action.REPLACED_CORRUPT);
        assertThat(text.embed("red")).containsExactly(TextReferences.bert(BERT, BERT_TOKENIZER.ids("red", 256), false),
                within(1e-5f));
    }

    @Test
    void aModelWhoseDimensionIsNotTheRegistrysIsRefusedOnLoad() throws Exception {
        ModelRegistry wrong = ModelRegistry.of(List.of(tinyClip(CLIP_DIM + 1)));
        ModelCache other = ModelCache.open(dir.resolve("wrong-dim"), wrong);
        other.pull("tiny-clip", options());
        Encoder<BufferedImage> image = Encoders.image("tiny-clip-image", other);
        assertThat(image.dimension()).isEqualTo(CLIP_DIM + 1);
        assertThatThrownBy(() -> Encoders.load(image)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gives " + CLIP_DIM + "-d vectors")
                .hasMessageContaining("registered with " + (CLIP_DIM + 1));
    }

    @Test
    void unknownIdsAndKindMismatchesAreRefused() {
        assertThatThrownBy(() -> Encoders.image("tiny-clip-text", cache)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tiny-clip-text' is a text encoder").hasMessageContaining("tiny-clip-image");
        assertThatThrownBy(() -> Encoders.text("tiny-clip-image", cache)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is an image encoder");
        assertThatThrownBy(() -> Encoders.image("vgg16", cache)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown image encoder 'vgg16'")
                .hasMessageContaining(ProductImageDescriptor.ID + ", tiny-clip-image");
        assertThatThrownBy(() -> Encoders.text("bert", ModelCache.open(dir.resolve("x"), ModelRegistry.builtIn())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MiniLmTextEncoder.ID + ", all-minilm-l6-v2, clip-vit-b32-text");
    }
}
