package dev.lookalike.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * What LDA needs of one fitting set, computed once and shared by every option tried on it: the mean, the centred
 * vectors, the covariance and its eigen-decomposition (for the optional PCA first), and per attribute the within- and
 * between-class scatter matrices. Blocks for given options are cached, so a tuner trying many options pays each
 * eigen-decomposition once.
 *
 * <p>Not thread-safe (caches); use one per thread. Package-private.
 */
final class LdaStatistics {

    /** Discriminant directions whose eigenvalue is below this share of the largest are dropped as numerical noise. */
    static final double RELATIVE_EIGENVALUE_FLOOR = 1e-9;

    private final int n;
    private final int d;
    private final double[] mean;
    /** n x d, each row a vector minus the mean. */
    private final DMatrixRMaj centred;
    /** d x d: the sum of z z' over the centred vectors z. */
    private final DMatrixRMaj outer;
    /** d x d, denominator n - 1. */
    private final DMatrixRMaj covariance;
    private final Map<String, Scatter> scatter = new LinkedHashMap<>();
    private SymmetricEigen pca;
    private final Map<ReducedKey, Reduced> reduced = new HashMap<>();
    private final Map<DiscriminantKey, SymmetricEigen> discriminants = new HashMap<>();
    private final Map<BlockKey, Block> blocks = new HashMap<>();

    /** Within- and between-class scatter of one attribute over its labelled vectors (denominator: their count). */
    private record Scatter(int classes, int labelled, DMatrixRMaj within, DMatrixRMaj between) {
    }

    /** An attribute's scatter in the PCA basis of the first p components (p = d: the input space). */
    private record Reduced(DMatrixRMaj basis, DMatrixRMaj between, SymmetricEigen within, double withinTrace) {
    }

    private record ReducedKey(String attribute, int p) {
    }

    private record DiscriminantKey(String attribute, int p, double shrinkage) {
    }

    private record BlockKey(String attribute, int p, double shrinkage, double eigenPower) {
    }

    /** Unit-weight rows of a block (components x d) and the total variance they give the fitting vectors. */
    record Block(DMatrixRMaj rows, double variance, int classes, int labelled) {
    }

