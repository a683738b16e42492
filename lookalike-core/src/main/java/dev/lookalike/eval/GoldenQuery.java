package dev.lookalike.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A golden query and its judgments. Immutable.
 *
 * @param kind      product anchor or text query
 * @param anchor    the anchor product's id, or the query text
 * @param judgments candidate id to grade, in the order they were judged; candidates not in it have grade 0
 */
public record GoldenQuery(QueryKind kind, String anchor, Map<String, Integer> judgments) {

    public GoldenQuery {
        if (kind == null || anchor == null || anchor.isBlank()) {
            throw new IllegalArgumentException("a golden query needs a kind and a non-blank anchor, got " + kind + " '" + anchor + "'");
        }
        judgments = Collections.unmodifiableMap(new LinkedHashMap<>(judgments));
    }

    /** Judged candidates with a grade of at least {@code grade}. */
    public int count(int grade) {
        return (int) judgments.values().stream().filter(g -> g >= grade).count();
    }
}
