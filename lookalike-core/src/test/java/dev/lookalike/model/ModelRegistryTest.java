package dev.lookalike.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private static final ModelRegistry BUILT_IN = ModelRegistry.builtIn();

    @Test
    void builtInModelsAndTheirEncoders() {
        assertThat(BUILT_IN.models()).extracting(ModelSpec::name)
                .containsExactly("clip-vit-b32", "resnet50", "inception-v3", "all-minilm-l6-v2");
        assertThat(BUILT_IN.encoderIds(true)).containsExactly("clip-vit-b32-image", "inception-v3", "resnet50");
        assertThat(BUILT_IN.encoderIds(false)).containsExactly("all-minilm-l6-v2", "clip-vit-b32-text");
        ModelRegistry.Resolved clipText = BUILT_IN.encoder("clip-vit-b32-text").orElseThrow();
        assertThat(clipText.model().name()).isEqualTo("clip-vit-b32");
        assertThat(clipText.encoder()).isEqualTo(new ModelEncoder.Text("clip-vit-b32-text", ModelKind.CLIP_TEXT, 512,
                "onnx/text_model.onnx", "tokenizer.json", 77, ModelEncoder.Pooling.MODEL, false, "text_embeds",
                "clip-vit-b32"));
        assertThat(BUILT_IN.encoder("resnet50").orElseThrow().encoder().dimension()).isEqualTo(2048);
        assertThat(BUILT_IN.encoder("inception-v3").orElseThrow().encoder().dimension()).isEqualTo(2048);
        assertThat(((ModelEncoder.Text) BUILT_IN.encoder("all-minilm-l6-v2").orElseThrow().encoder()).quantized())
                .isFalse();
    }

    @Test
    void pinnedChecksumsAreWellFormedAndUnpinnedFilesAreMarked() {
        ModelSpec clip = BUILT_IN.require("clip-vit-b32");
        assertThat(clip.fullyPinned()).isTrue();
        assertThat(clip.declaredSize()).isEqualTo(351_685_709L + 254_058_553L + 2_224_119L);
        assertThat(clip.files()).allSatisfy(f -> assertThat(f.sha256()).matches("[0-9a-f]{64}"));
        assertThat(BUILT_IN.require("all-minilm-l6-v2").fullyPinned()).isTrue();
        assertThat(BUILT_IN.require("resnet50").fullyPinned()).isFalse();
        assertThat(BUILT_IN.require("resnet50").declaredSize()).isEqualTo(-1);
        assertThat(BUILT_IN.require("inception-v3").files()).noneMatch(ModelFile::pinned);
        assertThat(BUILT_IN.models()).allSatisfy(m -> assertThat(m.provenance()).isNotBlank());
    }

    @Test
    void urlsFollowTheHubLayout() {
        ModelSpec clip = BUILT_IN.require("clip-vit-b32");
        assertThat(clip.url(PullOptions.DEFAULT_BASE_URL, clip.file("onnx/text_model.onnx").orElseThrow()))
                .isEqualTo(URI.create("https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/onnx/text_model.onnx"));
        ModelSpec minilm = BUILT_IN.require("all-minilm-l6-v2");
        assertThat(minilm.url(URI.create("https://mirror.example/hf/"), minilm.files().get(0)))
                .isEqualTo(URI.create("https://mirror.example/hf/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx"));
        ModelSpec inception = BUILT_IN.require("inception-v3");
        assertThat(inception.repository()).isNull();
        assertThat(inception.url(URI.create("http://exports.local"), inception.files().get(0)))
                .isEqualTo(URI.create("http://exports.local/inception-v3/inception_v3.onnx"));
    }

    @Test
    void onlyTheTwoTowersOfOneClipModelShareASpace() {
        assertThat(BUILT_IN.sharesSpace("clip-vit-b32-image", "clip-vit-b32-text")).isTrue();
        assertThat(BUILT_IN.sharesSpace("resnet50", "clip-vit-b32-text")).isFalse();
        assertThat(BUILT_IN.sharesSpace("clip-vit-b32-image", "all-minilm-l6-v2")).isFalse();
        assertThat(BUILT_IN.sharesSpace("descriptor-v1", "clip-vit-b32-text")).isFalse();
    }

    @Test
    void unknownNamesAndInconsistentEntriesAreRefused() {
        assertThatThrownBy(() -> BUILT_IN.require("clip")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model 'clip'").hasMessageContaining("clip-vit-b32, resnet50");
        ModelSpec clip = BUILT_IN.require("clip-vit-b32");
        assertThatThrownBy(() -> ModelRegistry.of(List.of(clip, clip))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listed twice");
        ModelSpec copy = new ModelSpec("clip-copy", "", clip.repository(), "main", "", "", clip.files(), clip.encoders());
        assertThatThrownBy(() -> BUILT_IN.with(copy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clip-vit-b32-image").hasMessageContaining("clip-copy");
        assertThatThrownBy(() -> new ModelSpec("x", "", "a/b", "main", "", "", List.of(ModelFile.unpinned("a.onnx")),
                List.of(new ModelEncoder.Image("x", ModelKind.IMAGE, 4, "b.onnx", ImagePreset.RESNET50, null, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b.onnx");
        assertThatThrownBy(() -> ModelFile.unpinned("../escape.onnx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../escape.onnx");
        assertThatThrownBy(() -> ModelFile.unpinned("/abs.onnx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelFile.pinned("a.onnx", 10, "abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'abc'");
        assertThat(ModelFile.pinned("a.onnx", 10, "AB".repeat(32)).sha256()).isEqualTo("ab".repeat(32));
        assertThatThrownBy(() -> new ModelSpec("x", "", "not a repo", "main", "", "", List.of(ModelFile.unpinned("a")),
                List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a repo");
        assertThatThrownBy(() -> new ModelEncoder.Text("t", ModelKind.TEXT, 4, "m", "t", 16, ModelEncoder.Pooling.MODEL,
                false, null, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MODEL");
        assertThatThrownBy(() -> new ModelEncoder.Image("I", ModelKind.IMAGE, 4, "m", ImagePreset.RESNET50, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'I'");
    }
}
