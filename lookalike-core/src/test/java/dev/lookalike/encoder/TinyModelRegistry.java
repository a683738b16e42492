package dev.lookalike.encoder;

import dev.lookalike.encoder.onnx.TinyOnnxModels;
import dev.lookalike.encoder.onnx.TinyTokenizers;
import dev.lookalike.model.HubServer;
import dev.lookalike.model.ImagePreset;
import dev.lookalike.model.ModelEncoder;
import dev.lookalike.model.ModelFile;
import dev.lookalike.model.ModelKind;
import dev.lookalike.model.ModelRegistry;
import dev.lookalike.model.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Registry entries for tiny test models, with the real SHA-256 of their bytes: {@code tiny-clip} (image and text
 * towers in one 8-d space, CLIP preprocessing, CLIP-style BPE tokenizer) and {@code tiny-bert} (a float
 * sentence model, mean pooling). {@link #serve} puts their files on a {@link HubServer} at their hub paths.
 * Immutable.
 */
public final class TinyModelRegistry {

    public static final int CLIP_DIM = 8;
    public static final int BERT_DIM = 10;
    public static final TinyTokenizers.Clip CLIP_TOKENIZER = TinyTokenizers.clipSample();
    public static final TinyTokenizers.Bert BERT_TOKENIZER = TinyTokenizers.bertSample();
    public static final TinyOnnxModels.MatMulModel VISION = TinyOnnxModels.clipVisionLike(41, 224, CLIP_DIM);
    public static final TinyOnnxModels.ClipTextModel TEXT = TinyOnnxModels.clipTextLike(42,
            CLIP_TOKENIZER.vocab().size(), 12, CLIP_DIM, TinyOnnxModels.ClipTextOutputs.PROJECTED, false);
    public static final TinyOnnxModels.TextModel BERT = TinyOnnxModels.bertLike(43, BERT_TOKENIZER.vocab().size(),
            BERT_DIM, false);

    private TinyModelRegistry() {
    }

    /** Both models. */
    public static ModelRegistry registry() {
        return ModelRegistry.of(List.of(tinyClip(CLIP_DIM), tinyBert()));
    }

    /** The tiny CLIP towers; {@code imageDimension} is what the registry claims for the image tower. */
    public static ModelSpec tinyClip(int imageDimension) {
        return new ModelSpec("tiny-clip", "tiny CLIP towers", "test/tiny-clip", "main", "test", "computed by the test",
                List.of(pinned("onnx/vision_model.onnx", VISION.onnx()), pinned("onnx/text_model.onnx", TEXT.onnx()),
                        pinned("tokenizer.json", bytes(CLIP_TOKENIZER.json()))),
                List.of(new ModelEncoder.Image("tiny-clip-image", ModelKind.CLIP_IMAGE, imageDimension,
                                "onnx/vision_model.onnx", ImagePreset.CLIP_VIT_B32, "image_embeds", "tiny-clip"),
                        new ModelEncoder.Text("tiny-clip-text", ModelKind.CLIP_TEXT, CLIP_DIM, "onnx/text_model.onnx",
                                "tokenizer.json", 77, ModelEncoder.Pooling.MODEL, false, "text_embeds", "tiny-clip")));
    }

    public static ModelSpec tinyBert() {
        return new ModelSpec("tiny-bert", "tiny float sentence model", "test/tiny-bert", "r1", "test", "test",
                List.of(pinned("onnx/model.onnx", BERT.onnx()), pinned("tokenizer.json", bytes(BERT_TOKENIZER.json()))),
                List.of(new ModelEncoder.Text("tiny-bert", ModelKind.TEXT, BERT_DIM, "onnx/model.onnx", "tokenizer.json",
                        256, ModelEncoder.Pooling.MEAN, false, "last_hidden_state", null)));
    }

    /** Serves both models' files at their hub paths. */
    public static HubServer serve(HubServer hub) {
        hub.put(HubServer.hubPath("test/tiny-clip", "main", "onnx/vision_model.onnx"), VISION.onnx());
        hub.put(HubServer.hubPath("test/tiny-clip", "main", "onnx/text_model.onnx"), TEXT.onnx());
        hub.put(HubServer.hubPath("test/tiny-clip", "main", "tokenizer.json"), bytes(CLIP_TOKENIZER.json()));
        hub.put(HubServer.hubPath("test/tiny-bert", "r1", "onnx/model.onnx"), BERT.onnx());
        hub.put(HubServer.hubPath("test/tiny-bert", "r1", "tokenizer.json"), bytes(BERT_TOKENIZER.json()));
        return hub;
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static ModelFile pinned(String path, byte[] bytes) {
        return ModelFile.pinned(path, bytes.length, HubServer.sha256(bytes));
    }
}
