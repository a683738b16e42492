package dev.lookalike.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.onnx.TextReferences;
import dev.lookalike.encoder.onnx.TinyOnnxModels;
import dev.lookalike.encoder.onnx.TinyTokenizers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sentence encoder against plain Java: DJL's WordPiece tokenization of a BERT-style tokenizer.json against
 * ids worked out here, the tiny BERT-like model's outputs recomputed from its weights, and mean or [CLS] pooling.
 * Batched runs of a float model give the vectors of single runs.
 */
class OnnxSentenceEncoderTest {

    static final TinyTokenizers.Bert TOKENIZER = TinyTokenizers.bertSample();
    static final int DIM = 10;
    private static final float TOLERANCE = 1e-5f;
    static final List<String> TEXTS = List.of("red striped cotton shirts", "Blue denim jeans", "a", "black leather boots",
            "summer dress for women with a hammer", "red", "blue shirt for men", "striped summer dress");

    @TempDir
    Path dir;

    static TinyOnnxModels.TextModel model() {
        return TinyOnnxModels.bertLike(31, TOKENIZER.vocab().size(), DIM, false);
    }

    static OnnxSentenceEncoder encoder(TinyOnnxModels.TextModel m, OnnxSentenceEncoder.Options options) throws Exception {
        return new OnnxSentenceEncoder("tiny-bert", m.onnx(),
                new ByteArrayInputStream(TOKENIZER.json().getBytes(StandardCharsets.UTF_8)), options);
    }

    @Test
    void referenceTokenizationIsWordPiece() {
        // worked out by hand: "shirts" is "shirt" + "##s", an unknown word is [UNK]
        assertThat(TOKENIZER.ids("Red shirts", 256)).containsExactly(2, TOKENIZER.id("red"), TOKENIZER.id("shirt"),
                TOKENIZER.id("##s"), 3);
        assertThat(TOKENIZER.ids("hammer", 256)).containsExactly(2, 1, 3);
    }

    @Test
    void meanPoolingMatchesThePlainJavaReference() throws Exception {
        TinyOnnxModels.TextModel m = model();
        try (OnnxSentenceEncoder e = encoder(m, OnnxSentenceEncoder.Options.defaults())) {
            assertThat(e.dimension()).isEqualTo(DIM);
            List<float[]> actual = e.embedAll(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] expected = TextReferences.bert(m, TOKENIZER.ids(TEXTS.get(i), 256), false);
                assertThat(actual.get(i)).as(TEXTS.get(i)).containsExactly(expected, within(TOLERANCE));
            }
        }
    }

    @Test
    void clsPoolingTakesTheFirstToken() throws Exception {
        TinyOnnxModels.TextModel m = model();
        try (OnnxSentenceEncoder e = encoder(m, OnnxSentenceEncoder.Options.defaults()
                .withPooling(OnnxSentenceEncoder.Pooling.CLS))) {
            for (String t : TEXTS) {
                assertThat(e.embed(t)).as(t).containsExactly(TextReferences.bert(m, TOKENIZER.ids(t, 256), true),
                        within(TOLERANCE));
            }
        }
    }

    @Test
    void batchedRunsOfAFloatModelGiveTheVectorsOfSingleRuns() throws Exception {
        TinyOnnxModels.TextModel m = model();
        List<String> texts = new ArrayList<>(TEXTS);
        texts.add(2, "   "); // blank in the middle
        try (OnnxSentenceEncoder batched = encoder(m, OnnxSentenceEncoder.Options.defaults().withQuantized(false)
                .withBatchSize(3))) {
            List<float[]> together = batched.embedAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                float[] alone = batched.embed(texts.get(i)); // one text: a batch of one, no padding
                assertThat(together.get(i)).as(texts.get(i)).containsExactly(alone, within(TOLERANCE));
                if (!texts.get(i).isBlank()) {
                    assertThat(together.get(i)).containsExactly(
                            TextReferences.bert(m, TOKENIZER.ids(texts.get(i), 256), false), within(TOLERANCE));
                }
            }
            assertThat(VectorMath.norm(together.get(2))).isZero();
        }
    }

    @Test
    void longTextsAreTruncatedToMaxTokens() throws Exception {
        TinyOnnxModels.TextModel m = model();
        String longText = "red striped cotton shirts for women and men with blue denim jeans";
        try (OnnxSentenceEncoder e = encoder(m, OnnxSentenceEncoder.Options.defaults().withMaxTokens(8))) {
            long[] ids = TOKENIZER.ids(longText, 8);
            assertThat(ids).hasSize(8).endsWith(3);
            assertThat(e.embed(longText)).containsExactly(TextReferences.bert(m, ids, false), within(TOLERANCE));
        }
    }

    @Test
    void aNamedOutputIsUsedWhenTheFirstIsNotTokenVectors() throws Exception {
        TinyOnnxModels.TextModel m = TinyOnnxModels.bertLike(31, TOKENIZER.vocab().size(), DIM, true);
        assertThatThrownBy(() -> encoder(m, OnnxSentenceEncoder.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pooler_output").hasMessageContaining("[batch, tokens, dimension]");
        try (OnnxSentenceEncoder e = encoder(m, OnnxSentenceEncoder.Options.defaults().withOutput("last_hidden_state"))) {
            assertThat(e.embed("red shirt")).containsExactly(TextReferences.bert(m, TOKENIZER.ids("red shirt", 256), false),
                    within(TOLERANCE));
        }
        assertThatThrownBy(() -> encoder(m, OnnxSentenceEncoder.Options.defaults().withOutput("tokens")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no output 'tokens'");
    }

    @Test
    void userModelsLoadFromFiles() throws Exception {
        TinyOnnxModels.TextModel m = model();
        Path onnx = m.write(dir.resolve("model.onnx"));
        Path tok = TOKENIZER.write(dir.resolve("tokenizer.json"));
        OnnxSentenceEncoder.Options options = OnnxSentenceEncoder.Options.defaults().withQuantized(false);
        try (OnnxSentenceEncoder e = OnnxSentenceEncoder.fromFiles("my-model-v1", onnx, tok, options)) {
            assertThat(e.id()).isEqualTo("my-model-v1");
            assertThat(e.options()).isEqualTo(options);
            assertThat(e.embedAll(TEXTS).get(0)).containsExactly(
                    TextReferences.bert(m, TOKENIZER.ids(TEXTS.get(0), 256), false), within(TOLERANCE));
        }
        assertThatThrownBy(() -> OnnxSentenceEncoder.fromFiles("x", dir.resolve("missing.onnx"), tok, options))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.onnx");
        assertThatThrownBy(() -> OnnxSentenceEncoder.fromFiles(" ", onnx, tok, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encoder id");
    }

    @Test
    void optionsRefuseBadValues() {
        OnnxSentenceEncoder.Options d = OnnxSentenceEncoder.Options.defaults();
        assertThat(d.quantized()).isTrue();
        assertThat(d.pooling()).isEqualTo(OnnxSentenceEncoder.Pooling.MEAN);
        assertThatThrownBy(() -> d.withMaxTokens(4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
        assertThatThrownBy(() -> d.withBatchSize(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> d.withOutput(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withPooling(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedEncoderRefusesWork() throws Exception {
        OnnxSentenceEncoder e = encoder(model(), OnnxSentenceEncoder.Options.defaults());
        e.close();
        e.close();
        assertThatThrownBy(() -> e.embedAll(Arrays.asList("red", "blue"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
