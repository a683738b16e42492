package dev.lookalike.encoder;

import dev.lookalike.image.ImageDecoder;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A training-free image descriptor for product photos: hand-designed features only, no model weights,
 * deterministic, well under a millisecond for a small catalog image.
 *
 * <p><b>Product and background.</b> The background colour is the median of the image border, which works for
 * any plain background (white catalog shots as well as dark ones). The background is flood-filled from the border
 * with a small tolerance; everything it does not reach is the product, so that light areas enclosed by the
 * product's outline (a white shirt's body) still count as product. The product's bounding box is then resampled
 * onto a {@value #CANVAS}x{@value #CANVAS} canvas, stretched to fill it: position and size in the frame do not
 * matter, and the box's shape is described separately by the geometry block.
 *
 * <p>Four blocks describe the product:
 * <ol>
 *   <li><b>shape</b>: a histogram of oriented gradients (HOG) on the canvas, blurred a little first so that thin
 *       and anti-aliased edges give steadier gradients. Each pixel votes with the gradient of its strongest colour
 *       channel, so that edges between colours of equal brightness count; votes are spread
 *       bilinearly over the {@value #HOG_CELLS}x{@value #HOG_CELLS} cells and over {@value #HOG_BINS} unsigned
 *       orientations. The histogram is then folded left onto right (each cell and orientation is added to its
 *       mirror image), which makes the block invariant to left/right flips (a shoe pointing either way) and halves
 *       its size at no cost in retrieval quality.</li>
 *   <li><b>geometry</b>: what the stretched canvas loses, as four soft-binned scalars: the box's aspect ratio,
 *       its width and height relative to the frame (catalog photos frame a ring, a shoe and a model differently)
 *       and the share of the box the product fills.</li>
 *   <li><b>colour</b>: a histogram of the product pixels only, in CIE Lab, made for colour names: chromatic pixels
 *       vote for one of {@value #HUES} hues (circular soft bins) at {@value #LIGHTNESS_LEVELS} lightness and
 *       {@value #CHROMA_LEVELS} chroma levels, achromatic ones (black, grey, white, silver) for one of
 *       {@value #GREYS} lightness bins, with a soft ramp between the two so that nearly-grey pixels are not
 *       forced to a hue. One histogram is kept for each of {@value #COLOUR_BANDS} horizontal bands of the product
 *       (soft borders), so that a blue shirt over black trousers differs from the reverse.</li>
 *   <li><b>texture</b>: rotation-invariant uniform local binary patterns of the product pixels in 2x2 regions.</li>
 * </ol>
 * Each block is power-normalised (signed square root), L2-normalised and weighted; the concatenation is
 * L2-normalised again, so that the cosine of two vectors is the weighted mean of the blocks' cosines, the
 * weights squared (blocks with no signal, such as the gradients of a blank image, are left at zero). The default
 * weights are a compromise between retrieving the same kind of product and the same colour, chosen on the
 * fashion-products evaluation. The id changes whenever the output changes.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProductImageDescriptor implements Encoder<BufferedImage> {

    public static final String ID = "descriptor-v2";

    /** Side of the square canvas the product's bounding box is resampled to. */
    static final int CANVAS = 48;
    /** Images are first shrunk so that their longer side is at most this. */
    static final int WORKING_SIZE = 4 * CANVAS;
    /** A pixel belongs to the background when no channel differs from the border's median by more than this. */
    static final float BACKGROUND_TOLERANCE = 0.09f;

    static final int HOG_CELLS = 8;
    static final int HOG_BINS = 9;
    static final int GEOMETRY_BINS = 6;
    static final int COLOUR_BANDS = 3;
    static final int HUES = 12;
    static final int LIGHTNESS_LEVELS = 2;
    static final int CHROMA_LEVELS = 2;
    static final int GREYS = 4;
    /** Lab chroma (divided by 100) below which a pixel is fully achromatic, and above which fully chromatic. */
    static final float CHROMA_GREY = 0.03f;
    static final float CHROMA_COLOUR = 0.12f;
    /** Lab chroma (divided by 100, above CHROMA_GREY) spanned by the chroma levels. */
    static final float CHROMA_SPAN = 0.6f;
    static final int LBP_REGIONS = 2;
    static final int LBP_CODES = 10;

    static final int HOG_DIM = HOG_CELLS * (HOG_CELLS / 2) * HOG_BINS;
    static final int GEOMETRY_DIM = 4 * GEOMETRY_BINS;
    static final int BAND_DIM = CHROMA_LEVELS * LIGHTNESS_LEVELS * HUES + GREYS;
    static final int COLOUR_DIM = COLOUR_BANDS * BAND_DIM;
    static final int TEXTURE_DIM = LBP_REGIONS * LBP_REGIONS * LBP_CODES;
    static final int DIMENSION = HOG_DIM + GEOMETRY_DIM + COLOUR_DIM + TEXTURE_DIM;

    /** sRGB 8-bit value to linear light. */
    private static final float[] LINEAR = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            LINEAR[i] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
    }

    /** Relative block weights, chosen on the fashion-products evaluation. */
    private final float shapeWeight;
    private final float geometryWeight;
    private final float colourWeight;
    private final float textureWeight;

    public ProductImageDescriptor() {
        this(1.0f, 0.75f, 0.65f, 0.65f);
    }

    /** Custom block weights (each {@code >= 0}, not all zero), for evaluation. */
    ProductImageDescriptor(float shapeWeight, float geometryWeight, float colourWeight, float textureWeight) {
        if (!(shapeWeight >= 0 && geometryWeight >= 0 && colourWeight >= 0 && textureWeight >= 0)
                || shapeWeight + geometryWeight + colourWeight + textureWeight <= 0) {
            throw new IllegalArgumentException("block weights must be >= 0 and not all zero");
        }
        this.shapeWeight = shapeWeight;
        this.geometryWeight = geometryWeight;
        this.colourWeight = colourWeight;
        this.textureWeight = textureWeight;
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
    public List<float[]> embedAll(List<BufferedImage> images) {
        List<float[]> out = new ArrayList<>(images.size());
        for (BufferedImage image : images) {
            out.add(describe(image));
        }
        return out;
    }

    float[] describe(BufferedImage source) {
        if (source == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        // a cut-out handed in directly (not through ImageDecoder) is seen on white, as the decoder and ONNX models see it
        BufferedImage image = shrink(ImageDecoder.toRgb(source), WORKING_SIZE);
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] r = new float[w * h];
        float[] g = new float[w * h];
        float[] b = new float[w * h];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            r[i] = ((p >> 16) & 0xff) / 255f;
            g[i] = ((p >> 8) & 0xff) / 255f;
            b[i] = (p & 0xff) / 255f;
        }
        float[] bg = borderMedian(r, g, b, w, h);
        boolean[] fg = foreground(r, g, b, w, h, bg);
        int[] box = boundingBox(fg, w, h);

        float[] maskF = new float[w * h];
        for (int i = 0; i < fg.length; i++) {
            maskF[i] = fg[i] ? 1f : 0f;
        }
        float[][] canvas = canvas(w, box, r, g, b, maskF);
        float[] cr = canvas[0];
        float[] cg = canvas[1];
        float[] cb = canvas[2];
        float[] cm = canvas[3];

        float[] out = new float[DIMENSION];
        int o = 0;
        o = put(out, o, hog(blur(cr), blur(cg), blur(cb)), shapeWeight);
        o = put(out, o, geometry(fg, w, h, box), geometryWeight);
        o = put(out, o, colour(argb, fg, w, box), colourWeight);
        put(out, o, texture(cr, cg, cb, cm), textureWeight);
        return VectorMath.normalizeInPlace(out);
    }

    /** Power- and L2-normalises {@code block}, weights it and copies it to {@code out} at {@code offset}. */
    private static int put(float[] out, int offset, float[] block, float weight) {
        VectorMath.normalizeInPlace(VectorMath.signedSqrtInPlace(block));
        for (int i = 0; i < block.length; i++) {
            out[offset + i] = block[i] * weight;
        }
        return offset + block.length;
    }

    /** Shrinks by repeated bilinear halving (cheap and alias-free enough) until the longer side is at most max. */
    static BufferedImage shrink(BufferedImage image, int max) {
        BufferedImage current = image;
        while (Math.max(current.getWidth(), current.getHeight()) > max) {
            int nw = Math.max(1, Math.max(current.getWidth() / 2, (int) ((long) current.getWidth() * max / Math.max(current.getWidth(), current.getHeight()))));
            int nh = Math.max(1, Math.max(current.getHeight() / 2, (int) ((long) current.getHeight() * max / Math.max(current.getWidth(), current.getHeight()))));
            BufferedImage next = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(current, 0, 0, nw, nh, null);
            } finally {
                g.dispose();
            }
            current = next;
        }
        return current;
    }

    private static float[] borderMedian(float[] r, float[] g, float[] b, int w, int h) {
        int n = h == 1 ? w : w == 1 ? h : 2 * w + 2 * (h - 2);
        float[][] ch = {new float[n], new float[n], new float[n]};
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    int i = y * w + x;
                    ch[0][k] = r[i];
                    ch[1][k] = g[i];
                    ch[2][k] = b[i];
                    k++;
                }
            }
        }
        float[] bg = new float[3];
        for (int c = 0; c < 3; c++) {
            float[] a = Arrays.copyOf(ch[c], k);
            Arrays.sort(a);
            bg[c] = a[k / 2];
        }
        return bg;
    }

    /**
     * Foreground = every pixel not reached by a flood fill of background-coloured pixels from the border, so that
     * light areas enclosed by the product's outline (a white shirt's body) count as product.
     */
    private static boolean[] foreground(float[] r, float[] g, float[] b, int w, int h, float[] bg) {
        int n = w * h;
        boolean[] nearBg = new boolean[n];
        for (int i = 0; i < n; i++) {
            float d = Math.max(Math.abs(r[i] - bg[0]), Math.max(Math.abs(g[i] - bg[1]), Math.abs(b[i] - bg[2])));
            nearBg[i] = d <= BACKGROUND_TOLERANCE;
        }
        boolean[] background = new boolean[n];
        int[] queue = new int[n];
        int tail = 0;
        for (int x = 0; x < w; x++) {
            tail = seed(queue, tail, background, nearBg, x);
            tail = seed(queue, tail, background, nearBg, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            tail = seed(queue, tail, background, nearBg, y * w);
            tail = seed(queue, tail, background, nearBg, y * w + w - 1);
        }
        for (int head = 0; head < tail; head++) {
            int i = queue[head];
            int x = i % w;
            if (x > 0) tail = seed(queue, tail, background, nearBg, i - 1);
            if (x < w - 1) tail = seed(queue, tail, background, nearBg, i + 1);
            if (i >= w) tail = seed(queue, tail, background, nearBg, i - w);
            if (i < n - w) tail = seed(queue, tail, background, nearBg, i + w);
        }
        boolean[] fg = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            fg[i] = !background[i];
            if (fg[i]) {
                count++;
            }
        }
        if (count < Math.max(4, n / 200)) {
            // No separable product (a full-bleed photo or a blank image): describe the whole frame.
            Arrays.fill(fg, true);
        }
        return fg;
    }

    private static int seed(int[] queue, int tail, boolean[] background, boolean[] nearBg, int i) {
        if (nearBg[i] && !background[i]) {
            background[i] = true;
            queue[tail++] = i;
        }
        return tail;
    }

    /** {minX, minY, maxX exclusive, maxY exclusive} of the foreground. */
    private static int[] boundingBox(boolean[] fg, int w, int h) {
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (fg[y * w + x]) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new int[] {minX, minY, maxX + 1, maxY + 1};
    }

    /**
     * The box of each channel resampled to fill the CANVAS x CANVAS square by separable box filtering: each output
     * pixel averages the input area it covers (exact fractions).
     */
    private static float[][] canvas(int w, int[] box, float[]... channels) {
        int bw = box[2] - box[0];
        int bh = box[3] - box[1];
        final int n = CANVAS;
        float[][] wx = weights(bw, n);
        int[] x0 = firstIndex(bw, n);
        float[][] wy = weights(bh, n);
        int[] y0 = firstIndex(bh, n);
        float[][] out = new float[channels.length][];
        float[] tmp = new float[n * bh];
        for (int c = 0; c < channels.length; c++) {
            float[] src = channels[c];
            for (int y = 0; y < bh; y++) {
                int row = (box[1] + y) * w + box[0];
                for (int x = 0; x < n; x++) {
                    float[] wts = wx[x];
                    int base = row + x0[x];
                    float s = 0;
                    for (int k = 0; k < wts.length; k++) {
                        s += wts[k] * src[base + k];
                    }
                    tmp[y * n + x] = s;
                }
            }
            float[] dst = new float[n * n];
            for (int y = 0; y < n; y++) {
                float[] wts = wy[y];
                for (int x = 0; x < n; x++) {
                    float s = 0;
                    for (int k = 0; k < wts.length; k++) {
                        s += wts[k] * tmp[(y0[y] + k) * n + x];
                    }
                    dst[y * n + x] = s;
                }
            }
            out[c] = dst;
        }
        return out;
    }

    private static int[] firstIndex(int n, int m) {
        int[] first = new int[m];
        double step = (double) n / m;
        for (int j = 0; j < m; j++) {
            first[j] = Math.min(n - 1, (int) Math.floor(j * step));
        }
        return first;
    }

    private static float[][] weights(int n, int m) {
        float[][] w = new float[m][];
        double step = (double) n / m;
        for (int j = 0; j < m; j++) {
            double a = j * step;
            double b = (j + 1) * step;
            int first = Math.min(n - 1, (int) Math.floor(a));
            int last = Math.min(n - 1, Math.max(first, (int) Math.ceil(b) - 1));
            float[] wj = new float[last - first + 1];
            double total = 0;
            for (int i = first; i <= last; i++) {
                double cover = Math.min(b, i + 1) - Math.max(a, i);
                wj[i - first] = (float) Math.max(0, cover);
                total += wj[i - first];
            }
            if (total <= 0) {
                wj[0] = 1;
                total = 1;
            }
            for (int k = 0; k < wj.length; k++) {
                wj[k] /= (float) total;
            }
            w[j] = wj;
        }
        return w;
    }

    /** A [1 2 1]/4 blur in both directions on the canvas, edges replicated: steadier gradients on small edges. */
    private static float[] blur(float[] c) {
        final int n = CANVAS;
        float[] t = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int i = y * n + x;
                t[i] = (c[x > 0 ? i - 1 : i] + 2 * c[i] + c[x < n - 1 ? i + 1 : i]) * 0.25f;
            }
        }
        float[] out = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int i = y * n + x;
                out[i] = (t[y > 0 ? i - n : i] + 2 * t[i] + t[y < n - 1 ? i + n : i]) * 0.25f;
            }
        }
        return out;
    }

    /**
     * HOG on the (blurred) canvas: per pixel the central-difference gradient of the channel with the strongest
     * one, unsigned orientation; votes interpolated bilinearly between orientation bins and between neighbouring
     * cells. The result is folded onto the left half of the columns (mirror symmetric).
     */
    private static float[] hog(float[] r, float[] g, float[] b) {
        final int n = CANVAS;
        final int cells = HOG_CELLS;
        float[] full = new float[cells * cells * HOG_BINS];
        float cellSize = (float) n / cells;
        for (int y = 0; y < n; y++) {
            int up = y > 0 ? -n : 0;
            int down = y < n - 1 ? n : 0;
            float cy = (y + 0.5f) / cellSize - 0.5f;
            int y0 = (int) Math.floor(cy);
            float fy = cy - y0;
            for (int x = 0; x < n; x++) {
                int i = y * n + x;
                int left = x > 0 ? -1 : 0;
                int right = x < n - 1 ? 1 : 0;
                float gx = r[i + right] - r[i + left];
                float gy = r[i + down] - r[i + up];
                float best = gx * gx + gy * gy;
                float tx = g[i + right] - g[i + left];
                float ty = g[i + down] - g[i + up];
                float m = tx * tx + ty * ty;
                if (m > best) {
                    best = m;
                    gx = tx;
                    gy = ty;
                }
                tx = b[i + right] - b[i + left];
                ty = b[i + down] - b[i + up];
                m = tx * tx + ty * ty;
                if (m > best) {
                    best = m;
                    gx = tx;
                    gy = ty;
                }
                if (best <= 0) {
                    continue;
                }
                float mag = (float) Math.sqrt(best);
                double angle = angle(gy, gx); // unsigned: modulo pi
                if (angle >= Math.PI) {
                    angle -= Math.PI;
                }
                double pos = angle / Math.PI * HOG_BINS - 0.5;
                int o0 = (int) Math.floor(pos);
                float fo = (float) (pos - o0);
                int bin0 = Math.floorMod(o0, HOG_BINS);
                int bin1 = (bin0 + 1) % HOG_BINS;
                float cx = (x + 0.5f) / cellSize - 0.5f;
                int x0 = (int) Math.floor(cx);
                float fx = cx - x0;
                for (int dy = 0; dy <= 1; dy++) {
                    int row = y0 + dy;
                    if (row < 0 || row >= cells) {
                        continue;
                    }
                    float wy = dy == 0 ? 1 - fy : fy;
                    for (int dx = 0; dx <= 1; dx++) {
                        int col = x0 + dx;
                        if (col < 0 || col >= cells) {
                            continue;
                        }
                        float vote = mag * wy * (dx == 0 ? 1 - fx : fx);
                        int base = (row * cells + col) * HOG_BINS;
                        full[base + bin0] += vote * (1 - fo);
                        full[base + bin1] += vote * fo;
                    }
                }
            }
        }
        // Fold: column c with orientation bin k meets its mirror image, column (cells-1-c) with bin (bins-1-k).
        float[] out = new float[HOG_DIM];
        int half = cells / 2;
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < half; col++) {
                int a = (row * cells + col) * HOG_BINS;
                int m = (row * cells + cells - 1 - col) * HOG_BINS;
                int o = (row * half + col) * HOG_BINS;
                for (int k = 0; k < HOG_BINS; k++) {
                    out[o + k] = full[a + k] + full[m + HOG_BINS - 1 - k];
                }
            }
        }
        return out;
    }

    /** Box aspect ratio (log, 1:4 to 4:1), box width and height relative to the frame, product share of the box. */
    private static float[] geometry(boolean[] fg, int w, int h, int[] box) {
        int bw = box[2] - box[0];
        int bh = box[3] - box[1];
        int count = 0;
        for (int y = box[1]; y < box[3]; y++) {
            for (int x = box[0]; x < box[2]; x++) {
                if (fg[y * w + x]) {
                    count++;
                }
            }
        }
        double maxLog = Math.log(4);
        double[] values = {
            (clamp(Math.log((double) bw / bh), -maxLog, maxLog) + maxLog) / (2 * maxLog),
            (double) bw / w,
            (double) bh / h,
            (double) count / ((double) bw * bh),
        };
        float[] out = new float[GEOMETRY_DIM];
        for (int k = 0; k < values.length; k++) {
            // triangular kernel two bins wide on each side
            double pos = clamp(values[k], 0, 1) * (GEOMETRY_BINS - 1);
            for (int j = 0; j < GEOMETRY_BINS; j++) {
                double d = Math.abs(pos - j) / 2;
                if (d < 1) {
                    out[k * GEOMETRY_BINS + j] += (float) (1 - d);
                }
            }
        }
        return out;
    }

    /** Hue/grey histograms of the product pixels in COLOUR_BANDS horizontal bands of the box (see class doc). */
    private static float[] colour(int[] argb, boolean[] fg, int w, int[] box) {
        float[] out = new float[COLOUR_DIM];
        float[] lab = new float[3];
        int[] bins = new int[10];
        float[] votes = new float[10];
        int bh = box[3] - box[1];
        for (int y = box[1]; y < box[3]; y++) {
            // soft band membership: band centres at (k + 0.5) / COLOUR_BANDS of the box height
            float t = (y + 0.5f - box[1]) / bh * COLOUR_BANDS - 0.5f;
            int band0 = (int) Math.floor(t);
            float fb = t - band0;
            int upper = Math.max(0, band0) * BAND_DIM;
            int lower = Math.min(COLOUR_BANDS - 1, band0 + 1) * BAND_DIM;
            for (int x = box[0]; x < box[2]; x++) {
                int i = y * w + x;
                if (!fg[i]) {
                    continue;
                }
                int p = argb[i];
                toLab(LINEAR[(p >> 16) & 0xff], LINEAR[(p >> 8) & 0xff], LINEAR[p & 0xff], lab);
                int n = pixelVotes(lab, bins, votes);
                for (int k = 0; k < n; k++) {
                    out[upper + bins[k]] += (1 - fb) * votes[k];
                    out[lower + bins[k]] += fb * votes[k];
                }
            }
        }
        return out;
    }

    /**
     * One pixel's votes within a band histogram, as (bin, weight) pairs summing to 1: the achromatic share to the
     * grey bins, the chromatic share to the hue bins. Returns the number of pairs written.
     */
    private static int pixelVotes(float[] lab, int[] bins, float[] votes) {
        int n = 0;
        double lightness = lab[0] / 100.0;
        double chroma = Math.sqrt((double) lab[1] * lab[1] + (double) lab[2] * lab[2]) / 100.0;
        float chromatic = (float) clamp((chroma - CHROMA_GREY) / (CHROMA_COLOUR - CHROMA_GREY), 0, 1);
        if (chromatic < 1) {
            double pos = lightness * GREYS - 0.5;
            int g0 = (int) Math.floor(pos);
            float f = (float) (pos - g0);
            int greys = CHROMA_LEVELS * LIGHTNESS_LEVELS * HUES;
            bins[n] = greys + Math.max(0, Math.min(GREYS - 1, g0));
            votes[n++] = (1 - chromatic) * (1 - f);
            bins[n] = greys + Math.max(0, Math.min(GREYS - 1, g0 + 1));
            votes[n++] = (1 - chromatic) * f;
        }
        if (chromatic > 0) {
            double hue = angle(lab[2], lab[1]) / (2 * Math.PI) * HUES - 0.5;
            int h0 = (int) Math.floor(hue);
            float fh = (float) (hue - h0);
            int hueA = Math.floorMod(h0, HUES);
            int hueB = (hueA + 1) % HUES;
            double lPos = lightness * LIGHTNESS_LEVELS - 0.5;
            int l0 = (int) Math.floor(lPos);
            float fl = (float) (lPos - l0);
            double cPos = clamp((chroma - CHROMA_GREY) / CHROMA_SPAN, 0, 1) * CHROMA_LEVELS - 0.5;
            int c0 = (int) Math.floor(cPos);
            float fc = (float) (cPos - c0);
            for (int dc = 0; dc <= 1; dc++) {
                int c = Math.max(0, Math.min(CHROMA_LEVELS - 1, c0 + dc));
                float wc = chromatic * (dc == 0 ? 1 - fc : fc);
                for (int dl = 0; dl <= 1; dl++) {
                    int l = Math.max(0, Math.min(LIGHTNESS_LEVELS - 1, l0 + dl));
                    float v = wc * (dl == 0 ? 1 - fl : fl);
                    int cell = (c * LIGHTNESS_LEVELS + l) * HUES;
                    bins[n] = cell + hueA;
                    votes[n++] = v * (1 - fh);
                    bins[n] = cell + hueB;
                    votes[n++] = v * fh;
                }
            }
        }
        return n;
    }

    /**
     * The angle of (x, y) in [0, 2 pi): a polynomial arctangent, within 1e-5 radians, several times faster than
     * {@link Math#atan2} and the same on every platform.
     */
    static double angle(double y, double x) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        if (ax == 0 && ay == 0) {
            return 0;
        }
        boolean steep = ay > ax;
        double z = steep ? ax / ay : ay / ax;
        double z2 = z * z;
        double a = z * (0.99997726 + z2 * (-0.33262347 + z2 * (0.19354346
                + z2 * (-0.11643287 + z2 * (0.05265332 + z2 * -0.01172120)))));
        if (steep) {
            a = Math.PI / 2 - a;
        }
        if (x < 0) {
            a = Math.PI - a;
        }
        if (y < 0) {
            a = 2 * Math.PI - a;
        }
        return a >= 2 * Math.PI ? 0 : a;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Linear-light RGB (0..1) to CIE Lab, D65. */
    private static void toLab(float lr, float lg, float lb, float[] out) {
        double x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
        double y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
        double z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
        double fx = labF(x), fy = labF(y), fz = labF(z);
        out[0] = (float) (116 * fy - 16);
        out[1] = (float) (500 * (fx - fy));
        out[2] = (float) (200 * (fy - fz));
    }

    private static double labF(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }

    /** Rotation-invariant uniform LBP (8 neighbours) of the canvas luminance, product pixels, in 2x2 regions. */
    private static float[] texture(float[] r, float[] g, float[] b, float[] mask) {
        final int n = CANVAS;
        float[] out = new float[TEXTURE_DIM];
        float[] lum = new float[n * n];
        for (int i = 0; i < lum.length; i++) {
            lum[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }
        int[] offsets = {-n - 1, -n, -n + 1, 1, n + 1, n, n - 1, -1};
        for (int y = 1; y < n - 1; y++) {
            for (int x = 1; x < n - 1; x++) {
                int i = y * n + x;
                if (mask[i] < 0.5f) {
                    continue;
                }
                float c = lum[i] + 0.02f; // a small margin keeps flat areas from flickering on JPEG noise
                int bits = 0;
                for (int k = 0; k < 8; k++) {
                    if (lum[i + offsets[k]] >= c) {
                        bits |= 1 << k;
                    }
                }
                int transitions = Integer.bitCount(bits ^ ((bits >>> 1) | ((bits & 1) << 7)));
                int code = transitions <= 2 ? Integer.bitCount(bits) : LBP_CODES - 1;
                int region = (y * LBP_REGIONS / n) * LBP_REGIONS + x * LBP_REGIONS / n;
                out[region * LBP_CODES + code] += 1;
            }
        }
        return out;
    }
}
