package dev.lookalike.encoder.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import dev.lookalike.encoder.onnx.ImagePreprocessing.TokenPooling;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image vectors from any ONNX vision model: a CNN's pooled or spatial features, a ViT's tokens, CLIP's image
 * embedding. Pictures are prepared as {@link ImagePreprocessing} says, run through ONNX Runtime (CPU) in batches,
 * reduced to one vector each (see {@link ImagePreprocessing#featureLayout()} and
 * {@link ImagePreprocessing#tokenPooling()}) and L2-normalised.
 *
 * <p>The model must have exactly one input: a 4-D float image tensor, {@code [N, 3, H, W]} or {@code [N, H, W, 3]}
 * as the preprocessing's layout says. Fixed height, width or channel dimensions must match the preprocessing. The
 * batch dimension may be symbolic (inputs are sent {@code batchSize} at a time) or fixed (inputs are sent exactly
 * that many at a time, the last batch padded; a fixed batch of 1 runs the pictures one by one). The used output
 * must be a float tensor of rank 2, 3 or 4; when its feature dimension is symbolic, one blank picture is run at
 * construction to learn it.
 *
 * <p>Thread-safe: {@code OrtSession.run} may be called concurrently, and everything else is immutable or a
 * concurrent queue. Calls from several threads run concurrently, each with up to {@code intraOpThreads} ONNX Runtime
 * threads: when the callers are already parallel (as {@code ProductVectorizer}'s are), 1 avoids oversubscribing the
 * cores. Each concurrent call holds one input buffer of {@code batchSize} pictures ({@code 4 * 3 * W * H} bytes
 * each, 19 MB for 32 pictures of 224x224), and up to one per core is kept for reuse. {@link #close()} waits for
 * running calls; later calls throw {@link IllegalStateException}.
 */
public final class OnnxImageEncoder implements Encoder<BufferedImage>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxImageEncoder.class);

    /** Largest accepted batch size; a typo should not allocate gigabytes of input tensor. */
    static final int MAX_BATCH = 1024;

    private final String id;
    private final String source;
    private final ImagePreprocessing preprocessing;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    /** Images per run; equals {@link #fixedBatch} when the model's batch dimension is fixed. */
    private final int batchSize;
    private final boolean fixedBatch;
    private final int dimension;
    /** Input buffers of a full batch, reused: allocating tens of megabytes of direct memory per batch is slow. */
    private final Queue<FloatBuffer> inputBuffers = new ConcurrentLinkedQueue<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * Loads a model file.
     *
     * @param id             the encoder id stored with an index; name the model and its version (e.g.
     *                       {@code clip-vit-b32-v1}), and change it whenever the model or preprocessing changes
     * @param modelFile      an {@code .onnx} file
     * @param preprocessing  how pictures become the model's input
     * @param batchSize      pictures per inference run, in [1, {@value #MAX_BATCH}]; a model with a fixed batch
     *                       dimension uses that instead
     * @param intraOpThreads ONNX Runtime threads per run, {@code >= 0}; 0 lets ONNX Runtime choose (one per core)
     * @throws IOException              when the file cannot be read or is not a model ONNX Runtime can load
     * @throws IllegalArgumentException when an argument is invalid, or the model's input is not an image tensor
     *                                  matching the preprocessing, or its output cannot give a vector; the message
     *                                  names the model file and the shape
     */
    public OnnxImageEncoder(String id, Path modelFile, ImagePreprocessing preprocessing, int batchSize,
                            int intraOpThreads) throws IOException {
        this(id, String.valueOf(modelFile), checkFile(modelFile), null, preprocessing, batchSize, intraOpThreads);
    }

    /**
     * Loads a model from its bytes (the contents of an {@code .onnx} file). Otherwise as
     * {@link #OnnxImageEncoder(String, Path, ImagePreprocessing, int, int)}.
     */
    public OnnxImageEncoder(String id, byte[] model, ImagePreprocessing preprocessing, int batchSize,
                            int intraOpThreads) throws IOException {
        this(id, "in-memory model (" + (model == null ? 0 : model.length) + " bytes)", null, checkBytes(model),
                preprocessing, batchSize, intraOpThreads);
    }

    private OnnxImageEncoder(String id, String source, Path file, byte[] bytes, ImagePreprocessing preprocessing,
                             int batchSize, int intraOpThreads) throws IOException {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("encoder id must be non-blank, got '" + id + "'");
        }
        if (preprocessing == null) {
            throw new IllegalArgumentException("preprocessing must not be null");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be in [1, " + MAX_BATCH + "], got " + batchSize);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0: ONNX Runtime's default), got "
                    + intraOpThreads);
        }
        this.id = id;
        this.source = source;
        this.preprocessing = preprocessing;
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = null;
        OrtSession s = null;
        try {
            opts = new OrtSession.SessionOptions();
            if (intraOpThreads > 0) {
                opts.setIntraOpNumThreads(intraOpThreads);
            }
            s = file != null ? env.createSession(file.toString(), opts) : env.createSession(bytes, opts);
            this.inputName = checkInput(s);
            long declaredBatch = batchDimension(s);
            this.fixedBatch = declaredBatch > 0;
            if (fixedBatch && declaredBatch > MAX_BATCH) {
                throw new IllegalArgumentException(describe() + ": fixed batch dimension " + declaredBatch
                        + " is larger than " + MAX_BATCH);
            }
            this.batchSize = fixedBatch ? (int) declaredBatch : batchSize;
            this.outputName = chooseOutput(s);
            this.options = opts;
            this.session = s;
            int declared = declaredDimension(s);
            this.dimension = declared > 0 ? declared : probeDimension();
        } catch (OrtException e) {
            closeQuietly(s, opts);
            throw new IOException("cannot load ONNX model " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(s, opts);
            throw e;
        }
        LOG.info("ONNX image encoder {}: {} input '{}', output '{}', {} dimensions, batch {}{}, {}", id, source,
                inputName, outputName, dimension, this.batchSize, fixedBatch ? " (fixed by the model)" : "",
                preprocessing);
    }

    private static Path checkFile(Path modelFile) throws IOException {
        if (modelFile == null) {
            throw new IllegalArgumentException("modelFile must not be null");
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new NoSuchFileException(modelFile.toString(), null, "no such ONNX model file");
        }
        return modelFile;
    }

    private static byte[] checkBytes(byte[] model) {
        if (model == null || model.length == 0) {
            throw new IllegalArgumentException("model bytes must not be null or empty");
        }
        return model;
    }

    private String describe() {
        return "ONNX model " + source;
    }

    /** The single input's name, after checking it is a float image tensor matching the preprocessing. */
    private String checkInput(OrtSession s) throws OrtException {
        Map<String, NodeInfo> inputs = s.getInputInfo();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(describe() + " has " + inputs.size() + " inputs " + describe(inputs)
                    + "; an image model has exactly one, a 4-D image tensor");
        }
        NodeInfo input = inputs.values().iterator().next();
        boolean nchw = preprocessing.layout() == Layout.NCHW;
        String expected = nchw
                ? "[N, 3, " + preprocessing.height() + ", " + preprocessing.width() + "] (NCHW)"
                : "[N, " + preprocessing.height() + ", " + preprocessing.width() + ", 3] (NHWC)";
        if (!(input.getInfo() instanceof TensorInfo t) || t.getShape().length != 4 || t.type != OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException(describe() + ": input '" + input.getName() + "' is "
                    + describe(input.getInfo()) + ", not an image tensor; the preprocessing expects a float tensor "
                    + expected);
        }
        long[] shape = t.getShape();
        int channelAxis = nchw ? 1 : 3;
        int heightAxis = nchw ? 2 : 1;
        int widthAxis = nchw ? 3 : 2;
        if (shape[channelAxis] > 0 && shape[channelAxis] != 3) {
            int otherAxis = nchw ? 3 : 1;
            String hint = shape[otherAxis] == 3
                    ? "; it looks " + (nchw ? "NHWC" : "NCHW") + ": set the preprocessing's layout to match"
                    : "; only 3-channel (colour) models are supported";
            throw new IllegalArgumentException(describe() + ": input '" + input.getName() + "' has shape "
                    + describe(t) + ", expected " + expected + hint);
        }
        if ((shape[heightAxis] > 0 && shape[heightAxis] != preprocessing.height())
                || (shape[widthAxis] > 0 && shape[widthAxis] != preprocessing.width())) {
            throw new IllegalArgumentException(describe() + ": input '" + input.getName() + "' has shape "
                    + describe(t) + ", but the preprocessing makes " + expected + "; set its size to the model's");
        }
        return input.getName();
    }

    private long batchDimension(OrtSession s) throws OrtException {
        return ((TensorInfo) s.getInputInfo().get(inputName).getInfo()).getShape()[0];
    }

    private String chooseOutput(OrtSession s) throws OrtException {
        Map<String, NodeInfo> outputs = s.getOutputInfo();
        String name = preprocessing.output() != null ? preprocessing.output() : outputs.keySet().iterator().next();
        NodeInfo info = outputs.get(name);
        if (info == null) {
            throw new IllegalArgumentException(describe() + " has no output '" + name + "'; its outputs are "
                    + describe(outputs));
        }
        if (!(info.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT
                || t.getShape().length < 2 || t.getShape().length > 4) {
            throw new IllegalArgumentException(describe() + ": output '" + name + "' is " + describe(info.getInfo())
                    + "; expected a float tensor [N, D], [N, T, D] (tokens) or a 4-D feature map");
        }
        return name;
    }

    /** The feature dimension the output's declared shape gives after pooling, or -1 when it is symbolic. */
    private int declaredDimension(OrtSession s) throws OrtException {
        long[] shape = ((TensorInfo) s.getOutputInfo().get(outputName).getInfo()).getShape();
        long d = switch (shape.length) {
            case 2 -> shape[1];
            case 3 -> shape[2];
            default -> preprocessing.featureLayout() == Layout.NCHW ? shape[1] : shape[3];
        };
        if (d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(describe() + ": output '" + outputName + "' has " + d + " features");
        }
        return (int) d;
    }

    /** Runs one blank picture (all zeros after normalisation) to learn a symbolic feature dimension. */
    private int probeDimension() throws OrtException {
        FloatBuffer input = directFloats((long) batchSize(1) * preprocessing.valuesPerImage());
        float[] v = run(input, batchSize(1), 1).get(0); // a new direct buffer is all zeros
        LOG.debug("{}: output '{}' has a symbolic feature dimension; a blank picture gave {}", source, outputName,
                v.length);
        return v.length;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    public ImagePreprocessing preprocessing() {
        return preprocessing;
    }

    /** Pictures per inference run: the requested size, or the model's fixed batch dimension. */
    public int batchSize() {
        return batchSize;
    }

    /**
     * One L2-normalised vector per picture, in order; the pictures are run {@link #batchSize()} at a time.
     *
     * @throws IllegalArgumentException when a picture is null
     * @throws IllegalStateException    when the encoder is closed or ONNX Runtime fails; the message names the model
     */
    @Override
    public List<float[]> embedAll(List<BufferedImage> images) {
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null) {
                throw new IllegalArgumentException("image " + i + " of " + images.size() + " must not be null");
            }
        }
        List<float[]> out = new ArrayList<>(images.size());
        int perImage = preprocessing.valuesPerImage();
        float[] values = new float[perImage];
        FloatBuffer buffer = takeBuffer();
        try {
            for (int start = 0; start < images.size(); start += batchSize) {
                int count = Math.min(batchSize, images.size() - start);
                int rows = batchSize(count);
                buffer.clear();
                for (int i = 0; i < count; i++) {
                    preprocessing.write(images.get(start + i), values, 0);
                    buffer.put(values);
                }
                if (rows > count) {
                    // padding rows of a fixed batch are zero: a blank picture
                    buffer.put(new float[(rows - count) * perImage]);
                }
                buffer.flip();
                try {
                    out.addAll(run(buffer, rows, count));
                } catch (OrtException e) {
                    throw new IllegalStateException(describe() + " failed on a batch of " + count + " pictures: "
                            + e.getMessage(), e);
                }
            }
        } finally {
            returnBuffer(buffer);
        }
        return out;
    }

    /** A direct buffer for a full batch; the tensor made from it must be closed before it is returned. */
    private FloatBuffer takeBuffer() {
        FloatBuffer b = inputBuffers.poll();
        return b != null ? b : directFloats((long) batchSize * preprocessing.valuesPerImage());
    }

    /** Keeps at most one buffer per core: enough for concurrent callers, bounded memory. */
    private void returnBuffer(FloatBuffer b) {
        if (inputBuffers.size() < Runtime.getRuntime().availableProcessors()) {
            inputBuffers.offer(b);
        }
    }

    /** Rows sent for {@code count} pictures: the fixed batch, or count itself. */
    private int batchSize(int count) {
        return fixedBatch ? batchSize : count;
    }

    private static FloatBuffer directFloats(long count) {
        if (count * Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input tensor of " + count + " floats is too large; lower batchSize");
        }
        return ByteBuffer.allocateDirect((int) count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Runs {@code rows} preprocessed pictures and returns the normalised vectors of the first {@code count}. */
    private List<float[]> run(FloatBuffer input, int rows, int count) throws OrtException {
        long[] shape = preprocessing.layout() == Layout.NCHW
                ? new long[] {rows, 3, preprocessing.height(), preprocessing.width()}
                : new long[] {rows, preprocessing.height(), preprocessing.width(), 3};
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("encoder " + id + " (" + source + ") is closed");
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
                 OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                long[] outShape = output.getInfo().getShape();
                if (outShape.length < 2 || outShape.length > 4 || outShape[0] != rows) {
                    throw new IllegalStateException(describe() + ": output '" + outputName + "' has shape "
                            + Arrays.toString(outShape) + " for a batch of " + rows);
                }
                FloatBuffer data = output.getFloatBuffer();
                List<float[]> vectors = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    float[] v = pool(data, i, outShape, preprocessing.featureLayout(), preprocessing.tokenPooling());
                    // dimension is still 0 while the constructor probes it
                    if (dimension > 0 && v.length != dimension) {
                        throw new IllegalStateException(describe() + ": output '" + outputName + "' gave "
                                + v.length + " features (shape " + Arrays.toString(outShape)
                                + "), expected " + dimension);
                    }
                    vectors.add(requireFinite(VectorMath.normalizeInPlace(v)));
                }
                return vectors;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private float[] requireFinite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalStateException(describe() + ": output '" + outputName
                        + "' has a non-finite value (" + x + ")");
            }
        }
        return v;
    }

    /**
     * One item's feature vector from a batch output: rank 2 {@code [N, D]} as is; rank 3 {@code [N, T, D]} the
     * first token or the token mean; rank 4 the mean over the two spatial axes of {@code layout}.
     */
    static float[] pool(FloatBuffer data, int item, long[] shape, Layout layout, TokenPooling tokens) {
        switch (shape.length) {
            case 2 -> {
                int d = (int) shape[1];
                float[] v = new float[d];
                data.get(item * d, v);
                return v;
            }
            case 3 -> {
                int t = (int) shape[1];
                int d = (int) shape[2];
                int base = item * t * d;
                float[] v = new float[d];
                if (tokens == TokenPooling.CLS || t == 1) {
                    data.get(base, v);
                    return v;
                }
                double[] sum = new double[d];
                for (int k = 0; k < t; k++) {
                    for (int j = 0; j < d; j++) {
                        sum[j] += data.get(base + k * d + j);
                    }
                }
                for (int j = 0; j < d; j++) {
                    v[j] = (float) (sum[j] / t);
                }
                return v;
            }
            case 4 -> {
                boolean nchw = layout == Layout.NCHW;
                int c = (int) (nchw ? shape[1] : shape[3]);
                int spatial = (int) (nchw ? shape[2] * shape[3] : shape[1] * shape[2]);
                int base = item * c * spatial;
                double[] sum = new double[c];
                if (nchw) {
                    for (int ch = 0; ch < c; ch++) {
                        int o = base + ch * spatial;
                        double s = 0;
                        for (int p = 0; p < spatial; p++) {
                            s += data.get(o + p);
                        }
                        sum[ch] = s;
                    }
                } else {
                    for (int p = 0; p < spatial; p++) {
                        int o = base + p * c;
                        for (int ch = 0; ch < c; ch++) {
                            sum[ch] += data.get(o + ch);
                        }
                    }
                }
                float[] v = new float[c];
                for (int ch = 0; ch < c; ch++) {
                    v[ch] = (float) (sum[ch] / spatial);
                }
                return v;
            }
            default -> throw new IllegalArgumentException("cannot pool an output of rank " + shape.length);
        }
    }

    /** Releases the ONNX Runtime session; waits for running calls. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(session, options);
                inputBuffers.clear();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void closeQuietly(OrtSession s, OrtSession.SessionOptions opts) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException e) {
                LOG.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
            }
        }
        if (opts != null) {
            opts.close();
        }
    }

    @Override
    public String toString() {
        return "OnnxImageEncoder[" + id + ", " + source + ", " + dimension + " dimensions]";
    }

    private static String describe(Map<String, NodeInfo> infos) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        infos.forEach((name, info) -> j.add("'" + name + "' " + describe(info.getInfo())));
        return j.toString();
    }

    private static String describe(ValueInfo info) {
        if (info instanceof TensorInfo t) {
            return t.type.name().toLowerCase(Locale.ROOT) + " tensor " + describe(t);
        }
        return info.toString();
    }

    /** A tensor shape with symbolic dimensions by name, e.g. {@code [N, 3, 224, 224]}. */
    private static String describe(TensorInfo t) {
        long[] shape = t.getShape();
        String[] names = t.getDimensionNames();
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0) {
                j.add(Long.toString(shape[i]));
            } else {
                j.add(names != null && i < names.length && !names[i].isEmpty() ? names[i] : "?");
            }
        }
        return j.toString();
    }
}
