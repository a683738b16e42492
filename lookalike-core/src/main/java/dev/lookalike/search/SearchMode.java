package dev.lookalike.search;

/** How a vector search ran; every response says which. */
public enum SearchMode {
    /** Approximate, through the HNSW graph. */
    APPROXIMATE,
    /** Exact: every candidate's vector was scored (small filtered sets, or small indexes, or keyword candidates). */
    EXACT,
    /** No vector search ran: a keyword or filter search without anchors. */
    NONE
}
