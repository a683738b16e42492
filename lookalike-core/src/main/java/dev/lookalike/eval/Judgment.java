package dev.lookalike.eval;

/**
 * One graded judgment of a golden set (docs/golden-sets.md): how relevant {@code candidate} is to the query.
 *
 * @param kind      whether the query is a product ("more like this") or a text
 * @param anchor    the anchor product's id, or the query text
 * @param candidate the judged product's id
 * @param grade     {@code >= 0}; 0 is "not relevant", higher is better
 */
public record Judgment(QueryKind kind, String anchor, String candidate, int grade) {

    public Judgment {
        if (kind == null) {
            throw new IllegalArgumentException("kind must be product or text, got null");
        }
        if (anchor == null || anchor.isBlank()) {
            throw new IllegalArgumentException("anchor must be non-blank, got '" + anchor + "'");
        }
        if (candidate == null || candidate.isBlank()) {
            throw new IllegalArgumentException("candidate must be non-blank, got '" + candidate + "'");
        }
        if (grade < 0) {
            throw new IllegalArgumentException("grade must be >= 0, got " + grade);
        }
        if (kind == QueryKind.PRODUCT && anchor.equals(candidate)) {
            throw new IllegalArgumentException("candidate is the anchor product itself ('" + anchor + "'), which a search never returns");
        }
    }
}
