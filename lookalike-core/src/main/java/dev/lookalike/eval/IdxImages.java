package dev.lookalike.eval;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the idx files of MNIST-style data sets (Fashion-MNIST): {@code *-images-idx3-ubyte[.gz]} (magic 2051, count,
 * rows, columns, then unsigned bytes) and {@code *-labels-idx1-ubyte[.gz]} (magic 2049, count, then one byte each).
 * Stateless.
 */
public final class IdxImages {

    private IdxImages() {
    }

    /** Grayscale images as TYPE_INT_RGB (r = g = b = pixel), at most {@code limit} of them (all when limit <= 0). */
    public static List<BufferedImage> readImages(Path file, int limit) throws IOException {
        List<BufferedImage> out = new ArrayList<>();
        readEach(file, limit, (pixels, rows, cols) -> {
            int[] rgb = new int[pixels.length];
            for (int p = 0; p < pixels.length; p++) {
                int v = pixels[p] & 0xff;
                rgb[p] = (v << 16) | (v << 8) | v;
            }
            BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, cols, rows, rgb, 0, cols);
            out.add(img);
        });
        return out;
    }

    /**
     * The raw pixels as float vectors (0 to 255, row-major, one vector of rows x columns per image), at most
     * {@code limit} of them (all when limit <= 0): the usual ANN benchmark vectors of Fashion-MNIST.
     */
    public static float[][] readPixels(Path file, int limit) throws IOException {
        List<float[]> out = new ArrayList<>();
        readEach(file, limit, (pixels, rows, cols) -> {
            float[] v = new float[pixels.length];
            for (int p = 0; p < pixels.length; p++) {
                v[p] = pixels[p] & 0xff;
            }
            out.add(v);
        });
        return out.toArray(float[][]::new);
    }

    /** One image's unsigned bytes, row-major; the array is reused for the next image. */
    @FunctionalInterface
    private interface ImageBytes {
        void accept(byte[] pixels, int rows, int cols);
    }

    /** Checks an idx3 header and hands over at most {@code limit} images (all when limit <= 0). */
    private static void readEach(Path file, int limit, ImageBytes each) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 2051) {
                throw new IOException(file + ": not an idx3 image file (magic " + magic + ", expected 2051)");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0 || (long) rows * cols > 1 << 20) {
                throw new IOException(file + ": implausible header: " + count + " images of " + rows + "x" + cols);
            }
            int n = limit > 0 ? Math.min(limit, count) : count;
            byte[] pixels = new byte[rows * cols];
            for (int i = 0; i < n; i++) {
                in.readFully(pixels);
                each.accept(pixels, rows, cols);
            }
        }
    }

    /** Labels as ints, at most {@code limit} (all when limit <= 0). */
    public static int[] readLabels(Path file, int limit) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 2049) {
                throw new IOException(file + ": not an idx1 label file (magic " + magic + ", expected 2049)");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(file + ": implausible header: " + count + " labels");
            }
            int n = limit > 0 ? Math.min(limit, count) : count;
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new java.io.BufferedInputStream(
                file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16));
    }
}
