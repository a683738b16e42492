package dev.lookalike.demo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A small, fast encoder for opaque 8-bit RGB PNGs. The demo writes thousands of small pictures, and ImageIO's encoder
 * took about twice as long as drawing them. Each row is filtered with whichever of None, Sub or Up gives the smallest
 * sum of absolute values (libpng's heuristic; Paeth costs more than it gains on flat drawings), then the image is
 * deflated at the fastest level: files about a fifth larger than ImageIO's, in about half the time. Output is a pure
 * function of the pixels. Not thread-safe; use one per thread and close it to free the native deflater.
 */
final class PngWriter implements AutoCloseable {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private final CRC32 crc = new CRC32();
    private byte[] buffer = new byte[0];

    /** The PNG encoding of {@code img}'s RGB pixels (alpha, if any, is ignored). */
    byte[] encode(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight(), stride = 3 * w;
        int[] argb = img.getType() == BufferedImage.TYPE_INT_RGB
                && img.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt db
                && img.getRaster().getParent() == null
                ? db.getData() : img.getRGB(0, 0, w, h, null, 0, w);
        byte[] raw = new byte[h * (stride + 1)];
        byte[] prev = new byte[stride];
        byte[] cur = new byte[stride];
        byte[][] filtered = new byte[3][stride];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                cur[3 * x] = (byte) (p >>> 16);
                cur[3 * x + 1] = (byte) (p >>> 8);
                cur[3 * x + 2] = (byte) p;
            }
            int best = 0;
            long bestCost = Long.MAX_VALUE;
            for (int f = 0; f < 3; f++) {
                long cost = filter(f, cur, prev, filtered[f]);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = f;
                }
            }
            int off = y * (stride + 1);
            raw[off] = (byte) best; // PNG filter types: 0 None, 1 Sub, 2 Up
            System.arraycopy(filtered[best], 0, raw, off + 1, stride);
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // colour type: truecolour
        // compression, filter and interlace methods: 0
        chunk(out, "IHDR", ihdr, ihdr.length);
        deflater.reset();
        deflater.setInput(raw);
        deflater.finish();
        if (buffer.length < raw.length + 64) {
            buffer = new byte[raw.length + 64];
        }
        int n = 0;
        while (!deflater.finished()) {
            if (n == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            n += deflater.deflate(buffer, n, buffer.length - n);
        }
        chunk(out, "IDAT", buffer, n);
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    @Override
    public void close() {
        deflater.end();
    }

    /** Filters one row with filter {@code f} (0 None, 1 Sub, 2 Up) and returns the sum of |signed bytes|. */
    private static long filter(int f, byte[] cur, byte[] prev, byte[] dst) {
        long cost = 0;
        int n = cur.length;
        switch (f) {
            case 0 -> {
                for (int i = 0; i < n; i++) {
                    dst[i] = cur[i];
                    cost += Math.abs(cur[i]);
                }
            }
            case 1 -> {
                for (int i = 0; i < n; i++) {
                    byte v = (byte) (cur[i] - (i >= 3 ? cur[i - 3] : 0));
                    dst[i] = v;
                    cost += Math.abs(v);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    byte v = (byte) (cur[i] - prev[i]);
                    dst[i] = v;
                    cost += Math.abs(v);
                }
            }
        }
        return cost;
    }

    private void chunk(ByteArrayOutputStream out, String type, byte[] data, int len) {
        byte[] head = new byte[8];
        putInt(head, 0, len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, head, 4, 4);
        out.write(head, 0, 8);
        out.write(data, 0, len);
        crc.reset();
        crc.update(t);
        crc.update(data, 0, len);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.write(c, 0, 4);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
