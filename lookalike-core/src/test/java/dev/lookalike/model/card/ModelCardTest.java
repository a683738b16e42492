package dev.lookalike.model.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookalike.encoder.onnx.ImagePreprocessing;
import dev.lookalike.encoder.onnx.ImagePreprocessing.ChannelOrder;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Interpolation;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import dev.lookalike.encoder.onnx.ImagePreprocessing.PixelScale;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Resize;
import dev.lookalike.encoder.onnx.ImagePreprocessing.TokenPooling;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading model cards: values, preset merging, file resolution, and errors that name the card, place and field. */
class ModelCardTest {

    /** Not an ONNX model: reading a card only needs the file to exist. */
    private static final byte[] MODEL = "not really a model".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    String sha;

    @BeforeEach
    void model() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models/fold0.onnx"), MODEL);
        sha = ModelCard.sha256(dir.resolve("models/fold0.onnx"));
    }

    private Path card(String name, String json) throws Exception {
        Path card = dir.resolve(name);
        Files.createDirectories(card.getParent());
        return Files.writeString(card, json.replace("SHA", sha));
    }

    @Test
    void aFullCardGivesItsPreprocessingAndResolvesTheFileAgainstItsFolder() throws Exception {
        Path card = card("models/card.json", """
                {"format": 1, "kind": "image", "file": "fold0.onnx", "sha256": "SHA", "dimension": 128,
                 "input": {"width": 60, "height": 80, "resize": "stretch", "interpolation": "bilinear",
                           "pixelScale": "zero-to-one", "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25],
                           "channelOrder": "RGB", "layout": "NCHW"},
                 "output": "embedding"}
                """);
        ModelCard c = ModelCard.read(card);
        assertThat(c.path()).isEqualTo(card.toAbsolutePath().normalize());
        assertThat(c.file()).isEqualTo(dir.resolve("models/fold0.onnx").toAbsolutePath().normalize());
        assertThat(c.sha256()).isEqualTo(sha);
        assertThat(c.dimension()).isEqualTo(OptionalInt.of(128));
        assertThat(c.encoderId()).isEqualTo("onnx:" + card.toAbsolutePath().normalize());
        float[] half = {0.5f, 0.5f, 0.5f};
        float[] quarter = {0.25f, 0.25f, 0.25f};
        assertThat(c.preprocessing()).isEqualTo(new ImagePreprocessing(60, 80, new Resize.Stretch(),
                Interpolation.BILINEAR, PixelScale.ZERO_TO_ONE, half, quarter, ChannelOrder.RGB, Layout.NCHW,
                "embedding", Layout.NCHW, TokenPooling.CLS));
        assertThat(c.verifiedFile()).isEqualTo(c.file());
    }

    @Test
    void theGivenFieldsOverrideThePresets() throws Exception {
        Path card = card("card.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "input": {"width": 40, "height": 40, "shorterSide": 46, "mean": [0.4, 0.4, 0.4]}}
                """);
        assertThat(ModelCard.read(card).preprocessing()).isEqualTo(ImagePreprocessing.resnet50().withSize(40, 40)
                .withResize(new Resize.ShorterSideThenCenterCrop(46))
                .withNormalization(PixelScale.ZERO_TO_ONE, new float[] {0.4f, 0.4f, 0.4f},
                        ImagePreprocessing.resnet50().std()));
        assertThat(ModelCard.read(card).dimension()).isEmpty();

        Path inception = card("inception.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "inception-v3",
                 "output": "pool", "tokenPooling": "mean"}
                """);
        assertThat(ModelCard.read(inception).preprocessing()).isEqualTo(ImagePreprocessing.inceptionV3()
                .withOutput("pool").withTokenPooling(TokenPooling.MEAN));

        Path clip = card("clip.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "clip-vit-b32",
                 "input": {"resize": "pad-to-square", "fill": "#80FF00", "layout": "nhwc", "channelOrder": "bgr",
                           "pixelScale": "zero-to-255", "interpolation": "bilinear"},
                 "featureLayout": "NHWC"}
                """);
        assertThat(ModelCard.read(clip).preprocessing()).isEqualTo(ImagePreprocessing.clipVitB32()
                .withResize(new Resize.PadToSquare(0x80FF00)).withLayout(Layout.NHWC)
                .withChannelOrder(ChannelOrder.BGR).withInterpolation(Interpolation.BILINEAR)
                .withNormalization(PixelScale.ZERO_TO_255, ImagePreprocessing.clipVitB32().mean(),
                        ImagePreprocessing.clipVitB32().std())
                .withFeatureLayout(Layout.NHWC));
    }

    @Test
    void withoutAPresetTheFeatureLayoutIsTheInputLayout() throws Exception {
        Path card = card("card.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA",
                 "input": {"width": 32, "height": 32, "resize": "shorter-side-then-center-crop", "shorterSide": 36,
                           "interpolation": "bicubic", "pixelScale": "zero-to-255", "mean": [103.9, 116.8, 123.7],
                           "std": [1, 1, 1], "channelOrder": "BGR", "layout": "NHWC"}}
                """);
        ImagePreprocessing p = ModelCard.read(card).preprocessing();
        assertThat(p.featureLayout()).isEqualTo(Layout.NHWC);
        assertThat(p.tokenPooling()).isEqualTo(TokenPooling.CLS);
        assertThat(p.output()).isNull();
        assertThat(p.resize()).isEqualTo(new Resize.ShorterSideThenCenterCrop(36));
        assertThat(p.mean()).containsExactly(103.9f, 116.8f, 123.7f);
    }

    @Test
    void aChangedModelFailsItsChecksumNamingCardFileAndBothDigests() throws Exception {
        Path card = card("card.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50"}
                """);
        ModelCard c = ModelCard.read(card);
        Files.writeString(dir.resolve("models/fold0.onnx"), "another model");
        String actual = ModelCard.sha256(dir.resolve("models/fold0.onnx"));
        assertThat(actual).isNotEqualTo(sha);
        assertThatThrownBy(c::verifiedFile).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model card " + c.path())
                .hasMessageContaining(c.file().toString())
                .hasMessageContaining("has SHA-256 " + actual)
                .hasMessageContaining("field 'sha256' is " + sha);
    }

    @Test
    void anUnknownFieldNamesTheCardItsLineAndColumnAndTheField() throws Exception {
        Path card = card("card.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "input": {"width": 40,
                   "heigth": 40,
                   "resize": "stretch"
                 }
                }
                """);
        assertThatThrownBy(() -> ModelCard.read(card)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(card.toAbsolutePath() + ":3:4: ")
                .hasMessageContaining("field 'input.heigth': unknown field; known here: [channelOrder, fill, height,");
        Path top = card("top.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "outputs": "x"}
                """);
        assertThatThrownBy(() -> ModelCard.read(top)).hasMessageStartingWith(top.toAbsolutePath() + ":2:2: ")
                .hasMessageContaining("field 'outputs': unknown field");
    }

    @Test
    void aBadValueNamesTheCardItsLineAndColumnAndTheField() throws Exception {
        Path resize = card("resize.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "input": {"resize": "squash"}}
                """);
        assertThatThrownBy(() -> ModelCard.read(resize)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(resize.toAbsolutePath() + ":2:12: field 'input.resize': 'squash' is not one of stretch, "
                        + "shorter-side-then-center-crop, pad-to-square");
        Path preset = card("preset.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA",
                  "preset": "vgg16"}
                """);
        assertThatThrownBy(() -> ModelCard.read(preset))
                .hasMessage(preset.toAbsolutePath() + ":2:3: field 'preset': 'vgg16' is not one of clip-vit-b32, "
                        + "resnet50, inception-v3");
        Path type = card("type.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "input": {"width": "60"}}
                """);
        assertThatThrownBy(() -> ModelCard.read(type))
                .hasMessage(type.toAbsolutePath() + ":2:21: field 'input.width': expected a whole number");
        Path fraction = card("fraction.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "input": {"width": 60.5}}
                """);
        assertThatThrownBy(() -> ModelCard.read(fraction)).hasMessageContaining("field 'input.width': expected a whole number");
        Path std = card("std.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "input": {"std": [0.2, 0, 0.2]}}
                """);
        assertThatThrownBy(() -> ModelCard.read(std)).hasMessageStartingWith(std.toAbsolutePath() + ":2:")
                .hasMessageContaining("field 'input': std values must be finite and > 0");
        Path fill = card("fill.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "input": {"fill": "#ffffff"}}
                """);
        assertThatThrownBy(() -> ModelCard.read(fill))
                .hasMessageContaining("field 'input.fill': only goes with resize 'pad-to-square', not "
                        + "'shorter-side-then-center-crop'");
        Path twice = card("twice.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "preset": "inception-v3"}
                """);
        assertThatThrownBy(() -> ModelCard.read(twice)).hasMessageStartingWith(twice.toAbsolutePath() + ":2:")
                .hasMessageContaining("Duplicate field 'preset'");
    }

    @Test
    void requiredFieldsAndTheirValuesAreChecked() throws Exception {
        Path noSha = card("nosha.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "preset": "resnet50"}
                """);
        assertThatThrownBy(() -> ModelCard.read(noSha))
                .hasMessage(noSha.toAbsolutePath() + ": field 'sha256': missing (required)");
        Path shortSha = card("short.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "preset": "resnet50", "sha256": "abc"}
                """);
        assertThatThrownBy(() -> ModelCard.read(shortSha))
                .hasMessage(shortSha.toAbsolutePath() + ":1:83: field 'sha256': must be the model file's SHA-256, "
                        + "64 hex digits, got 'abc'");
        Path format = card("format.json", """
                {"format": 2, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50"}
                """);
        assertThatThrownBy(() -> ModelCard.read(format))
                .hasMessage(format.toAbsolutePath() + ":1:2: field 'format': this build reads model card format 1, "
                        + "got 2");
        Path kind = card("kind.json", """
                {"format": 1, "kind": "text", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50"}
                """);
        assertThatThrownBy(() -> ModelCard.read(kind)).hasMessageContaining("field 'kind': must be 'image'");
        Path noInput = card("noinput.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA",
                 "input": {"width": 60, "height": 80, "resize": "stretch", "interpolation": "bilinear",
                           "pixelScale": "zero-to-one", "mean": [0.5, 0.5, 0.5], "channelOrder": "RGB", "layout": "NCHW"}}
                """);
        assertThatThrownBy(() -> ModelCard.read(noInput))
                .hasMessage(noInput.toAbsolutePath() + ": field 'input.std': missing: required when no preset gives it");
        Path dimension = card("dimension.json", """
                {"format": 1, "kind": "image", "file": "models/fold0.onnx", "sha256": "SHA", "preset": "resnet50",
                 "dimension": 0}
                """);
        assertThatThrownBy(() -> ModelCard.read(dimension))
                .hasMessage(dimension.toAbsolutePath() + ":2:2: field 'dimension': must be in [1, 16384], got 0");
    }

    @Test
    void aMissingModelFileOrCardIsNamed() throws Exception {
        Path card = card("cards/card.json", """
                {"format": 1, "kind": "image", "file": "fold0.onnx", "sha256": "SHA", "preset": "resnet50"}
                """);
        assertThatThrownBy(() -> ModelCard.read(card)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(card.toAbsolutePath() + ":1:32: field 'file': no such file "
                        + dir.resolve("cards/fold0.onnx").toAbsolutePath());
        Path parent = card("cards/parent.json", """
                {"format": 1, "kind": "image", "file": "../models/fold0.onnx", "sha256": "SHA", "preset": "resnet50"}
                """);
        assertThat(ModelCard.read(parent).file()).isEqualTo(dir.resolve("models/fold0.onnx").toAbsolutePath());
        assertThatThrownBy(() -> ModelCard.read(dir.resolve("nowhere/card.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no such model card " + dir.resolve("nowhere/card.json").toAbsolutePath());
    }

    @Test
    void encoderIdsAreTheCardsAbsoluteNormalisedPath() {
        Path card = dir.resolve("a/../models/card.json");
        assertThat(ModelCard.encoderId(card)).isEqualTo("onnx:" + dir.resolve("models/card.json").toAbsolutePath());
        assertThat(ModelCard.normalizeId("onnx:" + card)).isEqualTo(ModelCard.encoderId(card));
        assertThat(ModelCard.normalizeId("resnet50")).isEqualTo("resnet50");
        assertThat(ModelCard.isCardId("descriptor-v2")).isFalse();
        assertThat(ModelCard.cardPath("onnx:card.json")).isEqualTo(Path.of("card.json").toAbsolutePath());
        assertThatThrownBy(() -> ModelCard.cardPath("onnx: ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("onnx:PATH/TO/card.json, got 'onnx: '");
    }
}
