package dev.lookalike.attribution;

import dev.lookalike.projection.AttributeLabels;
import dev.lookalike.projection.LdaFitter;
import dev.lookalike.projection.LdaOptions;
import dev.lookalike.projection.LdaTuner;
import dev.lookalike.projection.Projection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How {@link AttributionCrossValidation} maps vectors before the neighbour search: unchanged, or through a supervised
 * projection fitted on the labels it is given (only ever a training set's). Implementations are immutable.
 */
public interface SpaceFitter {

    /** Vectors as they are. */
    SpaceFitter NONE = new SpaceFitter() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public UnaryOperator<float[]> fit(float[][] vectors, String[] labels) {
            return UnaryOperator.identity();
        }
    };

    String name();

    /**
     * The fitter to use on this training set and its subsets: options chosen on it (e.g. by cross-validation inside
     * it), then fixed. Default: this fitter.
     */
    default SpaceFitter tuned(float[][] vectors, String[] labels) {
        return this;
    }

    /** A map fitted on these vectors and labels ({@code null} labels: left out of a supervised fit). */
    UnaryOperator<float[]> fit(float[][] vectors, String[] labels);

    /**
     * The catalog-tuned LDA projection for one attribute ({@link LdaFitter}); {@link #tuned} picks its options with
     * {@link LdaTuner} (3-fold cross-validation inside the training set, over {@code grid}).
     */
    static SpaceFitter lda(String attribute, LdaTuner.Grid grid, long seed) {
        return new Lda(attribute, grid, seed, null);
    }

    /** The LDA fitter; options null until tuned (then {@link LdaOptions#defaults}). */
    record Lda(String attribute, LdaTuner.Grid grid, long seed, LdaOptions options) implements SpaceFitter {

        @Override
        public String name() {
            return options == null ? "lda" : "lda " + options.compact();
        }

        @Override
        public SpaceFitter tuned(float[][] vectors, String[] labels) {
            LdaOptions best = LdaTuner.tune(vectors, List.of(new AttributeLabels(attribute, labels)),
                    new LdaTuner.Options(LdaTuner.Options.DEFAULT_FOLDS, LdaTuner.Options.DEFAULT_K, seed, grid)).best();
            return new Lda(attribute, grid, seed, best);
        }

        @Override
        public UnaryOperator<float[]> fit(float[][] vectors, String[] labels) {
            LdaOptions o = options == null ? LdaOptions.defaults(List.of(attribute)) : options;
            Projection p = LdaFitter.fit(vectors, List.of(new AttributeLabels(attribute, labels)), o).projection();
            return p::apply;
        }
    }
}
