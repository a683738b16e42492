package dev.lookalike.encoder.onnx;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How a picture becomes the input tensor of an image model, and how the model's output becomes one vector.
 * Immutable and thread-safe; every array is copied in and out.
 *
 * <p>The steps, in order:
 * <ol>
 *   <li>geometry ({@link #resize()}): the picture becomes exactly {@link #width()} x {@link #height()} RGB pixels,
 *       scaled with Java2D's {@link #interpolation()} (transparent pixels are composited onto white, as
 *       {@code ImageDecoder} does);</li>
 *   <li>values: each 8-bit channel {@code p} becomes {@code (s(p) - mean[c]) / std[c]}, where {@code s(p)} is
 *       {@code p / 255} or {@code p} itself ({@link #pixelScale()}) and {@code c} is the model's channel index
 *       ({@link #channelOrder()}: for {@link ChannelOrder#BGR} channel 0 is blue, so {@code mean[0]} is blue's mean,
 *       as Caffe-style models list it);</li>
 *   <li>layout: {@code [N, 3, H, W]} or {@code [N, H, W, 3]} ({@link #layout()});</li>
 *   <li>output: the named output, or the model's first ({@link #output()} {@code null}); a 2-D {@code [N, D]}
 *       output is used as is, a 4-D one is averaged over its spatial dimensions (laid out as
 *       {@link #featureLayout()}), a 3-D {@code [N, T, D]} token sequence (a ViT's) gives its first (class) token
 *       or the mean of its tokens ({@link #tokenPooling()}).</li>
 * </ol>
 *
 * <p>Java2D's bilinear and bicubic kernels do not widen when shrinking as PIL's do, so a picture more than twice the
 * target size is first halved (2x2 box average) until it is within a factor of two; the results are close to, not
 * bit-identical with, torchvision's PIL pipeline.
 *
 * @param width          model input width in pixels
 * @param height         model input height in pixels
 * @param resize         how the picture is brought to width x height
 * @param interpolation  Java2D resampling kernel for the final scaling step
 * @param pixelScale     what an 8-bit channel value is divided by before normalisation
 * @param mean           per model channel, subtracted after scaling; three finite values
 * @param std            per model channel, divides after the mean is subtracted; three finite values {@code > 0}
 * @param channelOrder   RGB or BGR channel order of the model input
 * @param layout         NCHW or NHWC layout of the model input
 * @param output         name of the model output to use; {@code null} for the model's first output
 * @param featureLayout  how a 4-D output is laid out: {@code [N, C, H, W]} (NCHW) or {@code [N, H, W, C]} (NHWC)
 * @param tokenPooling   how a 3-D {@code [N, T, D]} output is reduced to one vector
 */
public record ImagePreprocessing(
        int width,
        int height,
        Resize resize,
        Interpolation interpolation,
        PixelScale pixelScale,
        float[] mean,
        float[] std,
        ChannelOrder channelOrder,
        Layout layout,
        String output,
        Layout featureLayout,
        TokenPooling tokenPooling) {

    /** Largest accepted input side; larger models exist, but a typo (2240) should not allocate gigabytes. */
    static final int MAX_SIDE = 4096;

    /** The mean of OpenAI CLIP's {@code Normalize} in {@code clip/clip.py}, RGB. */
    static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    /** The std of OpenAI CLIP's {@code Normalize} in {@code clip/clip.py}, RGB. */
    static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};
    /** ImageNet mean as torchvision's {@code ImageClassification} preset uses it, RGB. */
    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet std as torchvision's {@code ImageClassification} preset uses it, RGB. */
    static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /** How the picture is brought to the model's width x height. */
    public sealed interface Resize {

        /**
         * Scales the picture so that its shorter side is {@code size} (the longer side keeps the aspect ratio,
         * truncated to whole pixels), then crops width x height from the centre: torchvision's
         * {@code Resize(size)} then {@code CenterCrop}. The crop offset is rounded half to even, as
         * {@code CenterCrop} does.
         *
         * @param size the shorter side after scaling, at least the crop's larger side
         */
        record ShorterSideThenCenterCrop(int size) implements Resize {
            public ShorterSideThenCenterCrop {
                if (size <= 0 || size > MAX_SIDE) {
                    throw new IllegalArgumentException("resize size must be in [1, " + MAX_SIDE + "], got " + size);
                }
            }
        }

        /** Scales the picture to width x height, ignoring its aspect ratio (Keras's {@code load_img(target_size)}). */
        record Stretch() implements Resize {
        }

        /**
         * Scales the picture to fit inside width x height keeping its aspect ratio, centres it and fills the rest
         * with a colour: for the usual square input, padding to a square and then resizing.
         *
         * @param fillRgb the fill colour as {@code 0xRRGGBB}
         */
        record PadToSquare(int fillRgb) implements Resize {
            public PadToSquare {
                if ((fillRgb & ~0xFFFFFF) != 0) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "fill colour must be 0xRRGGBB, got 0x%X", fillRgb));
                }
            }
        }

        static Resize shorterSideThenCenterCrop(int size) {
            return new ShorterSideThenCenterCrop(size);
        }

        static Resize stretch() {
            return new Stretch();
        }

        static Resize padToSquare(int fillRgb) {
            return new PadToSquare(fillRgb);
        }
    }

    /** Java2D resampling kernel. */
    public enum Interpolation {
        BILINEAR(RenderingHints.VALUE_INTERPOLATION_BILINEAR),
        BICUBIC(RenderingHints.VALUE_INTERPOLATION_BICUBIC);

        private final Object hint;

        Interpolation(Object hint) {
            this.hint = hint;
        }
    }

    /** What an 8-bit channel value becomes before the mean is subtracted. */
    public enum PixelScale {
        /** {@code p / 255}, as torchvision's {@code ToTensor}. */
        ZERO_TO_ONE,
        /** {@code p} itself, 0 to 255 (Caffe-style models). */
        ZERO_TO_255
    }

    /** Channel order of the model input. */
    public enum ChannelOrder { RGB, BGR }

    /** Memory layout of an image tensor: channels first ({@code [N, C, H, W]}) or last ({@code [N, H, W, C]}). */
    public enum Layout { NCHW, NHWC }

    /** How a 3-D {@code [N, T, D]} output becomes one vector. */
    public enum TokenPooling {
        /** The first token (a ViT's class token). */
        CLS,
        /** The mean of all tokens. */
        MEAN
    }

    public ImagePreprocessing {
        if (width <= 0 || width > MAX_SIDE) {
            throw new IllegalArgumentException("width must be in [1, " + MAX_SIDE + "], got " + width);
        }
        if (height <= 0 || height > MAX_SIDE) {
            throw new IllegalArgumentException("height must be in [1, " + MAX_SIDE + "], got " + height);
        }
        Objects.requireNonNull(resize, "resize");
        if (resize instanceof Resize.ShorterSideThenCenterCrop(int size) && size < Math.max(width, height)) {
            throw new IllegalArgumentException("resize size " + size + " is smaller than the " + width + "x" + height
                    + " centre crop");
        }
        Objects.requireNonNull(interpolation, "interpolation");
        Objects.requireNonNull(pixelScale, "pixelScale");
        mean = channels("mean", mean, false);
        std = channels("std", std, true);
        Objects.requireNonNull(channelOrder, "channelOrder");
        Objects.requireNonNull(layout, "layout");
        if (output != null && output.isBlank()) {
            throw new IllegalArgumentException("output must be null (the first output) or a name, got '" + output + "'");
        }
        Objects.requireNonNull(featureLayout, "featureLayout");
        Objects.requireNonNull(tokenPooling, "tokenPooling");
    }

    private static float[] channels(String what, float[] values, boolean positive) {
        if (values == null || values.length != 3) {
            throw new IllegalArgumentException(what + " must have 3 values (one per channel), got "
                    + (values == null ? "null" : Arrays.toString(values)));
        }
        for (float v : values) {
            if (!Float.isFinite(v) || (positive && v <= 0)) {
                throw new IllegalArgumentException(what + " values must be finite" + (positive ? " and > 0" : "")
                        + ", got " + Arrays.toString(values));
            }
        }
        return values.clone();
    }

    /**
     * OpenAI CLIP ViT-B/32, as {@code _transform(n_px)} in openai/CLIP {@code clip/clip.py} prepares images:
     * {@code Resize(224, interpolation=BICUBIC)}, {@code CenterCrop(224)}, {@code ToTensor()},
     * {@code Normalize((0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711))}; RGB, NCHW
     * (a PyTorch export). The first output is used; if it is the token sequence, the class token.
     */
    public static ImagePreprocessing clipVitB32() {
        return new ImagePreprocessing(224, 224, Resize.shorterSideThenCenterCrop(224), Interpolation.BICUBIC,
                PixelScale.ZERO_TO_ONE, CLIP_MEAN, CLIP_STD, ChannelOrder.RGB, Layout.NCHW, null, Layout.NCHW,
                TokenPooling.CLS);
    }

    /**
     * ResNet-50 as torchvision evaluates it ({@code ResNet50_Weights.IMAGENET1K_V1}, the
     * {@code ImageClassification(crop_size=224)} preset in {@code torchvision/transforms/_presets.py}): bilinear
     * {@code resize_size=256} on the shorter side, centre crop 224, {@code /255}, ImageNet
     * {@code mean=(0.485, 0.456, 0.406)}, {@code std=(0.229, 0.224, 0.225)}; RGB, NCHW. A 4-D output (the last
     * convolutional block, {@code [N, 2048, 7, 7]}) is average-pooled to the usual 2048-d feature.
     */
    public static ImagePreprocessing resnet50() {
        return new ImagePreprocessing(224, 224, Resize.shorterSideThenCenterCrop(256), Interpolation.BILINEAR,
                PixelScale.ZERO_TO_ONE, IMAGENET_MEAN, IMAGENET_STD, ChannelOrder.RGB, Layout.NCHW, null, Layout.NCHW,
                TokenPooling.CLS);
    }

    /**
     * Inception V3 the Keras way ({@code keras.applications.InceptionV3}): the picture is stretched to 299x299 (as
     * {@code load_img(target_size=(299, 299))}; we use bilinear where {@code load_img} defaults to nearest) and
     * {@code preprocess_input} scales it to [-1, 1] ({@code imagenet_utils} mode "tf": {@code x / 127.5 - 1},
     * which is {@code (x / 255 - 0.5) / 0.5}); RGB, NHWC (Keras's channels-last, kept by tf2onnx), and a 4-D
     * output is taken as NHWC too. torchvision's variant differs (resize 342, crop 299, ImageNet mean/std, NCHW):
     * start from {@link #resnet50()}'s numbers for that one.
     *
     * <p>The seed article used Inception V3's "bottleneck": the 2048-d global-average-pooled output before the
     * classifier ({@code pool_3} in the TensorFlow graph, {@code include_top=False, pooling='avg'} in Keras).
     * Export that output, or the last mixed block ({@code [N, 8, 8, 2048]}), which is average-pooled here to the
     * same vector.
     */
    public static ImagePreprocessing inceptionV3() {
        float[] half = {0.5f, 0.5f, 0.5f};
        return new ImagePreprocessing(299, 299, Resize.stretch(), Interpolation.BILINEAR, PixelScale.ZERO_TO_ONE,
                half, half, ChannelOrder.RGB, Layout.NHWC, null, Layout.NHWC, TokenPooling.CLS);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    public ImagePreprocessing withSize(int width, int height) {
        return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder, layout,
                output, featureLayout, tokenPooling);
    }

    public ImagePreprocessing withResize(Resize resize) {
        return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder, layout,
                output, featureLayout, tokenPooling);
    }

    public ImagePreprocessing withInterpolation(Interpolation interpolation) {
        return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder, layout,
                output, featureLayout, tokenPooling);
    }

    public ImagePreprocessing withNormalization(PixelScale pixelScale, float[] mean, float[] std) {
        return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder, layout,
                output, featureLayout, tokenPooling);
    }

    public ImagePreprocessing withChannelOrder(ChannelOrder channelOrder) {
        return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder, layout,
                output, featureLayout, tokenPooling);
    }

    /** Input layout; a 4-D output is still read as {@link #featureLayout()}. */
    public ImagePreprocessing withLayout(Layout layout) {
        return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder, layout,
                output, featureLayout, tokenPooling);
    }

    /** @param output an output name, or {@code null} for the model's first output */
    public ImagePreprocessing withOutput(String output) {
        return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder, layout,
                output, featureLayout, tokenPooling);
    }

    public ImagePreprocessing withFeatureLayout(Layout featureLayout) {
        return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder, layout,
                output, featureLayout, tokenPooling);
    }

    public ImagePreprocessing withTokenPooling(TokenPooling tokenPooling) {
        return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder, layout,
                output, featureLayout, tokenPooling);
    }

    /** Number of floats one image occupies in the input tensor. */
    int valuesPerImage() {
        return 3 * width * height;
    }

    /**
     * Writes the image's {@link #valuesPerImage()} input values into {@code dst} from {@code offset}, in
     * {@link #layout()} order.
     */
    void write(BufferedImage image, float[] dst, int offset) {
        int[] rgb = pixels(image);
        float[][] lut = lookupTables();
        int plane = width * height;
        int[] shift = channelOrder == ChannelOrder.RGB ? new int[] {16, 8, 0} : new int[] {0, 8, 16};
        if (layout == Layout.NCHW) {
            for (int c = 0; c < 3; c++) {
                float[] table = lut[c];
                int s = shift[c];
                int base = offset + c * plane;
                for (int i = 0; i < plane; i++) {
                    dst[base + i] = table[(rgb[i] >> s) & 0xff];
                }
            }
        } else {
            for (int i = 0; i < plane; i++) {
                int p = rgb[i];
                int base = offset + 3 * i;
                dst[base] = lut[0][(p >> shift[0]) & 0xff];
                dst[base + 1] = lut[1][(p >> shift[1]) & 0xff];
                dst[base + 2] = lut[2][(p >> shift[2]) & 0xff];
            }
        }
    }

    /** For each model channel, the input value of every 8-bit level: {@code (s(p) - mean) / std}. */
    private float[][] lookupTables() {
        float[][] lut = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 256; p++) {
                float scaled = pixelScale == PixelScale.ZERO_TO_ONE ? p / 255f : p;
                lut[c][p] = (scaled - mean[c]) / std[c];
            }
        }
        return lut;
    }

    /**
     * The width x height pixels after the {@link #resize()} step, row-major, {@code 0x??RRGGBB} (the top byte is
     * not defined). The array is new on every call.
     */
    int[] pixels(BufferedImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage canvas = switch (resize) {
            case Resize.Stretch() -> render(image, width, height, 0, 0, Color.WHITE);
            case Resize.ShorterSideThenCenterCrop(int size) -> {
                // torchvision: the shorter side becomes size, the longer one int(size * long / short)
                int nw = w <= h ? size : scaledSide(size, w, h);
                int nh = w <= h ? scaledSide(size, h, w) : size;
                int left = (int) Math.rint((nw - width) / 2.0);
                int top = (int) Math.rint((nh - height) / 2.0);
                yield render(image, nw, nh, -left, -top, Color.WHITE);
            }
            case Resize.PadToSquare(int fill) -> {
                double factor = Math.min((double) width / w, (double) height / h);
                int nw = Math.clamp(Math.round(w * factor), 1, width);
                int nh = Math.clamp(Math.round(h * factor), 1, height);
                yield render(image, nw, nh, (width - nw) / 2, (height - nh) / 2, new Color(fill));
            }
        };
        // our own TYPE_INT_RGB canvas: its data array is exactly the width x height pixels, 0x00RRGGBB
        return ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    }

    private static int scaledSide(int size, int longSide, int shortSide) {
        return (int) Math.min((long) ((double) size * longSide / shortSide), Integer.MAX_VALUE / 2);
    }

    /**
     * A width x height TYPE_INT_RGB canvas filled with {@code fill}, with the image scaled to w x h drawn at (x, y);
     * only the canvas is allocated, whatever w x h is. An image more than twice w x h is first halved (2x2 box
     * average) until it is within a factor of two, so that the final kernel does not skip pixels.
     */
    private BufferedImage render(BufferedImage image, int w, int h, int x, int y, Color fill) {
        BufferedImage current = image;
        while (current.getWidth() >= 2 * w || current.getHeight() >= 2 * h) {
            int nw = current.getWidth() >= 2 * w ? current.getWidth() / 2 : current.getWidth();
            int nh = current.getHeight() >= 2 * h ? current.getHeight() / 2 : current.getHeight();
            BufferedImage half = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
            draw(half, current, nw, nh, 0, 0, Color.WHITE, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            current = half;
        }
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        draw(canvas, current, w, h, x, y, fill, interpolation.hint);
        return canvas;
    }

    private static void draw(BufferedImage target, BufferedImage source, int w, int h, int x, int y, Color fill,
                             Object interpolationHint) {
        Graphics2D g = target.createGraphics();
        try {
            g.setColor(fill);
            g.fillRect(0, 0, target.getWidth(), target.getHeight());
            if (source.getColorModel().hasAlpha()) {
                // transparent pixels go onto white, whatever the padding colour
                g.setColor(Color.WHITE);
                g.fillRect(x, y, w, h);
            }
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolationHint);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, x, y, w, h, null);
        } finally {
            g.dispose();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImagePreprocessing p
                && width == p.width && height == p.height && resize.equals(p.resize)
                && interpolation == p.interpolation && pixelScale == p.pixelScale
                && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std)
                && channelOrder == p.channelOrder && layout == p.layout && Objects.equals(output, p.output)
                && featureLayout == p.featureLayout && tokenPooling == p.tokenPooling;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, resize, interpolation, pixelScale, Arrays.hashCode(mean),
                Arrays.hashCode(std), channelOrder, layout, output, featureLayout, tokenPooling);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "ImagePreprocessing[%dx%d, %s, %s, %s, mean=%s, std=%s, %s, %s, output=%s, features %s, tokens %s]",
                width, height, resize, interpolation, pixelScale, Arrays.toString(mean), Arrays.toString(std),
                channelOrder, layout, output == null ? "(first)" : output, featureLayout, tokenPooling);
    }
}
