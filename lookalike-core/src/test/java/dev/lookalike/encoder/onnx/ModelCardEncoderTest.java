package dev.lookalike.encoder.onnx;

import static dev.lookalike.encoder.onnx.OnnxImageEncoderReferenceTest.matmul;
import static dev.lookalike.encoder.onnx.OnnxImageEncoderReferenceTest.nchw;
import static dev.lookalike.encoder.onnx.OnnxImageEncoderReferenceTest.normalize;
import static dev.lookalike.encoder.onnx.OnnxImageEncoderReferenceTest.spatialMean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.encoder.MiniLmTextEncoder;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Resize;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelRegistry;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own model through its model card ({@code onnx:card.json}): the encoder {@link Encoders} builds from the
 * card gives the vectors of an {@link OnnxImageEncoder} built directly with the same preprocessing and of the plain
 * Java reference; a changed model, a wrong dimension and a missing card are clear errors.
 */
class ModelCardEncoderTest {

    private static final float TOLERANCE = 1e-4f;
    /** The card of the brief's example: 60x80, stretched, (p/255 - 0.5) / 0.25, output "embedding". */
    private static final String CARD = """
            {"format": 1, "kind": "image", "file": "%s", "sha256": "%s", %s
             "input": {"width": 60, "height": 80, "resize": "stretch", "interpolation": "bilinear",
                       "pixelScale": "zero-to-one", "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25],
                       "channelOrder": "RGB", "layout": "NCHW"},
             "output": "embedding"}
            """;
    private static final float[] HALF = {0.5f, 0.5f, 0.5f};
    private static final float[] QUARTER = {0.25f, 0.25f, 0.25f};

    @TempDir
    Path dir;
    ModelCache cache;
    TinyOnnxModels.MatMulModel model;
    Path modelFile;

    @BeforeEach
    void setUp() throws Exception {
        cache = ModelCache.open(dir.resolve("cache"), ModelRegistry.builtIn());
        model = TinyOnnxModels.pooled(21, 80, 60, Layout.NCHW, false);
        modelFile = model.write(Files.createDirectories(dir.resolve("fold0")).resolve("fold0.onnx"));
    }

