package dev.lookalike.encoder;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A training-free image descriptor for product photos: no model weights, deterministic, a few hundred
 * microseconds per small image.
 *
 * <p>The product is separated from its (usually plain) background by flood-filling the background from the
 * image border; the product's bounding box is then scaled into a square canvas, so that framing and image size
 * do not matter. Four blocks describe the product:
 * <ol>
 *   <li><b>silhouette</b>: the foreground mask at {@value #MASK_GRID}x{@value #MASK_GRID};</li>
 *   <li><b>edges</b>: a histogram of oriented gradients (HOG) over a {@value #HOG_CELLS}x{@value #HOG_CELLS} grid
 *       of cells, {@value #HOG_BINS} unsigned orientations;</li>
 *   <li><b>colour</b>: a soft-binned CIE Lab histogram of the product pixels only;</li>
 *   <li><b>texture</b>: rotation-invariant uniform local binary patterns of the product pixels, plus the
 *       bounding box's aspect ratio.</li>
 * </ol>
 * Each block is power-normalised (signed square root) and L2-normalised, weighted, concatenated and
 * L2-normalised again. The id changes whenever the output changes.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProductImageDescriptor implements Encoder<BufferedImage> {

    public static final String ID = "descriptor-v1";

    static final int CANVAS = 48;
    static final int MASK_GRID = 5;
    static final int HOG_CELLS = 6;
    static final int HOG_BINS = 9;
    static final int L_BINS = 4;
    static final int AB_BINS = 6;
    static final int LBP_BINS = 10;
    static final int ASPECT_BINS = 8;
    /** Images are first shrunk so that their longer side is at most this. */
    static final int WORKING_SIZE = 4 * CANVAS;
    /** A pixel belongs to the background when no channel differs from the border's median by more than this. */
    static final float BACKGROUND_TOLERANCE = 0.09f;

    private static final int MASK_DIM = MASK_GRID * MASK_GRID;
    private static final int HOG_DIM = HOG_CELLS * HOG_CELLS * HOG_BINS;
    private static final int COLOUR_DIM = L_BINS * AB_BINS * AB_BINS;
    private static final int TEXTURE_DIM = LBP_BINS + ASPECT_BINS;

    /** Relative block weights, chosen on the fashion-products evaluation (docs/benchmarks.md). */
    private final float maskWeight;
    private final float hogWeight;
    private final float colourWeight;
    private final float textureWeight;

    public ProductImageDescriptor() {
        this(1.0f, 1.0f, 1.0f, 0.5f);
    }

    ProductImageDescriptor(float maskWeight, float hogWeight, float colourWeight, float textureWeight) {
        this.maskWeight = maskWeight;
        this.hogWeight = hogWeight;
        this.colourWeight = colourWeight;
        this.textureWeight = textureWeight;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return MASK_DIM + HOG_DIM + COLOUR_DIM + TEXTURE_DIM;
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
        BufferedImage image = shrink(source, WORKING_SIZE);
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

        // Scale the product's bounding box into the centre of a square canvas, keeping its aspect ratio.
        int bw = box[2] - box[0];
        int bh = box[3] - box[1];
        double scale = (double) CANVAS / Math.max(bw, bh);
        int dw = Math.max(1, (int) Math.round(bw * scale));
        int dh = Math.max(1, (int) Math.round(bh * scale));
        int ox = (CANVAS - dw) / 2;
        int oy = (CANVAS - dh) / 2;
        float[] maskF = new float[w * h];
        for (int i = 0; i < fg.length; i++) {
            maskF[i] = fg[i] ? 1f : 0f;
        }
        float[] cr = canvas(r, w, box, dw, dh, ox, oy, bg[0]);
        float[] cg = canvas(g, w, box, dw, dh, ox, oy, bg[1]);
        float[] cb = canvas(b, w, box, dw, dh, ox, oy, bg[2]);
        float[] cm = canvas(maskF, w, box, dw, dh, ox, oy, 0f);

        float[] mask = block(areaResample(cm, CANVAS, CANVAS, MASK_GRID, MASK_GRID), maskWeight);
        float[] hog = block(hog(cr, cg, cb), hogWeight);
        float[] colour = block(labHistogram(r, g, b, fg), colourWeight);
        float[] texture = block(texture(cr, cg, cb, cm, (double) bw / bh), textureWeight);

        float[] out = new float[dimension()];
        int o = 0;
        System.arraycopy(mask, 0, out, o, mask.length);
        o += mask.length;
        System.arraycopy(hog, 0, out, o, hog.length);
        o += hog.length;
        System.arraycopy(colour, 0, out, o, colour.length);
        o += colour.length;
        System.arraycopy(texture, 0, out, o, texture.length);
        return VectorMath.normalizeInPlace(out);
    }

    private static float[] block(float[] v, float weight) {
        VectorMath.normalizeInPlace(VectorMath.signedSqrtInPlace(v));
        for (int i = 0; i < v.length; i++) {
            v[i] *= weight;
        }
        return v;
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
        int n = 2 * w + 2 * Math.max(0, h - 2);
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
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int x = 0; x < w; x++) {
            seed(queue, background, nearBg, x);
            seed(queue, background, nearBg, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            seed(queue, background, nearBg, y * w);
            seed(queue, background, nearBg, y * w + w - 1);
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int x = i % w;
            int y = i / w;
            if (x > 0) seed(queue, background, nearBg, i - 1);
            if (x < w - 1) seed(queue, background, nearBg, i + 1);
            if (y > 0) seed(queue, background, nearBg, i - w);
            if (y < h - 1) seed(queue, background, nearBg, i + w);
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

    private static void seed(ArrayDeque<Integer> queue, boolean[] background, boolean[] nearBg, int i) {
        if (nearBg[i] && !background[i]) {
            background[i] = true;
            queue.add(i);
        }
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

    /** The box of {@code src} resampled to dw x dh and placed at (ox, oy) on a CANVAS square filled with fill. */
    private static float[] canvas(float[] src, int w, int[] box, int dw, int dh, int ox, int oy, float fill) {
        int bw = box[2] - box[0];
        int bh = box[3] - box[1];
        float[] crop = new float[bw * bh];
        for (int y = 0; y < bh; y++) {
            System.arraycopy(src, (box[1] + y) * w + box[0], crop, y * bw, bw);
        }
        float[] scaled = areaResample(crop, bw, bh, dw, dh);
        float[] out = new float[CANVAS * CANVAS];
        Arrays.fill(out, fill);
        for (int y = 0; y < dh; y++) {
            System.arraycopy(scaled, y * dw, out, (oy + y) * CANVAS + ox, dw);
        }
        return out;
    }

    /** Separable box-filter resampling: each output pixel averages the input area it covers (exact fractions). */
    static float[] areaResample(float[] src, int sw, int sh, int dw, int dh) {
        float[] tmp = new float[dw * sh];
        float[][] wx = weights(sw, dw);
        int[] x0 = firstIndex(sw, dw);
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < dw; x++) {
                float s = 0;
                float[] wts = wx[x];
                int base = y * sw + x0[x];
                for (int k = 0; k < wts.length; k++) {
                    s += wts[k] * src[base + k];
                }
                tmp[y * dw + x] = s;
            }
        }
        float[] out = new float[dw * dh];
        float[][] wy = weights(sh, dh);
        int[] y0 = firstIndex(sh, dh);
        for (int y = 0; y < dh; y++) {
            float[] wts = wy[y];
            for (int x = 0; x < dw; x++) {
                float s = 0;
                for (int k = 0; k < wts.length; k++) {
                    s += wts[k] * tmp[(y0[y] + k) * dw + x];
                }
                out[y * dw + x] = s;
            }
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

    /** HOG on the canvas: per pixel the channel with the strongest gradient, unsigned orientation, soft bins. */
    private static float[] hog(float[] r, float[] g, float[] b) {
        float[] out = new float[HOG_DIM];
        int cell = CANVAS / HOG_CELLS;
        for (int y = 1; y < CANVAS - 1; y++) {
            for (int x = 1; x < CANVAS - 1; x++) {
                int i = y * CANVAS + x;
                float bestGx = 0, bestGy = 0, bestMag = -1;
                for (float[] c : new float[][] {r, g, b}) {
                    float gx = c[i + 1] - c[i - 1];
                    float gy = c[i + CANVAS] - c[i - CANVAS];
                    float mag = gx * gx + gy * gy;
                    if (mag > bestMag) {
                        bestMag = mag;
                        bestGx = gx;
                        bestGy = gy;
                    }
                }
                if (bestMag <= 0) {
                    continue;
                }
                float mag = (float) Math.sqrt(bestMag);
                double angle = Math.atan2(bestGy, bestGx);
                if (angle < 0) {
                    angle += Math.PI;
                }
                double pos = angle / Math.PI * HOG_BINS - 0.5;
                int b0 = (int) Math.floor(pos);
                float frac = (float) (pos - b0);
                int bin0 = Math.floorMod(b0, HOG_BINS);
                int bin1 = (bin0 + 1) % HOG_BINS;
                int cellIndex = ((y / cell) * HOG_CELLS + (x / cell)) * HOG_BINS;
                out[cellIndex + bin0] += mag * (1 - frac);
                out[cellIndex + bin1] += mag * frac;
            }
        }
        return out;
    }

    /** Soft (trilinear) CIE Lab histogram over the product's pixels. */
    private static float[] labHistogram(float[] r, float[] g, float[] b, boolean[] fg) {
        float[] out = new float[COLOUR_DIM];
        float[] lab = new float[3];
        for (int i = 0; i < fg.length; i++) {
            if (!fg[i]) {
                continue;
            }
            toLab(r[i], g[i], b[i], lab);
            // L in [0,100], a and b clipped to [-80, 80]
            double pl = lab[0] / 100.0 * L_BINS - 0.5;
            double pa = (clamp(lab[1], -80, 80) + 80) / 160.0 * AB_BINS - 0.5;
            double pb = (clamp(lab[2], -80, 80) + 80) / 160.0 * AB_BINS - 0.5;
            int l0 = (int) Math.floor(pl), a0 = (int) Math.floor(pa), b0 = (int) Math.floor(pb);
            float fl = (float) (pl - l0), fa = (float) (pa - a0), fb = (float) (pb - b0);
            for (int dl = 0; dl <= 1; dl++) {
                int li = l0 + dl;
                if (li < 0 || li >= L_BINS) continue;
                float wl = dl == 0 ? 1 - fl : fl;
                for (int da = 0; da <= 1; da++) {
                    int ai = a0 + da;
                    if (ai < 0 || ai >= AB_BINS) continue;
                    float wa = da == 0 ? 1 - fa : fa;
                    for (int db = 0; db <= 1; db++) {
                        int bi = b0 + db;
                        if (bi < 0 || bi >= AB_BINS) continue;
                        float wb = db == 0 ? 1 - fb : fb;
                        out[(li * AB_BINS + ai) * AB_BINS + bi] += wl * wa * wb;
                    }
                }
            }
        }
        return out;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** sRGB (0..1) to CIE Lab, D65. */
    static void toLab(float r, float g, float b, float[] out) {
        double lr = linear(r), lg = linear(g), lb = linear(b);
        double x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
        double y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
        double z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
        double fx = labF(x), fy = labF(y), fz = labF(z);
        out[0] = (float) (116 * fy - 16);
        out[1] = (float) (500 * (fx - fy));
        out[2] = (float) (200 * (fy - fz));
    }

    private static double linear(float c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double labF(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }

    /** Rotation-invariant uniform LBP histogram over product pixels, then the aspect ratio softly binned. */
    private static float[] texture(float[] r, float[] g, float[] b, float[] mask, double aspect) {
        float[] out = new float[TEXTURE_DIM];
        float[] lum = new float[CANVAS * CANVAS];
        for (int i = 0; i < lum.length; i++) {
            lum[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }
        int[] dx = {-1, 0, 1, 1, 1, 0, -1, -1};
        int[] dy = {-1, -1, -1, 0, 1, 1, 1, 0};
        for (int y = 1; y < CANVAS - 1; y++) {
            for (int x = 1; x < CANVAS - 1; x++) {
                int i = y * CANVAS + x;
                if (mask[i] < 0.5f) {
                    continue;
                }
                float c = lum[i] + 0.02f; // a small margin keeps flat areas from flickering on JPEG noise
                int bits = 0;
                for (int k = 0; k < 8; k++) {
                    if (lum[(y + dy[k]) * CANVAS + x + dx[k]] >= c) {
                        bits |= 1 << k;
                    }
                }
                int transitions = Integer.bitCount(bits ^ ((bits >>> 1) | ((bits & 1) << 7)));
                int code = transitions <= 2 ? Integer.bitCount(bits) : LBP_BINS - 1;
                out[code] += 1;
            }
        }
        // log aspect ratio in [-ln 4, ln 4] over ASPECT_BINS soft bins
        double pos = (clamp(Math.log(aspect), -Math.log(4), Math.log(4)) + Math.log(4)) / (2 * Math.log(4)) * (ASPECT_BINS - 1);
        int a0 = (int) Math.floor(pos);
        float fa = (float) (pos - a0);
        float total = 0;
        for (int k = 0; k < LBP_BINS; k++) {
            total += out[k];
        }
        float aspectMass = Math.max(1f, total) * 0.25f;
        out[LBP_BINS + a0] += aspectMass * (1 - fa);
        if (a0 + 1 < ASPECT_BINS) {
            out[LBP_BINS + a0 + 1] += aspectMass * fa;
        }
        return out;
    }
}
