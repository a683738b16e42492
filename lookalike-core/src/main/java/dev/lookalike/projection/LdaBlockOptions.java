package dev.lookalike.projection;

import java.util.Locale;

/**
 * How one attribute's block of a catalog-tuned projection is fitted. Immutable.
 *
 * @param attribute     the attribute whose values are the classes
 * @param preDimensions PCA to this many dimensions first (fitted on all vectors), for stability and speed;
 *                      0 (or the input dimension or more) for none
 * @param shrinkage     {@code gamma} in (0, 1]: the within-class scatter is regularised to
 *                      {@code (1 - gamma) Sw + gamma (trace(Sw) / p) I}
 * @param eigenPower    {@code alpha} in [0, 1]: each discriminant direction is scaled by its eigenvalue (between- over
 *                      within-class variance) to this power; 0 counts every direction alike, 0.5 favours the more
 *                      discriminative ones
 * @param weight        the block's weight, {@code > 0}: its share of the total variance of the projected vectors
 *                      is proportional to {@code weight^2}
 */
public record LdaBlockOptions(String attribute, int preDimensions, double shrinkage, double eigenPower, double weight) {

    public static final int DEFAULT_PRE_DIMENSIONS = 0;
    public static final double DEFAULT_SHRINKAGE = 0.1;
    public static final double DEFAULT_EIGEN_POWER = 0.0;

    public LdaBlockOptions {
        if (attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("attribute must be non-blank, got '" + attribute + "'");
        }
        if (preDimensions < 0) {
            throw new IllegalArgumentException("preDimensions must be >= 0 (0: no PCA first), got " + preDimensions);
        }
        if (!(shrinkage > 0 && shrinkage <= 1)) {
            throw new IllegalArgumentException("shrinkage must be in (0, 1], got " + shrinkage);
        }
        if (!(eigenPower >= 0 && eigenPower <= 1)) {
            throw new IllegalArgumentException("eigenPower must be in [0, 1], got " + eigenPower);
        }
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and > 0, got " + weight);
        }
    }

    /** The defaults for an attribute, weight 1. */
    public static LdaBlockOptions defaults(String attribute) {
        return new LdaBlockOptions(attribute, DEFAULT_PRE_DIMENSIONS, DEFAULT_SHRINKAGE, DEFAULT_EIGEN_POWER, 1.0);
    }

    public LdaBlockOptions withWeight(double w) {
        return new LdaBlockOptions(attribute, preDimensions, shrinkage, eigenPower, w);
    }

    /** Compact form for logs and descriptions, e.g. {@code articleType(pre=0,shrinkage=0.1,power=0,weight=1)}. */
    public String compact() {
        return String.format(Locale.ROOT, "%s(pre=%d,shrinkage=%s,power=%s,weight=%s)", attribute, preDimensions,
                num(shrinkage), num(eigenPower), num(weight));
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
