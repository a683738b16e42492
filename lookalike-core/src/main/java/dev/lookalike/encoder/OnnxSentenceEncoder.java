package dev.lookalike.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

/**
 * A sentence-transformer (BERT-style) ONNX model: texts are tokenized with the model's {@code tokenizer.json} (DJL's
 * Hugging Face tokenizers), run through ONNX Runtime, pooled (mean over the attention mask, or the first token) and
 * L2-normalised. Blank texts give the zero vector.
 *
 * <p>The model takes {@code input_ids} and {@code attention_mask} ({@code [batch, tokens]}, int64), and
 * {@code token_type_ids} if it declares it; its used output (the first, or the one named in {@link Options}) holds
 * token vectors {@code [batch, tokens, dimension]}.
 *
 * <p><b>Single or batched.</b> A model declared quantized ({@link Options#quantized()}, the default, and the case of
 * the bundled all-MiniLM-L6-v2-q) runs each text as its own sequence: with dynamic quantization (int8 activations
 * scaled per tensor) a padded batch gives a text a slightly different vector depending on the other texts in its batch
 * (cosine 0.99 measured on all-MiniLM-L6-v2-q), and a product's vector must not depend on what it was ingested with.
 * A float (non-quantized) model gives the same vectors padded or not, up to float rounding (the padding is masked out
 * of attention and of the pooling), so a model declared non-quantized runs texts in batches: sorted by token count,
 * {@link Options#batchSize()} at a time, each batch padded to its longest text, batches in parallel.
 *
 * <p>Thread-safe: ONNX Runtime sessions and DJL tokenizers may be used concurrently; each inference uses one ONNX
 * thread, and texts (or batches) run in parallel on the common fork-join pool. Close it to free native memory; using
 * it afterwards throws {@link IllegalStateException}.
 */
public final class OnnxSentenceEncoder implements Encoder<String>, AutoCloseable {

    /** How token vectors become one vector. */
    public enum Pooling {
        /** Mean of the token vectors whose attention mask is 1 (sentence-transformers' usual pooling). */
        MEAN,
        /** The first token's vector ([CLS]). */
        CLS
    }

    /**
     * How the model is run. Immutable.
     *
     * @param maxTokens longer texts are truncated to this many tokens, special tokens included; {@code >= 8}
     * @param pooling   how token vectors become one vector
     * @param quantized {@code true} (the safe default) runs one text per inference; {@code false} declares a float
     *                  model, which runs texts in padded batches (see the class comment)
     * @param batchSize texts per inference for a float model, in [1, 1024]
     * @param output    the output holding token vectors, or {@code null} for the model's first output
     */
    public record Options(int maxTokens, Pooling pooling, boolean quantized, int batchSize, String output) {
        public Options {
            if (maxTokens < 8) {
                throw new IllegalArgumentException("maxTokens must be >= 8, got " + maxTokens);
            }
            if (pooling == null) {
                throw new IllegalArgumentException("pooling must not be null");
            }
            if (batchSize < 1 || batchSize > 1024) {
                throw new IllegalArgumentException("batchSize must be in [1, 1024], got " + batchSize);
            }
            if (output != null && output.isBlank()) {
                throw new IllegalArgumentException("output must be null (the first output) or a name, got '" + output + "'");
            }
        }

        /** 256 tokens, mean pooling, quantized (one text per run), batches of 32 if declared float, first output. */
        public static Options defaults() {
            return new Options(256, Pooling.MEAN, true, 32, null);
        }

        public Options withMaxTokens(int n) {
            return new Options(n, pooling, quantized, batchSize, output);
        }

        public Options withPooling(Pooling p) {
            return new Options(maxTokens, p, quantized, batchSize, output);
        }

        /** @param q {@code false} declares a float model, run in padded batches */
        public Options withQuantized(boolean q) {
            return new Options(maxTokens, pooling, q, batchSize, output);
        }

        public Options withBatchSize(int n) {
            return new Options(maxTokens, pooling, quantized, n, output);
        }

        public Options withOutput(String name) {
            return new Options(maxTokens, pooling, quantized, batchSize, name);
        }
    }

