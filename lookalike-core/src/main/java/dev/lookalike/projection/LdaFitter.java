package dev.lookalike.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ejml.data.DMatrixRMaj;

/**
 * The catalog-tuned projection: supervised by the catalog's own attributes, so that "similar" in the projected space
 * means "likely to share those attributes". For each attribute (one block each):
 * <ol>
 *   <li>optionally a PCA to {@code preDimensions} first (fitted on every vector);</li>
 *   <li>classes are the attribute's values with at least {@value #MIN_CLASS_SIZE} vectors; vectors without the
 *       attribute, or in a smaller class, are left out of this block's fit;</li>
 *   <li>within-class scatter {@code Sw} and between-class scatter {@code Sb} (denominator: the labelled count);</li>
 *   <li>regularised LDA: the generalised eigenproblem {@code Sb v = e (Sw + shrink) v} solved by whitening the
 *       regularised {@code Sw = U D U'} with {@code W = U D^-1/2}, then the eigen-decomposition of {@code W' Sb W}
 *       (EJML); the top {@code classes - 1} directions {@code W q_j} are kept, each scaled by {@code e_j^eigenPower};</li>
 *   <li>the block is scaled so that its total variance over the fitting vectors is {@code weight^2}.</li>
 * </ol>
 * Blocks are concatenated in option order and share the fitting vectors' mean; the projected vector is L2-normalised,
 * so cosine similarity in it weighs each attribute's discriminant distance by its block's weight. See
 * {@link LdaTuner} for picking the options by cross-validation. Stateless and thread-safe.
 */
public final class LdaFitter {

    /** An attribute value needs this many vectors to count as a class. */
    public static final int MIN_CLASS_SIZE = 2;

    private LdaFitter() {
    }

    /**
     * Fits the projection on {@code vectors} (one row each, all of one length) with the labels of the attributes the
     * options name.
     *
     * @throws IllegalArgumentException when an attribute has no labels, fewer than 2 classes, or labels of the wrong
     *                                  count, or a vector is malformed
     */
    public static LdaResult fit(float[][] vectors, List<AttributeLabels> attributes, LdaOptions options) {
        Map<String, AttributeLabels> byName = attributes.stream()
                .collect(Collectors.toMap(AttributeLabels::name, Function.identity(), (a, b) -> {
                    throw new IllegalArgumentException("attribute '" + a.name() + "' is given twice");
                }));
        List<AttributeLabels> used = new ArrayList<>();
        for (String name : options.attributes()) {
            AttributeLabels a = byName.get(name);
            if (a == null) {
                throw new IllegalArgumentException("no labels were given for attribute '" + name + "'; have: " + byName.keySet());
            }
            used.add(a);
        }
        return fit(new LdaStatistics(vectors, used), options);
    }

    static LdaResult fit(LdaStatistics stats, LdaOptions options) {
        DMatrixRMaj rows = stats.rows(options);
        int d = stats.dimension();
        float[] matrix = new float[rows.numRows * d];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) rows.data[i];
        }
        float[] mean = new float[d];
        double[] m = stats.mean();
        for (int i = 0; i < d; i++) {
            mean[i] = (float) m[i];
        }
        List<LdaResult.Block> blocks = new ArrayList<>();
        StringBuilder description = new StringBuilder("lda ");
        for (LdaBlockOptions o : options.blocks()) {
            LdaStatistics.Block b = stats.block(o);
            blocks.add(new LdaResult.Block(o, b.classes(), b.labelled(), b.rows().numRows));
            if (description.length() > 4) {
                description.append(" + ");
            }
            description.append(o.compact()).append(String.format(Locale.ROOT, "[classes=%d,components=%d]",
                    b.classes(), b.rows().numRows));
        }
        description.append(" vectors=").append(stats.count());
        String text = description.length() > LinearProjection.MAX_DESCRIPTION
                ? description.substring(0, LinearProjection.MAX_DESCRIPTION) : description.toString();
        return new LdaResult(new LinearProjection("lda", text, mean, matrix, rows.numRows), blocks);
    }
}
