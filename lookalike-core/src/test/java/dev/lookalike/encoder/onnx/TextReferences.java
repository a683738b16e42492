package dev.lookalike.encoder.onnx;

/**
 * What the tiny text models of {@link TinyOnnxModels} compute, written out in plain Java from their weights (double
 * precision), then pooled and L2-normalised as the encoders should. Stateless.
 */
public final class TextReferences {

    private TextReferences() {
    }

    /**
     * {@link TinyOnnxModels#bertLike}'s token outputs for one unpadded sequence (all token types 0), pooled by mean
     * (or the first token with {@code cls}), normalised.
     */
    public static float[] bert(TinyOnnxModels.TextModel m, long[] ids, boolean cls) {
        int dim = m.dim();
        float[] word = m.wordEmbedding();
        float[] type = m.typeEmbedding();
        float[] w = m.weight();
        int t = ids.length;
        double[][] x = new double[t][dim];
        double[] ctx = new double[dim];
        for (int k = 0; k < t; k++) {
            for (int d = 0; d < dim; d++) {
                x[k][d] = (double) word[(int) ids[k] * dim + d] + type[d];
                ctx[d] += x[k][d] / t;
            }
        }
        double[] pooled = new double[dim];
        for (int k = 0; k < (cls ? 1 : t); k++) {
            double[] h = new double[dim];
            for (int d = 0; d < dim; d++) {
                h[d] = Math.tanh(x[k][d] + ctx[d]);
            }
            double[] o = matmul(h, w, dim);
            for (int d = 0; d < dim; d++) {
                pooled[d] += o[d] / (cls ? 1 : t);
            }
        }
        return normalize(pooled);
    }

    /**
     * {@link TinyOnnxModels#clipTextLike}'s pooled end-token state for one unpadded sequence, projected (the
     * {@code text_embeds}) or not (the {@code pooler_output}), normalised.
     */
    public static float[] clip(TinyOnnxModels.ClipTextModel m, long[] ids, boolean projected) {
        int dim = m.dim();
        float[] emb = m.tokenEmbedding();
        int eos = 0;
        for (int k = 1; k < ids.length; k++) {
            if (ids[k] > ids[eos]) {
                eos = k;
            }
        }
        double[] running = new double[dim];
        double[] pooled = new double[dim];
        for (int k = 0; k <= eos; k++) {
            for (int d = 0; d < dim; d++) {
                double e = emb[(int) ids[k] * dim + d];
                running[d] += e;
                if (k == eos) {
                    pooled[d] = Math.tanh(e + 0.5 * running[d]);
                }
            }
        }
        return normalize(projected ? matmul(pooled, m.projection(), m.projectionDim()) : pooled);
    }

    /** Row vector {@code v} times the row-major {@code [v.length, cols]} matrix. */
    static double[] matmul(double[] v, float[] matrix, int cols) {
        double[] out = new double[cols];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < cols; j++) {
                out[j] += v[i] * matrix[i * cols + j];
            }
        }
        return out;
    }

    static float[] normalize(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