    private final String id;
    private final String source;
    private final Options options;
    private final int dimension;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession session;
    private final boolean needsTypeIds;
    private final String outputName;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * A model from its bytes, quantized (one text per run), mean pooling, first output.
     *
     * @param id        the encoder id stored with indexes
     * @param model     the ONNX model's bytes; its first output holds token embeddings [batch, tokens, dimension]
     * @param tokenizer the model's {@code tokenizer.json}
     * @param maxTokens longer texts are truncated to this many tokens (special tokens included)
     */
    public OnnxSentenceEncoder(String id, byte[] model, InputStream tokenizer, int maxTokens) throws IOException {
        this(id, model, tokenizer, Options.defaults().withMaxTokens(maxTokens));
    }

    /**
     * A model from its bytes.
     *
     * @throws IOException              when the model or tokenizer cannot be loaded
     * @throws IllegalArgumentException when the id is blank or the model's inputs or output do not fit
     */
    public OnnxSentenceEncoder(String id, byte[] model, InputStream tokenizer, Options options) throws IOException {
        this(id, "in-memory model (" + (model == null ? 0 : model.length) + " bytes)", null, model,
                loadTokenizer(tokenizer, options), options);
    }

    /**
     * A user's model from files: an ONNX file and its {@code tokenizer.json}.
     *
     * @param id        the encoder id stored with indexes; name the model and its version, and change it whenever
     *                  the model, tokenizer or options change
     * @param model     the {@code .onnx} file
     * @param tokenizer the {@code tokenizer.json} file
     * @throws NoSuchFileException      when a file is missing
     * @throws IOException              when the model or tokenizer cannot be loaded
     * @throws IllegalArgumentException when the id is blank or the model's inputs or output do not fit; the message
     *                                  names the file
     */
    public static OnnxSentenceEncoder fromFiles(String id, Path model, Path tokenizer, Options options)
            throws IOException {
        requireFile(model, "ONNX model");
        requireFile(tokenizer, "tokenizer.json");
        try (InputStream in = Files.newInputStream(tokenizer)) {
            return new OnnxSentenceEncoder(id, model.toString(), model, null, loadTokenizer(in, options), options);
        }
    }

