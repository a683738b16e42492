package dev.lookalike.demo;

import java.awt.image.BufferedImage;

/** Pixel statistics the demo tests share: foreground masks (non-white pixels), IoU and mean colours. */
final class ImageStats {

    /** A pixel is foreground when any channel is below this; the renderer keeps even white products at <= 248. */
    static final int WHITE_THRESHOLD = 250;

    private ImageStats() {
    }

    static boolean[] mask(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        boolean[] m = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                m[y * w + x] = ((p >> 16) & 0xff) < WHITE_THRESHOLD || ((p >> 8) & 0xff) < WHITE_THRESHOLD
                        || (p & 0xff) < WHITE_THRESHOLD;
            }
        }
        return m;
    }

    static double iou(boolean[] a, boolean[] b) {
        int inter = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && b[i]) {
                inter++;
            }
            if (a[i] || b[i]) {
                union++;
            }
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }

    static double coverage(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            if (b) {
                n++;
            }
        }
        return (double) n / m.length;
    }

    /** Mean {r, g, b} over the mask's pixels. */
    static double[] meanColour(BufferedImage img, boolean[] mask) {
        int w = img.getWidth();
        double[] sum = new double[3];
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                int p = img.getRGB(i % w, i / w);
                sum[0] += (p >> 16) & 0xff;
                sum[1] += (p >> 8) & 0xff;
                sum[2] += p & 0xff;
                n++;
            }
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    /** Per-channel median over the mask's pixels: the fabric colour, robust to outlines, soles and trims. */
    static int[] medianColour(BufferedImage img, boolean[] mask) {
        int w = img.getWidth();
        int[][] hist = new int[3][256];
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                int p = img.getRGB(i % w, i / w);
                hist[0][(p >> 16) & 0xff]++;
                hist[1][(p >> 8) & 0xff]++;
                hist[2][p & 0xff]++;
                n++;
            }
        }
        int[] med = new int[3];
        for (int c = 0; c < 3; c++) {
            int seen = 0;
            for (int v = 0; v < 256; v++) {
                seen += hist[c][v];
                if (seen * 2 >= n) {
                    med[c] = v;
                    break;
                }
            }
        }
        return med;
    }

    /** {minX, minY, maxX, maxY} of the mask, inclusive. */
    static int[] bounds(boolean[] mask, int width) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                int x = i % width, y = i / width;
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
            }
        }
        return new int[] {minX, minY, maxX, maxY};
    }

    static double distance(int[] rgb, java.awt.Color c) {
        double dr = rgb[0] - c.getRed(), dg = rgb[1] - c.getGreen(), db = rgb[2] - c.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }
}
