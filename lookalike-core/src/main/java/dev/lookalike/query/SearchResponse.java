package dev.lookalike.query;

import dev.lookalike.search.SearchMode;
import java.util.List;

/**
 * A page of hits, best first, and how they were found.
 *
 * @param hits       at most {@code k} hits, starting at {@code offset}
 * @param offset     as requested
 * @param k          as requested
 * @param total      candidates ranked (after filters, rules and {@code min_score}; diversity is applied while paging,
 *                   so fewer may be reachable)
 * @param capped     whether more products matched than {@code max_candidates} (only the best were ranked)
 * @param retrieval  where the candidates came from
 * @param mode       how the vector search ran: exact, approximate (graph), or none (keywords or filters only)
 * @param strategy   how the anchors were combined
 * @param dropped    with {@code explain}: products a diversity rule or {@code min_score} removed, with the reason, in
 *                   rank order, at most {@link #MAX_DROPPED}
 * @param tookMicros time spent, microseconds
 */
public record SearchResponse(List<SearchHit> hits, int offset, int k, long total, boolean capped, Retrieval retrieval,
                             SearchMode mode, AnchorStrategy strategy, List<DroppedHit> dropped, long tookMicros) {

    public static final int MAX_DROPPED = 50;

    public SearchResponse {
        hits = List.copyOf(hits);
        dropped = List.copyOf(dropped);
    }
}
