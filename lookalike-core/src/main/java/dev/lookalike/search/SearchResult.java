package dev.lookalike.search;

import java.util.List;

/**
 * Hits, best first, and how they were found.
 *
 * @param hits   at most k hits
 * @param mode   approximate (graph) or exact
 * @param tookMicros time spent in the store, microseconds
 */
public record SearchResult(List<Hit> hits, SearchMode mode, long tookMicros) {

    public SearchResult {
        hits = List.copyOf(hits);
    }
}
