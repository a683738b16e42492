package dev.lookalike.query;

import java.util.Locale;

/** Where a search's candidates came from; every response says which. */
public enum Retrieval {
    /** BM25 over the keywords (and the filters), re-ranked by the anchors when there are any. */
    KEYWORDS,
    /** The filters alone (no keywords, no anchors), in index order. */
    FILTER,
    /** Nearest neighbours of the anchors over the filtered catalog. */
    VECTOR,
    /** Reciprocal rank fusion of a keyword and a vector ranking. */
    HYBRID;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
