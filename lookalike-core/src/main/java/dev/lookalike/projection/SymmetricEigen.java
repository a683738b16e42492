package dev.lookalike.projection;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigen-decomposition of a symmetric matrix by EJML, sorted by decreasing eigenvalue, each eigenvector's sign fixed
 * so that its largest-magnitude component is positive (so that refits on the same data give the same matrix).
 * Immutable; package-private.
 *
 * @param values  eigenvalues, decreasing
 * @param vectors eigenvectors as columns, in the same order ({@code n x n})
 */
record SymmetricEigen(double[] values, DMatrixRMaj vectors) {

    /** Decomposes {@code symmetric} (not modified). */
    static SymmetricEigen of(DMatrixRMaj symmetric) {
        int n = symmetric.numRows;
        if (symmetric.numCols != n) {
            throw new IllegalArgumentException("matrix must be square, got " + n + " x " + symmetric.numCols);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        DMatrixRMaj input = eig.inputModified() ? symmetric.copy() : symmetric;
        if (!eig.decompose(input)) {
            throw new IllegalStateException("EJML's symmetric eigen-decomposition did not converge on a " + n + " x " + n + " matrix");
        }
        Integer[] order = new Integer[n];
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            raw[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (a, b) -> raw[a] != raw[b] ? Double.compare(raw[b], raw[a]) : Integer.compare(a, b));
        double[] values = new double[n];
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        for (int j = 0; j < n; j++) {
            int src = order[j];
            values[j] = raw[src];
            DMatrixRMaj v = eig.getEigenVector(src);
            int argMax = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(v.get(i, 0)) > Math.abs(v.get(argMax, 0))) {
                    argMax = i;
                }
            }
            double sign = v.get(argMax, 0) < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                vectors.set(i, j, sign * v.get(i, 0));
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public DMatrixRMaj vectors() {
        return vectors.copy();
    }

    double value(int i) {
        return values[i];
    }

    double vector(int row, int column) {
        return vectors.get(row, column);
    }

    int size() {
        return values.length;
    }
}
