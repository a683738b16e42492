package dev.lookalike.projection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Which projection to fit, as the command line spells it: {@code pca:128}, {@code pca:128,whiten} or
 * {@code lda:articleType,baseColour}. Immutable.
 *
 * @param kind       {@code pca} or {@code lda}
 * @param components PCA components (0 for LDA, whose dimension follows from the attributes' classes)
 * @param whiten     PCA whitening
 * @param attributes LDA attributes, in block order (empty for PCA)
 */
public record ProjectionSpec(String kind, int components, boolean whiten, List<String> attributes) {

    public ProjectionSpec {
        attributes = List.copyOf(attributes);
        switch (kind == null ? "" : kind) {
            case "pca" -> {
                if (components < 1 || components > ProjectionDescriptor.MAX_DIMENSION) {
                    throw new IllegalArgumentException("PCA components must be between 1 and " + ProjectionDescriptor.MAX_DIMENSION
                            + ", got " + components);
                }
                if (!attributes.isEmpty()) {
                    throw new IllegalArgumentException("PCA takes no attributes, got " + attributes);
                }
            }
            case "lda" -> {
                if (attributes.isEmpty()) {
                    throw new IllegalArgumentException("LDA needs at least one attribute, e.g. lda:articleType,baseColour");
                }
                if (components != 0 || whiten) {
                    throw new IllegalArgumentException("LDA takes attributes only, got components=" + components + ", whiten=" + whiten);
                }
                if (new LinkedHashSet<>(attributes).size() != attributes.size()) {
                    throw new IllegalArgumentException("LDA attributes must be distinct, got " + attributes);
                }
            }
            default -> throw new IllegalArgumentException("projection kind must be pca or lda, got '" + kind + "'");
        }
    }

    public static ProjectionSpec pca(int components, boolean whiten) {
        return new ProjectionSpec("pca", components, whiten, List.of());
    }

    public static ProjectionSpec lda(List<String> attributes) {
        return new ProjectionSpec("lda", 0, false, attributes);
    }

    /**
     * Parses {@code pca:<components>[,whiten]} or {@code lda:<attribute>[,<attribute>...]}.
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static ProjectionSpec parse(String text) {
        String usage = "expected pca:<components>[,whiten] or lda:<attribute>[,<attribute>...], got '" + text + "'";
        if (text == null) {
            throw new IllegalArgumentException(usage);
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(usage);
        }
        String kind = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        List<String> parts = new ArrayList<>();
        for (String p : text.substring(colon + 1).split(",", -1)) {
            if (p.isBlank()) {
                throw new IllegalArgumentException(usage + " (empty item)");
            }
            parts.add(p.strip());
        }
        return switch (kind) {
            case "pca" -> {
                int components;
                try {
                    components = Integer.parseInt(parts.get(0));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(usage + " ('" + parts.get(0) + "' is not a number)");
                }
                boolean whiten = false;
                for (String option : parts.subList(1, parts.size())) {
                    if (!option.equalsIgnoreCase("whiten")) {
                        throw new IllegalArgumentException(usage + " (unknown PCA option '" + option + "')");
                    }
                    whiten = true;
                }
                yield pca(components, whiten);
            }
            case "lda" -> lda(parts);
            default -> throw new IllegalArgumentException(usage);
        };
    }

    @Override
    public String toString() {
        return kind.equals("pca") ? "pca:" + components + (whiten ? ",whiten" : "") : "lda:" + String.join(",", attributes);
    }
}
