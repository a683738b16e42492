package dev.lookalike.encoder.onnx;

import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Tiny ONNX vision models for tests, written byte by byte: no model file is downloaded and no Python is needed.
 * Weights come from a seeded {@link Random}, so a test can recompute a model's output in plain Java and compare.
 *
 * <p>ONNX files are protobuf {@code ModelProto} messages. {@link Graph} writes the subset used here with the field
 * numbers of {@code onnx/onnx.proto} (onnx/onnx repository): {@code ModelProto{ir_version = 1, producer_name = 2,
 * graph = 7, opset_import = 8}}, {@code OperatorSetIdProto{domain = 1, version = 2}}, {@code GraphProto{node = 1,
 * name = 2, initializer = 5, input = 11, output = 12}}, {@code NodeProto{input = 1, output = 2, name = 3,
 * op_type = 4, attribute = 5}}, {@code AttributeProto{name = 1, i = 3, ints = 8, type = 20}} (types INT = 2,
 * INTS = 7), {@code TensorProto{dims = 1, data_type = 2, float_data = 4 (packed), name = 8, raw_data = 9}},
 * {@code ValueInfoProto{name = 1, type = 2}}, {@code TypeProto{tensor_type = 1}},
 * {@code TypeProto.Tensor{elem_type = 1, shape = 2}}, {@code TensorShapeProto{dim = 1}} and
 * {@code Dimension{dim_value = 1, dim_param = 2}}. IR version 8, default-domain opset 13. Element types: FLOAT = 1,
 * INT32 = 6, INT64 = 7.
 *
 * <p>Besides the vision models there are tiny text models: {@link #bertLike} (token ids, attention mask and token
 * types in, token vectors out, like a sentence-transformer) and {@link #clipTextLike} (token ids in, the end token's
 * projected state out, like a CLIP text tower), with {@link #clipVisionLike} as the matching image tower.
 *
 * <p>Shapes are given as {@code Object...}: an {@link Integer} or {@link Long} is a fixed dimension, a
 * {@link String} a symbolic one. Stateless and thread-safe; the model records are immutable (arrays are copied).
 */
public final class TinyOnnxModels {

    static final int IR_VERSION = 8;
    static final int OPSET = 13;
    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;

    /** Channels of {@link #cnn}'s convolution. */
    public static final int CNN_CHANNELS = 8;
    public static final int CNN_KERNEL = 3;
    public static final int CNN_STRIDE = 2;
    public static final int CNN_PAD = 1;
    /** Output width of {@link #pooled}. */
    public static final int POOLED_DIMENSION = 16;

    private TinyOnnxModels() {
    }

    /**
     * A convolution layer and its model.
     *
     * @param onnx   the model file's bytes
     * @param weight {@code [out, 3, k, k]} row-major
     * @param bias   {@code [out]}
     * @param out    output channels
     * @param kernel square kernel side
     * @param stride stride, both axes
     * @param pad    zero padding on every side
     */
    public record ConvModel(byte[] onnx, float[] weight, float[] bias, int out, int kernel, int stride, int pad) {
        public ConvModel {
            onnx = onnx.clone();
            weight = weight.clone();
            bias = bias.clone();
        }

        @Override
        public byte[] onnx() {
            return onnx.clone();
        }

        @Override
        public float[] weight() {
            return weight.clone();
        }

        @Override
        public float[] bias() {
            return bias.clone();
        }

        public Path write(Path file) throws IOException {
            return Files.write(file, onnx);
        }
    }

    /**
     * A global-average-pool then matrix-product model.
     *
     * @param onnx   the model file's bytes
     * @param weight {@code [3, D]} row-major
     */
    public record MatMulModel(byte[] onnx, float[] weight) {
        public MatMulModel {
            onnx = onnx.clone();
            weight = weight.clone();
        }

        @Override
        public byte[] onnx() {
            return onnx.clone();
        }

        @Override
        public float[] weight() {
            return weight.clone();
        }

        public Path write(Path file) throws IOException {
            return Files.write(file, onnx);
        }
    }

    /** {@link #cnn(long, Object, Object, Layout, Object)} with an NCHW input and a symbolic batch "N". */
    public static ConvModel cnn(long seed, int height, int width) {
        return cnn(seed, height, width, Layout.NCHW, "N");
    }

    /**
     * "CNN-like": image → Conv ({@value #CNN_KERNEL}x{@value #CNN_KERNEL}, stride {@value #CNN_STRIDE}, pad
     * {@value #CNN_PAD}, 3 → {@value #CNN_CHANNELS} channels, bias) → Relu → output "features"
     * {@code [N, 8, H', W']} (NCHW whatever the input layout), so the encoder's spatial pooling is exercised.
     *
     * @param height input height, an Integer or a symbolic name
     * @param width  input width, an Integer or a symbolic name
     * @param layout the input's layout; NHWC inputs go through a Transpose to NCHW first
     * @param batch  the batch dimension: a symbolic name, or a fixed size such as 1
     */
    public static ConvModel cnn(long seed, Object height, Object width, Layout layout, Object batch) {
        Random random = new Random(seed);
        int k = CNN_KERNEL;
        float[] weight = uniform(random, CNN_CHANNELS * 3 * k * k, 0.5f);
        float[] bias = uniform(random, CNN_CHANNELS, 0.1f);
        Graph g = new Graph("tiny_cnn");
        String image = imageInput(g, layout, batch, height, width);
        g.floatInitializer("conv_w", weight, CNN_CHANNELS, 3, k, k);
        g.floatInitializer("conv_b", bias, CNN_CHANNELS);
        g.node("Conv", List.of(image, "conv_w", "conv_b"), List.of("conv"),
                Graph.ints("kernel_shape", k, k), Graph.ints("strides", CNN_STRIDE, CNN_STRIDE),
                Graph.ints("pads", CNN_PAD, CNN_PAD, CNN_PAD, CNN_PAD));
        g.node("Relu", List.of("conv"), List.of("features"));
        g.output("features", batch, CNN_CHANNELS, convOut(height), convOut(width));
        return new ConvModel(g.model(), weight, bias, CNN_CHANNELS, k, CNN_STRIDE, CNN_PAD);
    }

    /**
     * {@link #cnn(long, int, int)} with a second output declared first: "channel_means"
     * {@code [N, 3, 1, 1]}, the input's GlobalAveragePool, then "features" as in {@link #cnn}.
     */
    public static ConvModel cnnWithTwoOutputs(long seed, int size) {
        ConvModel single = cnn(seed, size, size);
        int k = CNN_KERNEL;
        Graph g = new Graph("tiny_cnn_two_outputs");
        g.input("image", "N", 3, size, size);
        g.floatInitializer("conv_w", single.weight(), CNN_CHANNELS, 3, k, k);
        g.floatInitializer("conv_b", single.bias(), CNN_CHANNELS);
        g.node("GlobalAveragePool", List.of("image"), List.of("channel_means"));
        g.node("Conv", List.of("image", "conv_w", "conv_b"), List.of("conv"),
                Graph.ints("kernel_shape", k, k), Graph.ints("strides", CNN_STRIDE, CNN_STRIDE),
                Graph.ints("pads", CNN_PAD, CNN_PAD, CNN_PAD, CNN_PAD));
        g.node("Relu", List.of("conv"), List.of("features"));
        g.output("channel_means", "N", 3, 1, 1);
        g.output("features", "N", CNN_CHANNELS, convOut(size), convOut(size));
        return new ConvModel(g.model(), single.weight(), single.bias(), CNN_CHANNELS, k, CNN_STRIDE, CNN_PAD);
    }

    private static Object convOut(Object side) {
        return side instanceof Integer n ? (n + 2 * CNN_PAD - CNN_KERNEL) / CNN_STRIDE + 1 : "conv_" + side;
    }

    /**
     * "Pooled": image → GlobalAveragePool → Flatten → MatMul with a {@code [3, 16]} weight → output "embedding"
     * {@code [N, 16]}. With {@code symbolicDimension} the output is declared {@code [N, "D"]} and the MatMul's
     * weight is reshaped at run time so that ONNX Runtime cannot infer D either (the encoder must run the model
     * once to learn it).
     */
    public static MatMulModel pooled(long seed, int height, int width, Layout layout, boolean symbolicDimension) {
        return pooled(seed, height, width, layout, symbolicDimension, POOLED_DIMENSION);
    }

    /** {@link #pooled(long, int, int, Layout, boolean)} with a {@code [3, dimension]} weight: output {@code [N, dimension]}. */
    public static MatMulModel pooled(long seed, int height, int width, Layout layout, boolean symbolicDimension,
                                     int dimension) {
        Random random = new Random(seed);
        float[] weight = uniform(random, 3 * dimension, 1f);
        Graph g = new Graph("tiny_pooled");
        String image = imageInput(g, layout, "N", height, width);
        g.node("GlobalAveragePool", List.of(image), List.of("gap"));
        g.node("Flatten", List.of("gap"), List.of("flat"), Graph.integer("axis", 1));
        String w = "mm_w";
        if (symbolicDimension) {
            // the weight is stored flat and reshaped to [3, -1 + 0 * max(image)]: a shape that depends on the input's
            // values cannot be inferred or constant-folded, so ONNX Runtime reports the output as [N, ?]
            g.floatInitializer("mm_w_flat", weight, 3L * dimension);
            g.floatInitializer("zero", new float[] {0f});
            g.int64Initializer("mm_w_shape", new long[] {3, -1}, 2);
            g.node("ReduceMax", List.of(image), List.of("image_max"), Graph.integer("keepdims", 0));
            g.node("Mul", List.of("image_max", "zero"), List.of("zero_from_image"));
            g.node("Cast", List.of("zero_from_image"), List.of("zero_int"), Graph.integer("to", INT64));
            g.node("Add", List.of("mm_w_shape", "zero_int"), List.of("mm_w_shape_runtime"));
            g.node("Reshape", List.of("mm_w_flat", "mm_w_shape_runtime"), List.of(w));
        } else {
            g.floatInitializer(w, weight, 3, dimension);
        }
        g.node("MatMul", List.of("flat", w), List.of("embedding"));
        g.output("embedding", "N", symbolicDimension ? "D" : dimension);
        return new MatMulModel(g.model(), weight);
    }

    /**
     * "ViT-like" tokens: image {@code [N, 3, size, size]} → Conv with kernel = stride = {@code patch} (3 → dim, bias)
     * → Reshape {@code [N, dim, T]} → Transpose → output "tokens" {@code [N, T, dim]}, T = (size / patch)². Token 0
     * is the top-left patch.
     */
    public static ConvModel tokens(long seed, int size, int patch, int dim) {
        if (size % patch != 0) {
            throw new IllegalArgumentException("size " + size + " is not a multiple of patch " + patch);
        }
        Random random = new Random(seed);
        float[] weight = uniform(random, dim * 3 * patch * patch, 0.5f);
        float[] bias = uniform(random, dim, 0.1f);
        int t = (size / patch) * (size / patch);
        Graph g = new Graph("tiny_tokens");
        g.input("image", "N", 3, size, size);
        g.floatInitializer("patch_w", weight, dim, 3, patch, patch);
        g.floatInitializer("patch_b", bias, dim);
        g.int64Initializer("seq_shape", new long[] {0, dim, -1}, 3);
        g.node("Conv", List.of("image", "patch_w", "patch_b"), List.of("patches"),
                Graph.ints("kernel_shape", patch, patch), Graph.ints("strides", patch, patch));
        g.node("Reshape", List.of("patches", "seq_shape"), List.of("seq"));
        g.node("Transpose", List.of("seq"), List.of("tokens"), Graph.ints("perm", 0, 2, 1));
        g.output("tokens", "N", t, dim);
        return new ConvModel(g.model(), weight, bias, dim, patch, patch, 0);
    }

    /** Not an image model: {@code [N, 10]} → MatMul → {@code [N, 4]}. */
    public static byte[] vectorModel(long seed) {
        Graph g = new Graph("tiny_vector");
        g.input("values", "N", 10);
        g.floatInitializer("w", uniform(new Random(seed), 40, 1f), 10, 4);
        g.node("MatMul", List.of("values", "w"), List.of("out"));
        g.output("out", "N", 4);
        return g.model();
    }

    /** A grey-scale model: {@code [N, 1, size, size]} → GlobalAveragePool → output {@code [N, 1, 1, 1]}. */
    public static byte[] greyModel(int size) {
        Graph g = new Graph("tiny_grey");
        g.input("image", "N", 1, size, size);
        g.node("GlobalAveragePool", List.of("image"), List.of("out"));
        g.output("out", "N", 1, 1, 1);
        return g.model();
    }

    /** Two image inputs added together. */
    public static byte[] twoInputModel(int size) {
        Graph g = new Graph("tiny_two_inputs");
        g.input("a", "N", 3, size, size);
        g.input("b", "N", 3, size, size);
        g.node("Add", List.of("a", "b"), List.of("sum"));
        g.node("GlobalAveragePool", List.of("sum"), List.of("out"));
        g.output("out", "N", 3, 1, 1);
        return g.model();
    }

    /**
     * A tiny "BERT-like" text model.
     *
     * @param onnx          the model file's bytes
     * @param wordEmbedding {@code [vocab, dim]} row-major
     * @param typeEmbedding {@code [2, dim]} row-major
     * @param weight        {@code [dim, dim]} row-major
     * @param vocab         vocabulary size
     * @param dim           token vector size
     */
    public record TextModel(byte[] onnx, float[] wordEmbedding, float[] typeEmbedding, float[] weight, int vocab,
                            int dim) {
        public TextModel {
            onnx = onnx.clone();
            wordEmbedding = wordEmbedding.clone();
            typeEmbedding = typeEmbedding.clone();
            weight = weight.clone();
        }

        @Override
        public byte[] onnx() {
            return onnx.clone();
        }

        @Override
        public float[] wordEmbedding() {
            return wordEmbedding.clone();
        }

        @Override
        public float[] typeEmbedding() {
            return typeEmbedding.clone();
        }

        @Override
        public float[] weight() {
            return weight.clone();
        }

        public Path write(Path file) throws IOException {
            return Files.write(file, onnx);
        }
    }

    /**
     * "BERT-like": {@code input_ids}, {@code attention_mask}, {@code token_type_ids} ({@code [N, T]} int64) →
     * {@code x = word[ids] + type[types]}; a masked mean "attention" {@code ctx = sum(mask * x) / sum(mask)} over the
     * tokens; {@code h = tanh(x + ctx)}; output "last_hidden_state" {@code = h · W}, {@code [N, T, dim]}. Padding
     * changes nothing only if the mask is passed right, so it tests an encoder's batching; with
     * {@code pooledOutputFirst} a 2-D output "pooler_output" ({@code h} of token 0) is declared before it.
     */
    public static TextModel bertLike(long seed, int vocab, int dim, boolean pooledOutputFirst) {
        Random random = new Random(seed);
        float[] word = uniform(random, vocab * dim, 1f);
        float[] type = uniform(random, 2 * dim, 0.5f);
        float[] weight = uniform(random, dim * dim, 0.5f);
        Graph g = new Graph("tiny_bert");
        g.int64Input("input_ids", "N", "T");
        g.int64Input("attention_mask", "N", "T");
        g.int64Input("token_type_ids", "N", "T");
        g.floatInitializer("word_emb", word, vocab, dim);
        g.floatInitializer("type_emb", type, 2, dim);
        g.floatInitializer("w", weight, dim, dim);
        g.int64Initializer("axis1", new long[] {1}, 1);
        g.int64Initializer("axis2", new long[] {2}, 1);
        g.node("Gather", List.of("word_emb", "input_ids"), List.of("we"));
        g.node("Gather", List.of("type_emb", "token_type_ids"), List.of("te"));
        g.node("Add", List.of("we", "te"), List.of("x"));
        g.node("Cast", List.of("attention_mask"), List.of("mask_f"), Graph.integer("to", FLOAT));
        g.node("Unsqueeze", List.of("mask_f", "axis2"), List.of("mask3"));
        g.node("Mul", List.of("x", "mask3"), List.of("xm"));
        g.node("ReduceSum", List.of("xm", "axis1"), List.of("x_sum"), Graph.integer("keepdims", 1));
        g.node("ReduceSum", List.of("mask3", "axis1"), List.of("count"), Graph.integer("keepdims", 1));
        g.node("Div", List.of("x_sum", "count"), List.of("ctx"));
        g.node("Add", List.of("x", "ctx"), List.of("xc"));
        g.node("Tanh", List.of("xc"), List.of("h"));
        g.node("MatMul", List.of("h", "w"), List.of("last_hidden_state"));
        if (pooledOutputFirst) {
            g.int64Initializer("first", new long[] {0});
            g.node("Gather", List.of("h", "first"), List.of("pooler_output"), Graph.integer("axis", 1));
            g.output("pooler_output", "N", dim);
        }
        g.output("last_hidden_state", "N", "T", dim);
        return new TextModel(g.model(), word, type, weight, vocab, dim);
    }

    /**
     * A tiny "CLIP text tower".
     *
     * @param onnx           the model file's bytes
     * @param tokenEmbedding {@code [vocab, dim]} row-major
     * @param projection     {@code [dim, projectionDim]} row-major
     */
    public record ClipTextModel(byte[] onnx, float[] tokenEmbedding, float[] projection, int vocab, int dim,
                                int projectionDim) {
        public ClipTextModel {
            onnx = onnx.clone();
            tokenEmbedding = tokenEmbedding.clone();
            projection = projection.clone();
        }

        @Override
        public byte[] onnx() {
            return onnx.clone();
        }

        @Override
        public float[] tokenEmbedding() {
            return tokenEmbedding.clone();
        }

        @Override
        public float[] projection() {
            return projection.clone();
        }

        public Path write(Path file) throws IOException {
            return Files.write(file, onnx);
        }
    }

    /** Which outputs {@link #clipTextLike} declares, as the two usual exports do. */
    public enum ClipTextOutputs {
        /** "text_embeds" {@code [N, P]} then "last_hidden_state": {@code CLIPTextModelWithProjection} (Xenova's). */
        PROJECTED,
        /** "last_hidden_state" then "pooler_output" {@code [N, dim]}: {@code CLIPTextModel}, no projection. */
        POOLER
    }

    /**
     * "CLIP-text-like": {@code input_ids} ({@code [N, T]} int64; and an all-ones {@code attention_mask} multiplied in
     * when {@code attentionMaskInput}) → {@code e = emb[ids]}; a causal running sum {@code c = CumSum(e)} over the
     * tokens; {@code h = tanh(e + 0.5 c)} ("last_hidden_state"); pooled at the end token as CLIP does, the position
     * of the largest id ({@code ArgMax} of the ids cast to int32, then {@code GatherND} with one batch dimension):
     * "pooler_output" {@code [N, dim]}; "text_embeds" {@code = pooled · P}, {@code [N, projectionDim]}.
     */
    public static ClipTextModel clipTextLike(long seed, int vocab, int dim, int projectionDim, ClipTextOutputs outputs,
                                             boolean attentionMaskInput) {
        Random random = new Random(seed);
        float[] emb = uniform(random, vocab * dim, 1f);
        float[] proj = uniform(random, dim * projectionDim, 0.5f);
        Graph g = new Graph("tiny_clip_text");
        g.int64Input("input_ids", "N", "T");
        g.floatInitializer("tok_emb", emb, vocab, dim);
        g.floatInitializer("half", new float[] {0.5f});
        g.int64Initializer("cum_axis", new long[] {1});
        g.node("Gather", List.of("tok_emb", "input_ids"), List.of("e0"));
        String e = "e0";
        if (attentionMaskInput) {
            g.int64Input("attention_mask", "N", "T");
            g.int64Initializer("axis2", new long[] {2}, 1);
            g.node("Cast", List.of("attention_mask"), List.of("mask_f"), Graph.integer("to", FLOAT));
            g.node("Unsqueeze", List.of("mask_f", "axis2"), List.of("mask3"));
            g.node("Mul", List.of("e0", "mask3"), List.of("e"));
            e = "e";
        }
        g.node("CumSum", List.of(e, "cum_axis"), List.of("c"));
        g.node("Mul", List.of("c", "half"), List.of("hc"));
        g.node("Add", List.of(e, "hc"), List.of("x"));
        g.node("Tanh", List.of("x"), List.of("last_hidden_state"));
        g.node("Cast", List.of("input_ids"), List.of("ids32"), Graph.integer("to", INT32));
        g.node("ArgMax", List.of("ids32"), List.of("eos"), Graph.integer("axis", 1), Graph.integer("keepdims", 1));
        g.node("GatherND", List.of("last_hidden_state", "eos"), List.of("pooler_output"),
                Graph.integer("batch_dims", 1));
        if (outputs == ClipTextOutputs.PROJECTED) {
            g.floatInitializer("proj", proj, dim, projectionDim);
            g.node("MatMul", List.of("pooler_output", "proj"), List.of("text_embeds"));
            g.output("text_embeds", "N", projectionDim);
            g.output("last_hidden_state", "N", "T", dim);
        } else {
            g.output("last_hidden_state", "N", "T", dim);
            g.output("pooler_output", "N", dim);
        }
        return new ClipTextModel(g.model(), emb, proj, vocab, dim, projectionDim);
    }

    /**
     * A tiny "CLIP image tower": image {@code [N, 3, size, size]} → GlobalAveragePool → Flatten → MatMul with a
     * {@code [3, dim]} weight → "image_embeds" {@code [N, dim]}; a second output "last_hidden_state"
     * ({@code [N, 1, 3]}, the channel means) is declared first, as in real exports, so the encoder must pick by name.
     */
    public static MatMulModel clipVisionLike(long seed, int size, int dim) {
        Random random = new Random(seed);
        float[] weight = uniform(random, 3 * dim, 1f);
        Graph g = new Graph("tiny_clip_vision");
        g.input("pixel_values", "N", 3, size, size);
        g.floatInitializer("w", weight, 3, dim);
        g.int64Initializer("axis1", new long[] {1}, 1);
        g.node("GlobalAveragePool", List.of("pixel_values"), List.of("gap"));
        g.node("Flatten", List.of("gap"), List.of("flat"), Graph.integer("axis", 1));
        g.node("Unsqueeze", List.of("flat", "axis1"), List.of("last_hidden_state"));
        g.node("MatMul", List.of("flat", "w"), List.of("image_embeds"));
        g.output("last_hidden_state", "N", 1, 3);
        g.output("image_embeds", "N", dim);
        return new MatMulModel(g.model(), weight);
    }

    /** Declares the image input (named "image") and returns the NCHW tensor name to build on. */
    private static String imageInput(Graph g, Layout layout, Object batch, Object height, Object width) {
        if (layout == Layout.NCHW) {
            g.input("image", batch, 3, height, width);
            return "image";
        }
        g.input("image", batch, height, width, 3);
        g.node("Transpose", List.of("image"), List.of("image_nchw"), Graph.ints("perm", 0, 3, 1, 2));
        return "image_nchw";
    }

    /** Values uniform in [-scale, scale). */
    static float[] uniform(Random random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return v;
    }

    /**
     * A graph under construction; {@link #model()} wraps it in a ModelProto. Not thread-safe.
     */
    public static final class Graph {

        private final String name;
        private final List<byte[]> nodes = new ArrayList<>();
        private final List<byte[]> initializers = new ArrayList<>();
        private final List<byte[]> inputs = new ArrayList<>();
        private final List<byte[]> outputs = new ArrayList<>();

        public Graph(String name) {
            this.name = name;
        }

        /** A graph input: a float tensor of the given shape. */
        public Graph input(String valueName, Object... dims) {
            inputs.add(valueInfo(valueName, FLOAT, dims));
            return this;
        }

        /** A graph input: an int64 tensor of the given shape (token ids, masks). */
        public Graph int64Input(String valueName, Object... dims) {
            inputs.add(valueInfo(valueName, INT64, dims));
            return this;
        }

        /** A graph output: a float tensor of the given shape. */
        public Graph output(String valueName, Object... dims) {
            outputs.add(valueInfo(valueName, FLOAT, dims));
            return this;
        }

        /** A constant float tensor, stored in {@code float_data}. */
        public Graph floatInitializer(String tensorName, float[] values, long... dims) {
            requireCount(tensorName, values.length, dims);
            Proto t = new Proto();
            for (long d : dims) {
                t.varint(1, d);
            }
            t.varint(2, FLOAT);
            t.packedFloats(4, values);
            t.string(8, tensorName);
            initializers.add(t.bytes());
            return this;
        }

        /** A constant int64 tensor, stored little-endian in {@code raw_data}. */
        public Graph int64Initializer(String tensorName, long[] values, long... dims) {
            requireCount(tensorName, values.length, dims);
            ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                raw.putLong(v);
            }
            Proto t = new Proto();
            for (long d : dims) {
                t.varint(1, d);
            }
            t.varint(2, INT64);
            t.string(8, tensorName);
            t.bytes(9, raw.array());
            initializers.add(t.bytes());
            return this;
        }

        private static void requireCount(String tensorName, int count, long... dims) {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            if (n != count) {
                throw new IllegalArgumentException(tensorName + ": " + count + " values for " + n + " elements");
            }
        }

        /** A node of the default ONNX domain; attributes come from {@link #ints} and {@link #integer}. */
        public Graph node(String opType, List<String> in, List<String> out, byte[]... attributes) {
            Proto n = new Proto();
            for (String s : in) {
                n.string(1, s);
            }
            for (String s : out) {
                n.string(2, s);
            }
            n.string(3, opType.toLowerCase(java.util.Locale.ROOT) + "_" + nodes.size());
            n.string(4, opType);
            for (byte[] a : attributes) {
                n.bytes(5, a);
            }
            nodes.add(n.bytes());
            return this;
        }

        /** An INTS attribute (AttributeProto type 7). */
        public static byte[] ints(String attributeName, long... values) {
            Proto a = new Proto();
            a.string(1, attributeName);
            for (long v : values) {
                a.varint(8, v);
            }
            a.varint(20, 7);
            return a.bytes();
        }

        /** An INT attribute (AttributeProto type 2). */
        public static byte[] integer(String attributeName, long value) {
            Proto a = new Proto();
            a.string(1, attributeName);
            a.varint(3, value);
            a.varint(20, 2);
            return a.bytes();
        }

        /** The serialised ModelProto. */
        public byte[] model() {
            Proto graph = new Proto();
            for (byte[] n : nodes) {
                graph.bytes(1, n);
            }
            graph.string(2, name);
            for (byte[] t : initializers) {
                graph.bytes(5, t);
            }
            for (byte[] v : inputs) {
                graph.bytes(11, v);
            }
            for (byte[] v : outputs) {
                graph.bytes(12, v);
            }
            Proto opset = new Proto();
            opset.string(1, "");
            opset.varint(2, OPSET);
            Proto model = new Proto();
            model.varint(1, IR_VERSION);
            model.string(2, "lookalike-tiny-onnx-models");
            model.bytes(7, graph.bytes());
            model.bytes(8, opset.bytes());
            return model.bytes();
        }

        private static byte[] valueInfo(String valueName, int elemType, Object... dims) {
            Proto shape = new Proto();
            for (Object d : dims) {
                Proto dim = new Proto();
                switch (d) {
                    case Integer i -> dim.varint(1, i);
                    case Long l -> dim.varint(1, l);
                    case String s -> dim.string(2, s);
                    default -> throw new IllegalArgumentException("a dimension is an Integer, Long or String, got " + d);
                }
                shape.bytes(1, dim.bytes());
            }
            Proto tensor = new Proto();
            tensor.varint(1, elemType);
            tensor.bytes(2, shape.bytes());
            Proto type = new Proto();
            type.bytes(1, tensor.bytes());
            Proto info = new Proto();
            info.string(1, valueName);
            info.bytes(2, type.bytes());
            return info.bytes();
        }
    }

    /** Protobuf wire format: tags, varints (wire type 0) and length-delimited fields (wire type 2). */
    static final class Proto {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** An int32/int64/enum field; negative values take ten bytes, as protobuf's two's complement encoding. */
        void varint(int field, long value) {
            tag(field, 0);
            rawVarint(value);
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(int field, byte[] value) {
            tag(field, 2);
            rawVarint(value.length);
            out.writeBytes(value);
        }

        /** A packed repeated float: one length-delimited field of little-endian IEEE 754 values. */
        void packedFloats(int field, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                b.putFloat(v);
            }
            bytes(field, b.array());
        }

        private void tag(int field, int wireType) {
            rawVarint(((long) field << 3) | wireType);
        }

        private void rawVarint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