    LdaStatistics(float[][] vectors, List<AttributeLabels> attributes) {
        if (vectors == null || vectors.length < 2) {
            throw new IllegalArgumentException("LDA needs at least 2 vectors, got " + (vectors == null ? 0 : vectors.length));
        }
        this.n = vectors.length;
        this.d = vectors[0].length;
        if (d < 1 || d > ProjectionDescriptor.MAX_DIMENSION / 8) {
            throw new IllegalArgumentException("vector dimension must be between 1 and " + ProjectionDescriptor.MAX_DIMENSION / 8 + ", got " + d);
        }
        this.mean = new double[d];
        for (int i = 0; i < n; i++) {
            float[] v = vectors[i];
            if (v == null || v.length != d) {
                throw new IllegalArgumentException("vector " + i + " must have " + d + " components, got "
                        + (v == null ? "null" : Integer.toString(v.length)));
            }
            for (int j = 0; j < d; j++) {
                if (!Float.isFinite(v[j])) {
                    throw new IllegalArgumentException("vector " + i + " has a non-finite component at " + j + ": " + v[j]);
                }
                mean[j] += v[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        this.centred = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred.unsafe_set(i, j, vectors[i][j] - mean[j]);
            }
        }
        this.outer = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multInner(centred, outer);
        this.covariance = outer.copy();
        CommonOps_DDRM.scale(1.0 / (n - 1), covariance);
        for (AttributeLabels a : attributes) {
            if (a.size() != n) {
                throw new IllegalArgumentException("attribute '" + a.name() + "' has " + a.size() + " labels for " + n + " vectors");
            }
            if (scatter.containsKey(a.name())) {
                throw new IllegalArgumentException("attribute '" + a.name() + "' is given twice");
            }
            scatter.put(a.name(), scatterOf(a));
        }
    }

    int count() {
        return n;
    }

    int dimension() {
        return d;
    }

    double[] mean() {
        return mean.clone();
    }

    /** The centred fitting vectors (n x d); callers must not modify it. */
    DMatrixRMaj centred() {
        return centred;
    }

    /**
     * Sw and Sb of one attribute. With z the centred vectors and m_c the class means of z,
     * {@code sum_c sum_{i in c} (z_i - m_c)(z_i - m_c)' = sum_labelled z z' - sum_c n_c m_c m_c'}, so the within-class
     * scatter comes from the covariance's sum of outer products, minus the (usually few) left-out vectors' share:
     * no second pass over the data.
     */
    private Scatter scatterOf(AttributeLabels a) {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String label = a.label(i);
            if (label != null) {
                members.computeIfAbsent(label, x -> new ArrayList<>()).add(i);
            }
        }
        members.values().removeIf(rows -> rows.size() < LdaFitter.MIN_CLASS_SIZE);
        int classes = members.size();
        if (classes < 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "attribute '%s' has %d value(s) with at least %d labelled vectors; LDA needs 2 or more", a.name(), classes,
                    LdaFitter.MIN_CLASS_SIZE));
        }
        boolean[] used = new boolean[n];
        int labelled = 0;
        for (List<Integer> rows : members.values()) {
            for (int i : rows) {
                used[i] = true;
            }
            labelled += rows.size();
        }
        // sum over the labelled vectors of z z'
        DMatrixRMaj labelledOuter;
        if (labelled == n) {
            labelledOuter = outer.copy();
        } else if (n - labelled <= labelled) {
            labelledOuter = outer.copy();
            DMatrixRMaj left = rowsOf(used, false, n - labelled);
            DMatrixRMaj leftOuter = new DMatrixRMaj(d, d);
            CommonOps_DDRM.multInner(left, leftOuter);
            CommonOps_DDRM.subtractEquals(labelledOuter, leftOuter);
        } else {
            labelledOuter = new DMatrixRMaj(d, d);
            CommonOps_DDRM.multInner(rowsOf(used, true, labelled), labelledOuter);
        }
        // rows sqrt(n_c) m_c, and their size-weighted mean (the labelled mean)
        DMatrixRMaj weightedMeans = new DMatrixRMaj(classes, d);
        double[] labelledMean = new double[d];
        int c = 0;
        for (List<Integer> rows : members.values()) {
            double[] m = new double[d];
            for (int i : rows) {
                for (int j = 0; j < d; j++) {
                    m[j] += centred.unsafe_get(i, j);
                }
            }
            double sqrtSize = Math.sqrt(rows.size());
            for (int j = 0; j < d; j++) {
                labelledMean[j] += m[j];
                weightedMeans.unsafe_set(c, j, m[j] / rows.size() * sqrtSize);
            }
            c++;
        }
        for (int j = 0; j < d; j++) {
            labelledMean[j] /= labelled;
        }
        DMatrixRMaj classOuter = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multInner(weightedMeans, classOuter);
        DMatrixRMaj within = new DMatrixRMaj(d, d);
        CommonOps_DDRM.subtract(labelledOuter, classOuter, within);
        CommonOps_DDRM.scale(1.0 / labelled, within);
        symmetrize(within);
        // between-class rows: sqrt(n_c) (m_c - labelled mean)
        c = 0;
        for (List<Integer> rows : members.values()) {
            double sqrtSize = Math.sqrt(rows.size());
            for (int j = 0; j < d; j++) {
                weightedMeans.unsafe_set(c, j, weightedMeans.unsafe_get(c, j) - sqrtSize * labelledMean[j]);
            }
            c++;
        }
        DMatrixRMaj between = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multInner(weightedMeans, between);
        CommonOps_DDRM.scale(1.0 / labelled, between);
        return new Scatter(classes, labelled, within, between);
    }

    /** The centred rows whose flag equals {@code flag}, as a matrix of {@code count} rows. */
    private DMatrixRMaj rowsOf(boolean[] flags, boolean flag, int count) {
        DMatrixRMaj out = new DMatrixRMaj(count, d);
        int r = 0;
        for (int i = 0; i < n; i++) {
            if (flags[i] == flag) {
                System.arraycopy(centred.data, i * d, out.data, r * d, d);
                r++;
            }
        }
        return out;
    }

    private Scatter scatter(String attribute) {
        Scatter s = scatter.get(attribute);
        if (s == null) {
            throw new IllegalArgumentException("no labels were given for attribute '" + attribute + "'; have: " + scatter.keySet());
        }
        return s;
    }

    /** The PCA dimension p that options ask for: d when none. */
    int reducedDimension(int preDimensions) {
        return preDimensions <= 0 || preDimensions >= d ? d : preDimensions;
    }

    private Reduced reduced(String attribute, int p) {
        return reduced.computeIfAbsent(new ReducedKey(attribute, p), key -> {
            Scatter s = scatter(attribute);
            DMatrixRMaj basis = null;
            DMatrixRMaj within = s.within();
            DMatrixRMaj between = s.between();
            if (p < d) {
                if (pca == null) {
                    pca = SymmetricEigen.of(covariance);
                }
                basis = new DMatrixRMaj(d, p);
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < p; j++) {
                        basis.unsafe_set(i, j, pca.vector(i, j));
                    }
                }
                within = congruence(basis, within);
                between = congruence(basis, between);
            }
            SymmetricEigen w = SymmetricEigen.of(within);
            double trace = 0;
            for (int i = 0; i < p; i++) {
                trace += Math.max(0, w.value(i));
            }
            return new Reduced(basis, between, w, trace);
        });
    }

    /** B' S B. */
    private static DMatrixRMaj congruence(DMatrixRMaj basis, DMatrixRMaj s) {
        DMatrixRMaj sb = new DMatrixRMaj(s.numRows, basis.numCols);
        CommonOps_DDRM.mult(s, basis, sb);
        DMatrixRMaj out = new DMatrixRMaj(basis.numCols, basis.numCols);
        CommonOps_DDRM.multTransA(basis, sb, out);
        symmetrize(out);
        return out;
    }

    private static void symmetrize(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = i + 1; j < m.numCols; j++) {
                double v = 0.5 * (m.unsafe_get(i, j) + m.unsafe_get(j, i));
                m.unsafe_set(i, j, v);
                m.unsafe_set(j, i, v);
            }
        }
    }

    /** W = U diag(((1 - gamma) d_i + gamma trace / p)^-1/2): whitens the regularised within-class scatter. */
    private static DMatrixRMaj whitener(Reduced r, double shrinkage) {
        int p = r.within().size();
        double floor = shrinkage * r.withinTrace() / p;
        DMatrixRMaj w = new DMatrixRMaj(p, p);
        for (int j = 0; j < p; j++) {
            double value = (1 - shrinkage) * Math.max(0, r.within().value(j)) + floor;
            double scale = value > 0 ? 1 / Math.sqrt(value) : 0;
            for (int i = 0; i < p; i++) {
                w.unsafe_set(i, j, r.within().vector(i, j) * scale);
            }
        }
        return w;
    }

    /** The block for these options (weight ignored: rows have unit weight). */
    Block block(LdaBlockOptions o) {
        int p = reducedDimension(o.preDimensions());
        return blocks.computeIfAbsent(new BlockKey(o.attribute(), p, o.shrinkage(), o.eigenPower()), key -> {
            Scatter s = scatter(o.attribute());
            Reduced r = reduced(o.attribute(), p);
            DMatrixRMaj w = whitener(r, o.shrinkage());
            SymmetricEigen t = discriminants.computeIfAbsent(new DiscriminantKey(o.attribute(), p, o.shrinkage()), k -> {
                DMatrixRMaj bw = new DMatrixRMaj(p, p);
                CommonOps_DDRM.mult(r.between(), w, bw);
                DMatrixRMaj whitenedBetween = new DMatrixRMaj(p, p);
                CommonOps_DDRM.multTransA(w, bw, whitenedBetween);
                symmetrize(whitenedBetween);
                return SymmetricEigen.of(whitenedBetween);
            });
            int m = 0;
            double top = t.value(0);
            while (m < Math.min(s.classes() - 1, p) && t.value(m) > 0 && t.value(m) > RELATIVE_EIGENVALUE_FLOOR * top) {
                m++;
            }
            if (m == 0) {
                throw new IllegalArgumentException("attribute '" + o.attribute() + "': its classes have the same mean; no discriminant direction");
            }
            // directions in the reduced space: W q_j e_j^alpha (p x m)
            DMatrixRMaj q = new DMatrixRMaj(p, m);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < m; j++) {
                    q.unsafe_set(i, j, t.vector(i, j) * Math.pow(t.value(j), o.eigenPower()));
                }
            }
            DMatrixRMaj reducedDirections = new DMatrixRMaj(p, m);
            CommonOps_DDRM.mult(w, q, reducedDirections);
            DMatrixRMaj directions;
            if (r.basis() == null) {
                directions = reducedDirections;
            } else {
                directions = new DMatrixRMaj(d, m);
                CommonOps_DDRM.mult(r.basis(), reducedDirections, directions);
            }
            // total variance of the block over the fitting vectors: trace(D' C D)
            DMatrixRMaj cd = new DMatrixRMaj(d, m);
            CommonOps_DDRM.mult(covariance, directions, cd);
            double variance = CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(directions, cd, null));
            DMatrixRMaj rows = new DMatrixRMaj(m, d);
            CommonOps_DDRM.transpose(directions, rows);
            return new Block(rows, variance, s.classes(), s.labelled());
        });
    }

    /**
     * The projection's rows for these options: each block's rows scaled so that the block's total variance over the
     * fitting vectors is {@code weight^2}, stacked in block order.
     */
    DMatrixRMaj rows(LdaOptions options) {
        List<DMatrixRMaj> scaled = new ArrayList<>();
        int total = 0;
        for (LdaBlockOptions o : options.blocks()) {
            Block b = block(o);
            double scale = b.variance() > 0 ? o.weight() / Math.sqrt(b.variance()) : o.weight();
            DMatrixRMaj r = b.rows().copy();
            CommonOps_DDRM.scale(scale, r);
            scaled.add(r);
            total += r.numRows;
        }
        DMatrixRMaj out = new DMatrixRMaj(total, d);
        int row = 0;
        for (DMatrixRMaj r : scaled) {
            CommonOps_DDRM.insert(r, out, row, 0);
            row += r.numRows;
        }
        return out;
    }

    /** Frees the decompositions kept for new options; blocks already made stay cached. */
    void releaseDecompositions() {
        reduced.clear();
        discriminants.clear();
        pca = null;
    }
}
