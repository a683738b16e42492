package dev.lookalike.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graded judgments grouped by query, in the order each query first appears. Immutable and thread-safe.
 */
public final class GoldenSet {

    private final List<GoldenQuery> queries;

    private GoldenSet(List<GoldenQuery> queries) {
        this.queries = List.copyOf(queries);
    }

    /**
     * Groups judgments by (kind, anchor). The same candidate judged twice for one query must have the same grade.
     *
     * @throws IllegalArgumentException naming the query and the candidate when two judgments disagree
     */
    public static GoldenSet of(List<Judgment> judgments) {
        Map<QueryKind, Map<String, Map<String, Integer>>> grouped = new LinkedHashMap<>();
        List<Map.Entry<QueryKind, String>> order = new ArrayList<>();
        for (Judgment j : judgments) {
            Map<String, Map<String, Integer>> byAnchor = grouped.computeIfAbsent(j.kind(), k -> new LinkedHashMap<>());
            Map<String, Integer> grades = byAnchor.get(j.anchor());
            if (grades == null) {
                grades = new LinkedHashMap<>();
                byAnchor.put(j.anchor(), grades);
                order.add(Map.entry(j.kind(), j.anchor()));
            }
            Integer before = grades.putIfAbsent(j.candidate(), j.grade());
            if (before != null && before != j.grade()) {
                throw new IllegalArgumentException(j.kind().label() + " query '" + j.anchor() + "': candidate '" + j.candidate()
                        + "' is judged twice, with grades " + before + " and " + j.grade());
            }
        }
        List<GoldenQuery> queries = new ArrayList<>(order.size());
        for (Map.Entry<QueryKind, String> e : order) {
            queries.add(new GoldenQuery(e.getKey(), e.getValue(), grouped.get(e.getKey()).get(e.getValue())));
        }
        return new GoldenSet(queries);
    }

    public List<GoldenQuery> queries() {
        return queries;
    }

    /** Judgments in all queries. */
    public long judgmentCount() {
        return queries.stream().mapToLong(q -> q.judgments().size()).sum();
    }

    /** The judgments, query by query, as {@link #of} takes them. */
    public List<Judgment> judgments() {
        List<Judgment> out = new ArrayList<>();
        for (GoldenQuery q : queries) {
            q.judgments().forEach((candidate, grade) -> out.add(new Judgment(q.kind(), q.anchor(), candidate, grade)));
        }
        return out;
    }
}
