package dev.lookalike.projection;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code y = normalize(M (x - mean))}: a mean vector and a row-major matrix of {@code output x input} components.
 * Whitening, per-block weights and any preliminary PCA are baked into the matrix by the fitters.
 *
 * <p>Immutable and thread-safe: the arrays are copied in and never handed out.
 */
final class LinearProjection implements Projection {

    /** Longest description kept (UTF-16 chars); the file format caps it in bytes as well. */
    static final int MAX_DESCRIPTION = 4096;

    private final String kind;
    private final String description;
    private final int input;
    private final int output;
    private final float[] mean;
    private final float[] matrix;
    private final String id;

    LinearProjection(String kind, String description, float[] mean, float[] matrix, int output) {
        if (kind == null || !ProjectionDescriptor.KINDS.contains(kind)) {
            throw new IllegalArgumentException("projection kind must be one of " + ProjectionDescriptor.KINDS + ", got " + kind);
        }
        if (mean == null || mean.length < 1 || mean.length > ProjectionDescriptor.MAX_DIMENSION) {
            throw new IllegalArgumentException("mean must have 1 to " + ProjectionDescriptor.MAX_DIMENSION + " components, got "
                    + (mean == null ? null : mean.length));
        }
        if (output < 1 || output > ProjectionDescriptor.MAX_DIMENSION) {
            throw new IllegalArgumentException("output dimension must be between 1 and " + ProjectionDescriptor.MAX_DIMENSION + ", got " + output);
        }
        if (matrix == null || (long) matrix.length != (long) output * mean.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "matrix must have %d x %d = %d components, got %s",
                    output, mean.length, (long) output * mean.length, matrix == null ? "null" : Integer.toString(matrix.length)));
        }
        requireFinite(mean, "mean");
        requireFinite(matrix, "matrix");
        String d = description == null ? "" : description;
        if (d.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description must be at most " + MAX_DESCRIPTION + " characters, got " + d.length());
        }
        this.kind = kind;
        this.description = d;
        this.input = mean.length;
        this.output = output;
        this.mean = mean.clone();
        this.matrix = matrix.clone();
        this.id = kind + "-" + contentHash(input, output, this.mean, this.matrix);
    }

    private static void requireFinite(float[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " has a non-finite component at " + i + ": " + v[i]);
            }
        }
    }

    /** First 64 bits of SHA-256 over the dimensions, mean and matrix (little-endian), in hex. */
    private static String contentHash(int input, int output, float[] mean, float[] matrix) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(input).putInt(output);
            sha.update(head.array());
            sha.update(bytes(mean));
            sha.update(bytes(matrix));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int inputDimension() {
        return input;
    }

    @Override
    public int outputDimension() {
        return output;
    }

    @Override
    public float[] apply(float[] vector) {
        if (vector == null) {
            throw new IllegalArgumentException("vector to project must not be null");
        }
        if (vector.length != input) {
            throw new IllegalArgumentException("vector to project must have " + input + " components, got " + vector.length);
        }
        boolean signal = false;
        double[] centred = new double[input];
        for (int i = 0; i < input; i++) {
            float x = vector[i];
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("vector to project has a non-finite component at " + i + ": " + x);
            }
            signal |= x != 0;
            centred[i] = x - mean[i];
        }
        float[] out = new float[output];
        if (!signal) {
            return out;
        }
        double[] y = new double[output];
        double norm = 0;
        for (int r = 0; r < output; r++) {
            int row = r * input;
            double s = 0;
            for (int c = 0; c < input; c++) {
                s += matrix[row + c] * centred[c];
            }
            y[r] = s;
            norm += s * s;
        }
        if (norm > 0) {
            double inv = 1.0 / Math.sqrt(norm);
            for (int r = 0; r < output; r++) {
                out[r] = (float) (y[r] * inv);
            }
        }
        return out;
    }

    /** Copies, for the file writer and tests. */
    float[] mean() {
        return mean.clone();
    }

    float[] matrix() {
        return matrix.clone();
    }

    /** The mean and matrix as they are, for the file writer only (which must not modify them). */
    float[] meanView() {
        return mean;
    }

    float[] matrixView() {
        return matrix;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d -> %d)", id, input, output);
    }
}
