package dev.lookalike.encoder;

/** Small vector helpers shared by the encoders and fusion. Stateless and thread-safe. */
public final class VectorMath {

    private VectorMath() {
    }

    /** Scales {@code v} in place to unit L2 norm; leaves an all-zero vector as it is. Returns {@code v}. */
    public static float[] normalizeInPlace(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            double inv = 1.0 / Math.sqrt(sum);
            if (inv <= Float.MAX_VALUE) {
                float f = (float) inv;
                for (int i = 0; i < v.length; i++) {
                    v[i] *= f;
                }
            } else { // a vector of tiny components: its inverse norm overflows a float, so scale in double
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (v[i] * inv);
                }
            }
        }
        return v;
    }

    /** Signed square root of every component ("power normalisation"), in place. Returns {@code v}. */
    public static float[] signedSqrtInPlace(float[] v) {
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            v[i] = x >= 0 ? (float) Math.sqrt(x) : (float) -Math.sqrt(-x);
        }
        return v;
    }

    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static float norm(float[] v) {
        return (float) Math.sqrt(dot(v, v));
    }

    /** Throws IllegalArgumentException when the vector is null, of the wrong length, or has NaN/Infinity. */
    public static float[] requireFinite(float[] v, int dimension, String what) {
        if (v == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (v.length != dimension) {
            throw new IllegalArgumentException(what + " must have " + dimension + " components, got " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " has a non-finite component at " + i + ": " + v[i]);
            }
        }
        return v;
    }
}
