package dev.lookalike.encoder;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (int8-quantized ONNX), run in-process by langchain4j on ONNX Runtime.
 * The model ships inside its jar: nothing is downloaded. 384 dimensions, L2-normalised. Blank text gives the zero
 * vector (no signal) instead of an error.
 *
 * <p>Thread-safe. The model is loaded once, on first construction (about half a second).
 */
public final class MiniLmTextEncoder implements Encoder<String> {

    public static final String ID = "all-minilm-l6-v2-q";
    public static final int DIMENSION = 384;

    private static final class Holder {
        static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        List<TextSegment> segments = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            out.add(new float[DIMENSION]);
            if (t != null && !t.isBlank()) {
                segments.add(TextSegment.from(t));
                positions.add(i);
            }
        }
        if (!segments.isEmpty()) {
            List<Embedding> embeddings = Holder.MODEL.embedAll(segments).content();
            for (int j = 0; j < embeddings.size(); j++) {
                float[] v = embeddings.get(j).vector();
                out.set(positions.get(j), VectorMath.normalizeInPlace(v));
            }
        }
        return out;
    }
}