    private OnnxSentenceEncoder(String id, String source, Path file, byte[] bytes, HuggingFaceTokenizer tokenizer,
                                Options options) throws IOException {
        if (id == null || id.isBlank()) {
            tokenizer.close();
            throw new IllegalArgumentException("encoder id must be non-blank, got '" + id + "'");
        }
        this.id = id;
        this.source = source;
        this.options = options;
        this.tokenizer = tokenizer;
        OrtSession s = null;
        try {
            // ONNX Runtime copies the options into the session: they are released as soon as it exists
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                opts.setIntraOpNumThreads(1);
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                s = file != null ? env.createSession(file.toString(), opts) : env.createSession(bytes, opts);
            }
            Set<String> inputs = s.getInputNames();
            if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
                throw new IllegalArgumentException("model " + id + " (" + source
                        + ") must take input_ids and attention_mask, it takes " + inputs);
            }
            this.needsTypeIds = inputs.contains("token_type_ids");
            Map<String, NodeInfo> outputs = s.getOutputInfo();
            this.outputName = options.output() != null ? options.output() : outputs.keySet().iterator().next();
            NodeInfo out = outputs.get(outputName);
            if (out == null) {
                throw new IllegalArgumentException("model " + id + " (" + source + ") has no output '" + outputName
                        + "'; its outputs are " + outputs.keySet());
            }
            long[] shape = out.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT ? t.getShape() : null;
            if (shape == null || shape.length != 3 || shape[2] <= 0) {
                throw new IllegalArgumentException("model " + id + " (" + source + "): output '" + outputName
                        + "' must be a float tensor [batch, tokens, dimension] with a fixed dimension, got "
                        + (shape == null ? out.getInfo() : Arrays.toString(shape)));
            }
            this.dimension = Math.toIntExact(shape[2]);
            this.session = s;
        } catch (OrtException e) {
            closeQuietly(s);
            tokenizer.close();
            throw new IOException("cannot load ONNX model " + id + " (" + source + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(s);
            tokenizer.close();
            throw e;
        }
    }

    private static HuggingFaceTokenizer loadTokenizer(InputStream tokenizer, Options options) throws IOException {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer must not be null");
        }
        return HuggingFaceTokenizer.newInstance(tokenizer, Map.of(
                "padding", "false", "truncation", "true", "maxLength", Integer.toString(options.maxTokens())));
    }

    static void requireFile(Path file, String what) throws NoSuchFileException {
        if (file == null) {
            throw new IllegalArgumentException(what + " path must not be null");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such " + what + " file");
        }
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // already failing
            }
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

    public Options options() {
        return options;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        // the caller's read lock keeps close() out until every worker is done
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("encoder " + id + " (" + source + ") is closed");
            }
            return embedOpen(texts);
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<float[]> embedOpen(List<String> texts) {
        float[][] out = new float[texts.size()][];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null || t.isBlank()) {
                out[i] = new float[dimension];
            } else {
                todo.add(i);
            }
        }
        if (options.quantized() || todo.size() <= 1) {
            todo.parallelStream().forEach(i -> out[i] = embedBatch(List.of(tokenizer.encode(texts.get(i)))).get(0));
        } else {
            Encoding[] encodings = new Encoding[texts.size()];
            todo.parallelStream().forEach(i -> encodings[i] = tokenizer.encode(texts.get(i)));
            // sorted by length, so that a batch's texts need little padding
            List<Integer> order = new ArrayList<>(todo);
            order.sort(Comparator.comparingInt((Integer i) -> encodings[i].getIds().length).thenComparing(i -> i));
            int batches = (order.size() + options.batchSize() - 1) / options.batchSize();
            IntStream.range(0, batches).parallel().forEach(b -> {
                List<Integer> members = order.subList(b * options.batchSize(),
                        Math.min(order.size(), (b + 1) * options.batchSize()));
                List<float[]> vectors = embedBatch(members.stream().map(i -> encodings[i]).toList());
                for (int k = 0; k < members.size(); k++) {
                    out[members.get(k)] = vectors.get(k);
                }
            });
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    /** Runs the encodings as one batch, padded to the longest with id 0 and mask 0; one normalised vector each. */
    private List<float[]> embedBatch(List<Encoding> encodings) {
        int rows = encodings.size();
        int width = encodings.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        long[] types = needsTypeIds ? new long[rows * width] : null;
        for (int r = 0; r < rows; r++) {
            Encoding e = encodings.get(r);
            System.arraycopy(e.getIds(), 0, ids, r * width, e.getIds().length);
            System.arraycopy(e.getAttentionMask(), 0, mask, r * width, e.getAttentionMask().length);
            if (types != null) {
                System.arraycopy(e.getTypeIds(), 0, types, r * width, e.getTypeIds().length);
            }
        }
        long[] shape = {rows, width};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (types != null) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                long[] outShape = output.getInfo().getShape();
                if (outShape.length != 3 || outShape[0] != rows || outShape[1] != width || outShape[2] != dimension) {
                    throw new IllegalStateException("model " + id + ": output '" + outputName + "' has shape "
                            + Arrays.toString(outShape) + " for input " + Arrays.toString(shape) + ", expected ["
                            + rows + ", " + width + ", " + dimension + "]");
                }
                FloatBuffer data = output.getFloatBuffer();
                List<float[]> vectors = new ArrayList<>(rows);
                for (int r = 0; r < rows; r++) {
                    vectors.add(VectorMath.normalizeInPlace(pool(data, r, width, mask)));
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX inference failed in " + id + " (" + source + "): " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[] pool(FloatBuffer data, int row, int width, long[] mask) {
        float[] v = new float[dimension];
        int base = row * width * dimension;
        if (options.pooling() == Pooling.CLS) {
            data.get(base, v);
            return v;
        }
        double[] sum = new double[dimension];
        int count = 0;
        for (int t = 0; t < width; t++) {
            if (mask[row * width + t] == 0) {
                continue;
            }
            count++;
            int o = base + t * dimension;
            for (int d = 0; d < dimension; d++) {
                sum[d] += data.get(o + d);
            }
        }
        for (int d = 0; count > 0 && d < dimension; d++) {
            v[d] = (float) (sum[d] / count);
        }
        return v;
    }

    /** Waits for running inferences, then frees the native session and tokenizer. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
            } finally {
                tokenizer.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX session of " + id, e);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
