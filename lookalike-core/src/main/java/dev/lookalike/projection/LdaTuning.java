package dev.lookalike.projection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link LdaTuner} chose and every trial it scored. Immutable.
 *
 * @param best   the chosen options
 * @param trials in the order they were scored
 */
public record LdaTuning(LdaOptions best, List<Trial> trials) {

    /**
     * One scored option set.
     *
     * @param stage     {@code block:<attribute>} (one attribute's block alone, scored on that attribute) or
     *                  {@code weight:<attribute>} (the blocks together, scored on every attribute)
     * @param options   the options scored
     * @param precision mean precision@k over the folds, per scored attribute
     * @param score     the stage's objective: the mean of {@code precision}
     */
    public record Trial(String stage, LdaOptions options, Map<String, Double> precision, double score) {
        public Trial {
            precision = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(precision));
        }
    }

    public LdaTuning {
        if (best == null) {
            throw new IllegalArgumentException("a tuning needs its chosen options");
        }
        trials = List.copyOf(trials);
    }
}
