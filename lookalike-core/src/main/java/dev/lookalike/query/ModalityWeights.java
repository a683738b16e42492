package dev.lookalike.query;

import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-query modality weights, applied without re-indexing. A modality left out keeps the index's weight.
 *
 * <p>The index stores {@code p = concat(w_m·v_m) / N_p} (unit parts {@code v_m}, index weights {@code w_m}). A query
 * vector with blocks {@code q_m = (w'_m / w_m)²·w_m·u_m} (then normalised) scores
 * {@code q·p ∝ Σ_m w'_m²·cos(u_m, v_m) / N_p}: each modality counts with the query weight squared, exactly as the
 * index weight counts in an index built with {@code w'}. So the ranking among products that have the same modalities
 * is the one an index built with the query weights would give. Limits: {@code N_p} still comes from the index
 * weights, so products lacking a modality move slightly against that ideal; and a modality whose index weight is 0
 * is not in the stored vectors at all, so a query cannot weight it up ({@link #blockFactors} refuses).
 *
 * @param weights modality to weight, each finite and {@code >= 0}
 */
public record ModalityWeights(Map<Modality, Float> weights) {

    /** The index's own weights. */
    public static final ModalityWeights INDEX = new ModalityWeights(Map.of());

    public ModalityWeights {
        EnumMap<Modality, Float> copy = new EnumMap<>(Modality.class);
        if (weights != null) {
            weights.forEach((m, w) -> {
                if (m == null || w == null || !Float.isFinite(w) || w < 0) {
                    throw new IllegalArgumentException("weight of " + label(m) + " must be finite and >= 0, got " + w);
                }
                copy.put(m, w);
            });
        }
        weights = Collections.unmodifiableMap(copy);
    }

    /**
     * Parses {@code image=1,text=0.5,attributes=0} (any subset; names case-insensitive).
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static ModalityWeights parse(String spec) {
        EnumMap<Modality, Float> out = new EnumMap<>(Modality.class);
        if (spec == null || spec.isBlank()) {
            return INDEX;
        }
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("weights must look like image=1,text=0.5,attributes=0, got '" + part.strip() + "'");
            }
            Modality m = modality(part.substring(0, eq));
            String value = part.substring(eq + 1).strip();
            float w;
            try {
                w = Float.parseFloat(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of " + label(m) + " must be a number, got '" + value + "'");
            }
            if (out.put(m, w) != null) {
                throw new IllegalArgumentException("weight of " + label(m) + " is given twice");
            }
        }
        return new ModalityWeights(out);
    }

    /** The modality named {@code image}, {@code text} or {@code attributes} (case-insensitive). */
    public static Modality modality(String name) {
        for (Modality m : Modality.values()) {
            if (label(m).equalsIgnoreCase(name.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("modality must be one of image, text, attributes, got '" + name.strip() + "'");
    }

    /** Lower-case name: {@code image}, {@code text}, {@code attributes}. */
    public static String label(Modality m) {
        return m == null ? "null" : m.name().toLowerCase(Locale.ROOT);
    }

    public boolean isIndexWeights() {
        return weights.isEmpty();
    }

    /** The weight a query uses for {@code m}: its own, or the index's. */
    public float weight(Modality m, FusionSettings settings) {
        Float w = weights.get(m);
        return w == null ? settings.weight(m) : w;
    }

    /**
     * The factor each block of a unit query vector (fused with the index weights) is multiplied by, by
     * {@link Modality#ordinal()}: {@code (w'_m / w_m)²}; 0 for a modality the index does not weight.
     *
     * @throws IllegalArgumentException when a modality with index weight 0 gets a query weight above 0, or when
     *                                  every resolved weight is 0
     */
    public float[] blockFactors(FusionSettings settings) {
        float[] f = new float[Modality.values().length];
        boolean any = false;
        for (Modality m : Modality.values()) {
            float stored = settings.weight(m);
            float wanted = weight(m, settings);
            if (stored == 0) {
                if (wanted > 0) {
                    throw new IllegalArgumentException("weight of " + label(m) + ": the index was built with weight 0 for it, so a"
                            + " query cannot weight it up (got " + wanted + "); re-index with a " + label(m) + " weight");
                }
                continue;
            }
            float ratio = wanted / stored;
            f[m.ordinal()] = ratio * ratio;
            any |= wanted > 0;
        }
        if (!any) {
            throw new IllegalArgumentException("weights must leave at least one modality above 0, got " + describe(settings));
        }
        return f;
    }

    /** E.g. {@code image=1.0,text=0.6,attributes=0.4}, the index's weights filled in. */
    public String describe(FusionSettings settings) {
        StringBuilder sb = new StringBuilder();
        for (Modality m : Modality.values()) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(label(m)).append('=').append(weight(m, settings));
        }
        return sb.toString();
    }
}
