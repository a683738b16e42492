package dev.lookalike.encoder.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.VectorMath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text tower of a CLIP model, so that a text lands in the same space as the pictures of the matching image
 * tower (an {@link OnnxImageEncoder} reading the vision model's {@code image_embeds}): text-to-image search.
 *
 * <p>Texts are tokenized with the model's {@code tokenizer.json} (CLIP's byte-level BPE, through DJL's Hugging Face
 * tokenizers; the tokenizer's post-processor adds the start and end tokens) and truncated to {@code maxTokens}
 * (77, CLIP's context length, special tokens included). Each text runs as its own unpadded sequence: CLIP's text
 * transformer is causally masked and pools at the end token, and running sequences alone needs no attention mask.
 * The model takes {@code input_ids [batch, tokens]} (int64) and, if it declares it, {@code attention_mask} (all
 * ones).
 *
 * <p>Output: {@code text_embeds [batch, D]}, the pooled end-token state after CLIP's text projection, which is what
 * the joint space is; an export without it (Hugging Face's {@code CLIPTextModel}: {@code last_hidden_state} and
 * {@code pooler_output}) gives {@code pooler_output}, the end-token state before the projection, documented by
 * Hugging Face as the pooled output: usable for text-to-text similarity, but <b>not</b> in the image space
 * ({@link #projected()} is then {@code false}). Vectors are L2-normalised; blank texts give the zero vector.
 *
 * <p>Thread-safe: texts run in parallel on the common fork-join pool, one ONNX thread each. {@link #close()} waits
 * for running calls; later calls throw {@link IllegalStateException}.
 */
public final class ClipTextEncoder implements Encoder<String>, AutoCloseable {

    /** CLIP's context length: start token, 75 text tokens, end token. */
    public static final int MAX_TOKENS = 77;
    /** The projected output of a CLIP text tower ({@code CLIPTextModelWithProjection}). */
    public static final String TEXT_EMBEDS = "text_embeds";
    /** The unprojected pooled output of {@code CLIPTextModel}. */
    public static final String POOLER_OUTPUT = "pooler_output";

    private static final Logger LOG = LoggerFactory.getLogger(ClipTextEncoder.class);

    private final String id;
    private final String source;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession session;
    private final String outputName;
    private final boolean feedsMask;
    private final int dimension;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * Loads a text tower from files.
     *
     * @param id        the encoder id stored with an index (e.g. {@code clip-vit-b32-text}); change it whenever the
     *                  model or tokenizer changes
     * @param model     the text tower's {@code .onnx} file
     * @param tokenizer its {@code tokenizer.json}
     * @param maxTokens longer texts are truncated to this many tokens, special tokens included, in [3, 4096]
     *                  ({@value #MAX_TOKENS} for CLIP)
     * @param output    the output to read, or {@code null}: {@value #TEXT_EMBEDS} if the model has it, else
     *                  {@value #POOLER_OUTPUT}
     * @throws NoSuchFileException      when a file is missing
     * @throws IOException              when the model or tokenizer cannot be loaded
     * @throws IllegalArgumentException when the model's inputs or outputs do not fit; the message names the file
     */
    public ClipTextEncoder(String id, Path model, Path tokenizer, int maxTokens, String output) throws IOException {
        this(id, String.valueOf(model), requireFile(model, "ONNX model"), null, openTokenizer(tokenizer, maxTokens),
                output);
    }

    /** As {@link #ClipTextEncoder(String, Path, Path, int, String)}, from the model's bytes and tokenizer stream. */
    public ClipTextEncoder(String id, byte[] model, InputStream tokenizer, int maxTokens, String output)
            throws IOException {
        this(id, "in-memory model (" + (model == null ? 0 : model.length) + " bytes)", null, requireBytes(model),
                loadTokenizer(tokenizer, maxTokens), output);
    }

    private ClipTextEncoder(String id, String source, Path file, byte[] bytes, HuggingFaceTokenizer tokenizer,
                            String output) throws IOException {
        OrtSession s = null;
        try {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("encoder id must be non-blank, got '" + id + "'");
            }
            if (output != null && output.isBlank()) {
                throw new IllegalArgumentException("output must be null or a name, got '" + output + "'");
            }
            this.id = id;
            this.source = source;
            this.tokenizer = tokenizer;
            // ONNX Runtime copies the options into the session: they are released as soon as it exists
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setIntraOpNumThreads(1);
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                s = file != null ? env.createSession(file.toString(), opts) : env.createSession(bytes, opts);
            }
            Set<String> inputs = new HashSet<>(s.getInputNames());
            if (!inputs.remove("input_ids")) {
                throw new IllegalArgumentException("CLIP text model " + source + " must take input_ids; it takes "
                        + s.getInputNames());
            }
            this.feedsMask = inputs.remove("attention_mask");
            if (!inputs.isEmpty()) {
                throw new IllegalArgumentException("CLIP text model " + source + " also takes " + inputs
                        + "; only input_ids and attention_mask are supported");
            }
            Map<String, NodeInfo> outputs = s.getOutputInfo();
            this.outputName = output != null ? output
                    : outputs.containsKey(TEXT_EMBEDS) ? TEXT_EMBEDS
                    : outputs.containsKey(POOLER_OUTPUT) ? POOLER_OUTPUT : null;
            NodeInfo info = outputName == null ? null : outputs.get(outputName);
            if (info == null) {
                throw new IllegalArgumentException("CLIP text model " + source + " has no output '"
                        + (output != null ? output : TEXT_EMBEDS + "' or '" + POOLER_OUTPUT) + "'; its outputs are "
                        + outputs.keySet());
            }
            if (!(info.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT || t.getShape().length != 2) {
                throw new IllegalArgumentException("CLIP text model " + source + ": output '" + outputName
                        + "' must be a float tensor [batch, dimension], got " + info.getInfo());
            }
            this.session = s;
            long declared = t.getShape()[1];
            this.dimension = declared > 0 ? Math.toIntExact(declared) : run(tokenizer.encode("")).length;
        } catch (OrtException e) {
            closeQuietly(s);
            tokenizer.close();
            throw new IOException("cannot load CLIP text model " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(s);
            tokenizer.close();
            throw e;
        }
        if (!projected()) {
            LOG.warn("CLIP text model {} has no '{}' output; using '{}', which is not in the image space", source,
                    TEXT_EMBEDS, outputName);
        }
        LOG.info("CLIP text encoder {}: {} output '{}', {} dimensions", id, source, outputName, dimension);
    }

    private static HuggingFaceTokenizer openTokenizer(Path tokenizer, int maxTokens) throws IOException {
        requireFile(tokenizer, "tokenizer.json");
        try (InputStream in = Files.newInputStream(tokenizer)) {
            return loadTokenizer(in, maxTokens);
        }
    }

    private static HuggingFaceTokenizer loadTokenizer(InputStream tokenizer, int maxTokens) throws IOException {
        if (maxTokens < 3 || maxTokens > 4096) {
            throw new IllegalArgumentException("maxTokens must be in [3, 4096], got " + maxTokens);
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer must not be null");
        }
        return HuggingFaceTokenizer.newInstance(tokenizer, Map.of(
                "padding", "false", "truncation", "true", "maxLength", Integer.toString(maxTokens)));
    }

    private static Path requireFile(Path file, String what) throws NoSuchFileException {
        if (file == null) {
            throw new IllegalArgumentException(what + " path must not be null");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such " + what + " file");
        }
        return file;
    }

    private static byte[] requireBytes(byte[] model) {
        if (model == null || model.length == 0) {
            throw new IllegalArgumentException("model bytes must not be null or empty");
        }
        return model;
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

    /** The output read: {@value #TEXT_EMBEDS}, {@value #POOLER_OUTPUT} or the one asked for. */
    public String output() {
        return outputName;
    }

    /** Whether the vectors are CLIP's projected {@value #TEXT_EMBEDS}, the space the image tower's vectors are in. */
    public boolean projected() {
        return TEXT_EMBEDS.equals(outputName);
    }

    /** The token ids a text is run with (start and end tokens included, truncated). */
    public long[] tokenIds(String text) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("encoder " + id + " (" + source + ") is closed");
            }
            return tokenizer.encode(text).getIds();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("encoder " + id + " (" + source + ") is closed");
            }
            float[][] out = new float[texts.size()][];
            IntStream.range(0, texts.size()).parallel().forEach(i -> {
                String t = texts.get(i);
                out[i] = t == null || t.isBlank() ? new float[dimension] : embedOne(t);
            });
            return new ArrayList<>(Arrays.asList(out));
        } finally {
            lock.readLock().unlock();
        }
    }

    private float[] embedOne(String text) {
        try {
            float[] v = run(tokenizer.encode(text));
            if (v.length != dimension) {
                throw new IllegalStateException("CLIP text model " + source + ": output '" + outputName + "' gave "
                        + v.length + " values, expected " + dimension);
            }
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    throw new IllegalStateException("CLIP text model " + source + ": output '" + outputName
                            + "' has a non-finite value (" + x + ")");
                }
            }
            return VectorMath.normalizeInPlace(v);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX inference failed in " + id + " (" + source + "): " + e.getMessage(), e);
        }
    }

    /** One unpadded sequence through the model; the raw output row. */
    private float[] run(Encoding encoding) throws OrtException {
        long[] ids = encoding.getIds();
        long[] shape = {1, ids.length};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            if (feedsMask) {
                long[] ones = new long[ids.length];
                Arrays.fill(ones, 1L);
                inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                long[] outShape = output.getInfo().getShape();
                if (outShape.length != 2 || outShape[0] != 1) {
                    throw new IllegalStateException("CLIP text model " + source + ": output '" + outputName
                            + "' has shape " + Arrays.toString(outShape) + " for one text");
                }
                FloatBuffer data = output.getFloatBuffer();
                float[] v = new float[data.remaining()];
                data.get(v);
                return v;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

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
