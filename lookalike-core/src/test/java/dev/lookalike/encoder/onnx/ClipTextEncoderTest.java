package dev.lookalike.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.VectorMath;
import dev.lookalike.encoder.onnx.TinyOnnxModels.ClipTextOutputs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLIP text encoder against plain Java: DJL's tokenization of a CLIP-style tokenizer.json against a BPE written
 * out here (and against token ids worked out by hand), and the vectors against {@link TextReferences#clip} on the
 * same weights.
 */
class ClipTextEncoderTest {

    static final TinyTokenizers.Clip TOKENIZER = TinyTokenizers.clipSample();
    static final int DIM = 12;
    static final int PROJECTION = 8;
    private static final float TOLERANCE = 1e-5f;
    private static final List<String> TEXTS = List.of("a photo of a red shirt", "Blue  DRESS", "reds", "a",
            "red shirt blue dress photo of a red shirt");

    @TempDir
    Path dir;

    static TinyOnnxModels.ClipTextModel model(ClipTextOutputs outputs, boolean mask) {
        return TinyOnnxModels.clipTextLike(21, TOKENIZER.vocab().size(), DIM, PROJECTION, outputs, mask);
    }

    static ClipTextEncoder encoder(TinyOnnxModels.ClipTextModel m, int maxTokens, String output) throws Exception {
        return new ClipTextEncoder("tiny-clip-text", m.onnx(),
                new ByteArrayInputStream(TOKENIZER.json().getBytes(StandardCharsets.UTF_8)), maxTokens, output);
    }

    @Test
    void tokenizesLikeClipsBpeWithStartAndEndTokens() throws Exception {
        try (ClipTextEncoder e = encoder(model(ClipTextOutputs.PROJECTED, false), 77, null)) {
            // worked out by hand from the merges in TinyTokenizers.clipSample()
            assertThat(e.tokenIds("A photo of a red shirt")).containsExactly(TOKENIZER.bos(), TOKENIZER.id("a</w>"),
                    TOKENIZER.id("photo</w>"), TOKENIZER.id("of</w>"), TOKENIZER.id("a</w>"), TOKENIZER.id("red</w>"),
                    TOKENIZER.id("shirt</w>"), TOKENIZER.eos());
            // "re d" is no merge (only "re d</w>"): the word stays in pieces
            assertThat(e.tokenIds("reds")).containsExactly(TOKENIZER.bos(), TOKENIZER.id("re"), TOKENIZER.id("d"),
                    TOKENIZER.id("s</w>"), TOKENIZER.eos());
            // "dress" merges through "re" first, as BPE ranks say
            assertThat(e.tokenIds("  Dress ")).containsExactly(TOKENIZER.bos(), TOKENIZER.id("dress</w>"),
                    TOKENIZER.eos());
            for (String t : TEXTS) {
                assertThat(e.tokenIds(t)).as(t).containsExactly(TOKENIZER.ids(t, 77));
            }
        }
    }

    @Test
    void textEmbedsAreTheProjectedEndTokenStateOfThePlainJavaReference() throws Exception {
        TinyOnnxModels.ClipTextModel m = model(ClipTextOutputs.PROJECTED, false);
        try (ClipTextEncoder e = encoder(m, 77, null)) {
            assertThat(e.output()).isEqualTo(ClipTextEncoder.TEXT_EMBEDS);
            assertThat(e.projected()).isTrue();
            assertThat(e.dimension()).isEqualTo(PROJECTION);
            List<float[]> actual = e.embedAll(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] expected = TextReferences.clip(m, TOKENIZER.ids(TEXTS.get(i), 77), true);
                assertThat(actual.get(i)).as(TEXTS.get(i)).containsExactly(expected, within(TOLERANCE));
            }
        }
    }

    @Test
    void withoutTextEmbedsThePoolerOutputIsUsedAndIsNotProjected() throws Exception {
        TinyOnnxModels.ClipTextModel m = model(ClipTextOutputs.POOLER, false);
        try (ClipTextEncoder e = encoder(m, 77, null)) {
            assertThat(e.output()).isEqualTo(ClipTextEncoder.POOLER_OUTPUT);
            assertThat(e.projected()).isFalse();
            assertThat(e.dimension()).isEqualTo(DIM);
            List<float[]> actual = e.embedAll(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] expected = TextReferences.clip(m, TOKENIZER.ids(TEXTS.get(i), 77), false);
                assertThat(actual.get(i)).as(TEXTS.get(i)).containsExactly(expected, within(TOLERANCE));
            }
        }
    }

    @Test
    void anAttentionMaskInputIsFedWithOnes() throws Exception {
        try (ClipTextEncoder plain = encoder(model(ClipTextOutputs.PROJECTED, false), 77, null);
             ClipTextEncoder masked = encoder(model(ClipTextOutputs.PROJECTED, true), 77, null)) {
            List<float[]> a = plain.embedAll(TEXTS);
            List<float[]> b = masked.embedAll(TEXTS);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i)).containsExactly(a.get(i), within(TOLERANCE));
            }
        }
    }

    @Test
    void longTextsAreTruncatedToSeventySevenTokensKeepingTheEndToken() throws Exception {
        TinyOnnxModels.ClipTextModel m = model(ClipTextOutputs.PROJECTED, false);
        String longText = String.join(" ", Collections.nCopies(60, "shirt reds"));
        try (ClipTextEncoder e = encoder(m, ClipTextEncoder.MAX_TOKENS, null)) {
            long[] ids = e.tokenIds(longText);
            assertThat(ids).hasSize(77);
            assertThat(ids[0]).isEqualTo(TOKENIZER.bos());
            assertThat(ids[76]).isEqualTo(TOKENIZER.eos());
            assertThat(ids).containsExactly(TOKENIZER.ids(longText, 77));
            assertThat(e.embed(longText)).containsExactly(TextReferences.clip(m, TOKENIZER.ids(longText, 77), true),
                    within(TOLERANCE));
        }
    }

    @Test
    void blankTextGivesTheZeroVector() throws Exception {
        try (ClipTextEncoder e = encoder(model(ClipTextOutputs.PROJECTED, false), 77, null)) {
            List<float[]> v = e.embedAll(Arrays.asList("", "  ", null, "red"));
            assertThat(VectorMath.norm(v.get(0))).isZero();
            assertThat(VectorMath.norm(v.get(1))).isZero();
            assertThat(VectorMath.norm(v.get(2))).isZero();
            assertThat(VectorMath.norm(v.get(3))).isCloseTo(1f, within(1e-5f));
        }
    }

    @Test
    void loadsFromFilesAndNamesAMissingOne() throws Exception {
        TinyOnnxModels.ClipTextModel m = model(ClipTextOutputs.PROJECTED, false);
        Path onnx = m.write(dir.resolve("text_model.onnx"));
        Path tok = TOKENIZER.write(dir.resolve("tokenizer.json"));
        try (ClipTextEncoder e = new ClipTextEncoder("t", onnx, tok, 77, null)) {
            assertThat(e.embed("red shirt")).containsExactly(TextReferences.clip(m, TOKENIZER.ids("red shirt", 77), true),
                    within(TOLERANCE));
        }
        assertThatThrownBy(() -> new ClipTextEncoder("t", dir.resolve("nope.onnx"), tok, 77, null))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.onnx");
        assertThatThrownBy(() -> new ClipTextEncoder("t", onnx, dir.resolve("none.json"), 77, null))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("none.json");
    }

    @Test
    void refusesModelsAndArgumentsThatDoNotFit() throws Exception {
        TinyOnnxModels.ClipTextModel pooler = model(ClipTextOutputs.POOLER, false);
        assertThatThrownBy(() -> encoder(pooler, 77, "text_embeds"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no output 'text_embeds'").hasMessageContaining("pooler_output");
        assertThatThrownBy(() -> encoder(pooler, 77, "last_hidden_state"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[batch, dimension]");
        assertThatThrownBy(() -> encoder(pooler, 2, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokens").hasMessageContaining("2");
        byte[] bert = TinyOnnxModels.bertLike(1, 30, 4, false).onnx();
        assertThatThrownBy(() -> new ClipTextEncoder("t", bert,
                new ByteArrayInputStream(TOKENIZER.json().getBytes(StandardCharsets.UTF_8)), 77, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token_type_ids");
    }

    @Test
    void aClosedEncoderRefusesWork() throws Exception {
        ClipTextEncoder e = encoder(model(ClipTextOutputs.PROJECTED, false), 77, null);
        e.close();
        e.close();
        assertThatThrownBy(() -> e.embed("red")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
