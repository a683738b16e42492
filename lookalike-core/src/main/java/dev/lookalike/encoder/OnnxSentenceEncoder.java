package dev.lookalike.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A sentence-transformer (BERT-style) ONNX model: texts are tokenized with the model's {@code tokenizer.json} (DJL's
 * Hugging Face tokenizers), run through ONNX Runtime, mean-pooled over the attention mask and L2-normalised. Blank
 * texts give the zero vector.
 *
 * <p>Each text runs as its own sequence, on one ONNX thread, and texts run in parallel on the common fork-join pool.
 * Padded batches would be faster per call, but a dynamically quantized model (int8 activations scaled per tensor)
 * then gives a text a slightly different vector depending on the other texts in its batch (cosine 0.99 measured on
 * all-MiniLM-L6-v2-q), and a product's vector must not depend on what it was ingested with.
 *
 * <p>Thread-safe: ONNX Runtime sessions and DJL tokenizers may be used concurrently. Close it to free native memory.
 */
public final class OnnxSentenceEncoder implements Encoder<String>, AutoCloseable {

    private final String id;
    private final int dimension;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession session;
    private final boolean needsTypeIds;
    private final String outputName;

    /**
     * @param id        the encoder id stored with indexes
     * @param model     the ONNX model's bytes; its first output holds token embeddings [batch, tokens, dimension]
     * @param tokenizer the model's {@code tokenizer.json}
     * @param maxTokens longer texts are truncated to this many tokens (special tokens included)
     */
    public OnnxSentenceEncoder(String id, byte[] model, InputStream tokenizer, int maxTokens) throws IOException {
        if (maxTokens < 8) {
            throw new IllegalArgumentException("maxTokens must be >= 8, got " + maxTokens);
        }
        this.id = id;
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizer, Map.of(
                "padding", "false", "truncation", "true", "maxLength", Integer.toString(maxTokens)));
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            this.session = OrtEnvironment.getEnvironment().createSession(model, options);
            Set<String> inputs = session.getInputNames();
            if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
                throw new IllegalArgumentException("model " + id + " must take input_ids and attention_mask, it takes " + inputs);
            }
            this.needsTypeIds = inputs.contains("token_type_ids");
            this.outputName = session.getOutputNames().iterator().next();
            long[] shape = ((TensorInfo) session.getOutputInfo().get(outputName).getInfo()).getShape();
            if (shape.length != 3 || shape[2] <= 0) {
                throw new IllegalArgumentException("model " + id + ": output '" + outputName + "' must be [batch, tokens, dimension], got "
                        + java.util.Arrays.toString(shape));
            }
            this.dimension = Math.toIntExact(shape[2]);
        } catch (OrtException e) {
            throw new IOException("cannot load ONNX model " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        float[][] out = new float[texts.size()][];
        IntStream.range(0, texts.size()).parallel().forEach(i -> {
            String t = texts.get(i);
            out[i] = t == null || t.isBlank() ? new float[dimension] : embedOne(t);
        });
        return new ArrayList<>(List.of(out));
    }

    private float[] embedOne(String text) {
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        long[] shape = {1, ids.length};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (needsTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getTypeIds()), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                float[][] tokens = ((float[][][]) result.get(0).getValue())[0];
                return VectorMath.normalizeInPlace(meanPool(tokens, mask));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX inference failed in " + id + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[] meanPool(float[][] tokens, long[] mask) {
        float[] sum = new float[dimension];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            count++;
            for (int d = 0; d < dimension; d++) {
                sum[d] += tokens[t][d];
            }
        }
        for (int d = 0; count > 0 && d < dimension; d++) {
            sum[d] /= count;
        }
        return sum;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX session of " + id, e);
        } finally {
            tokenizer.close();
        }
    }
}