    private Path card(String name, String file, byte[] onnx, String extra) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
        return Files.writeString(dir.resolve(name), CARD.formatted(file, sha, extra));
    }

    @Test
    void theCardsEncoderGivesTheDirectEncodersAndTheReferenceVectors() throws Exception {
        Path card = card("fold0/card.json", "fold0.onnx", model.onnx(), "\"dimension\": 16,");
        Encoder<BufferedImage> fromCard = Encoders.image("onnx:" + card, cache);
        assertThat(fromCard.id()).isEqualTo("onnx:" + card.toAbsolutePath().normalize());
        assertThat(fromCard.dimension()).isEqualTo(TinyOnnxModels.POOLED_DIMENSION);
        List<BufferedImage> images = List.of(OnnxTestImages.noise(31, 60, 80), OnnxTestImages.coordinates(60, 80),
                OnnxTestImages.product(Color.RED, true, 120, 90), OnnxTestImages.noise(32, 33, 47));
        ImagePreprocessing same = new ImagePreprocessing(60, 80, new Resize.Stretch(),
                ImagePreprocessing.Interpolation.BILINEAR, ImagePreprocessing.PixelScale.ZERO_TO_ONE, HALF, QUARTER,
                ImagePreprocessing.ChannelOrder.RGB, Layout.NCHW, "embedding", Layout.NCHW,
                ImagePreprocessing.TokenPooling.CLS);
        List<float[]> actual = fromCard.embedAll(images);
        try (OnnxImageEncoder direct = new OnnxImageEncoder("direct", modelFile, same, 4, 1)) {
            List<float[]> expected = direct.embedAll(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(actual.get(i)).as("image %d", i).containsExactly(expected.get(i), within(1e-6f));
            }
        }
        // the first two are the model's size: no resampling, so the plain Java reference applies
        for (int i = 0; i < 2; i++) {
            float[] input = nchw(images.get(i), 0, 0, 60, 80, HALF, QUARTER);
            float[] reference = normalize(matmul(spatialMean(input, 3, 60 * 80), model.weight(),
                    TinyOnnxModels.POOLED_DIMENSION));
            assertThat(actual.get(i)).as("reference %d", i).containsExactly(reference, within(TOLERANCE));
        }
        // one encoder per card
        assertThat(Encoders.image("onnx:" + card, cache)).isSameAs(fromCard);
    }

    @Test
    void aPresetCardWithOverridesGivesTheDirectEncodersVectors() throws Exception {
        TinyOnnxModels.ConvModel cnn = TinyOnnxModels.cnn(22, 40, 40);
        cnn.write(dir.resolve("cnn.onnx"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cnn.onnx()));
        Path card = Files.writeString(dir.resolve("cnn.json"), """
                {"format": 1, "kind": "image", "file": "cnn.onnx", "sha256": "%s", "preset": "resnet50",
                 "input": {"width": 40, "height": 40, "shorterSide": 46}}
                """.formatted(sha));
        ImagePreprocessing small = ImagePreprocessing.resnet50().withSize(40, 40)
                .withResize(Resize.shorterSideThenCenterCrop(46));
        List<BufferedImage> images = List.of(OnnxTestImages.noise(33, 50, 60),
                OnnxTestImages.product(Color.BLUE, false, 70, 48));
        Encoder<BufferedImage> fromCard = Encoders.image("onnx:" + card, cache);
        assertThat(fromCard.dimension()).isEqualTo(TinyOnnxModels.CNN_CHANNELS); // undeclared: learned by loading
        try (OnnxImageEncoder direct = new OnnxImageEncoder("direct", dir.resolve("cnn.onnx"), small, 4, 1)) {
            List<float[]> expected = direct.embedAll(images);
            List<float[]> actual = fromCard.embedAll(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(actual.get(i)).as("image %d", i).containsExactly(expected.get(i), within(1e-6f));
            }
        }
    }

    @Test
    void settingsLearnTheIdAndDimensionFromTheCardOrTheModel() throws Exception {
        Path declared = card("fold0/declared.json", "fold0.onnx", model.onnx(), "\"dimension\": 16,");
        Path undeclared = card("fold0/undeclared.json", "fold0.onnx", model.onnx(), "");
        for (Path card : List.of(declared, undeclared)) {
            Path roundabout = card.getParent().resolve("../fold0").resolve(card.getFileName());
            FusionSettings s = Encoders.settings("onnx:" + roundabout, MiniLmTextEncoder.ID, cache);
            assertThat(s.imageEncoder()).isEqualTo("onnx:" + card.toAbsolutePath().normalize());
            assertThat(s.imageDimension()).isEqualTo(TinyOnnxModels.POOLED_DIMENSION);
            assertThat(s.textEncoder()).isEqualTo(MiniLmTextEncoder.ID);
            // an index stores the id; reopening it finds the same encoder
            assertThat(Encoders.image(s.imageEncoder(), cache)).isSameAs(Encoders.image("onnx:" + card, cache));
        }
        assertThat(Encoders.sharesImageSpace("onnx:" + declared, MiniLmTextEncoder.ID)).isFalse();
    }

    @Test
    void aChangedModelIsRefusedNamingCardFileAndBothDigests() throws Exception {
        Path card = card("fold0/card.json", "fold0.onnx", model.onnx(), "");
        byte[] other = TinyOnnxModels.pooled(99, 80, 60, Layout.NCHW, false).onnx();
        Files.write(modelFile, other);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model.onnx()));
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(other));
        Encoder<BufferedImage> encoder = Encoders.image("onnx:" + card, cache);
        assertThatThrownBy(() -> Encoders.load(encoder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model card " + card.toAbsolutePath())
                .hasMessageContaining(modelFile.toAbsolutePath().toString())
                .hasMessageContaining("has SHA-256 " + actual)
                .hasMessageContaining("field 'sha256' is " + expected);
        // settings learn an undeclared dimension by loading: the same check
        assertThatThrownBy(() -> Encoders.settings("onnx:" + card, MiniLmTextEncoder.ID, cache))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has SHA-256 " + actual);
    }

    @Test
    void aDeclaredDimensionThatTheModelDoesNotGiveIsRefused() throws Exception {
        Path card = card("fold0/card.json", "fold0.onnx", model.onnx(), "\"dimension\": 12,");
        Encoder<BufferedImage> encoder = Encoders.image("onnx:" + card, cache);
        assertThat(encoder.dimension()).isEqualTo(12);
        assertThatThrownBy(() -> Encoders.load(encoder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gives 16-d vectors")
                .hasMessageContaining("the field 'dimension' of card " + card.toAbsolutePath() + " is 12");
    }

    @Test
    void aModelThatDoesNotFitItsCardIsRefused() throws Exception {
        byte[] square = TinyOnnxModels.pooled(23, 64, 64, Layout.NCHW, false).onnx();
        Files.write(dir.resolve("square.onnx"), square);
        Path card = card("square.json", "square.onnx", square, "");
        assertThatThrownBy(() -> Encoders.load(Encoders.image("onnx:" + card, cache)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("card " + card.toAbsolutePath())
                .hasMessageContaining("does not fit");
    }

    @Test
    void aMissingCardIsNamed() {
        Path missing = dir.resolve("gone/card.json");
        assertThatThrownBy(() -> Encoders.image("onnx:" + missing, cache)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no such model card " + missing.toAbsolutePath());
        assertThatThrownBy(() -> Encoders.image("vgg16", cache)).hasMessageContaining("onnx:PATH/TO/card.json");
    }
}
