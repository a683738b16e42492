package dev.lookalike.lucene;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.search.knn.KnnCollectorManager;

/**
 * A graph query that remembers whether the graph answered. Lucene abandons a filtered graph walk that visits more
 * nodes than the filter keeps and scores the filtered documents exactly instead (and goes exact at once when the
 * filter keeps at most k); the mode a response reports must say so. One instance per search; thread-safe counters.
 * Package-private.
 */
final class GraphQuery extends KnnFloatVectorQuery {

    private final AtomicInteger graphAnswers = new AtomicInteger();

    GraphQuery(String field, float[] target, int k, Query filter) {
        super(field, target, k, filter);
    }

    @Override
    protected TopDocs approximateSearch(LeafReaderContext context, AcceptDocs acceptDocs, int visitedLimit,
                                        KnnCollectorManager manager) throws IOException {
        TopDocs top = super.approximateSearch(context, acceptDocs, visitedLimit, manager);
        // an incomplete walk (visit limit reached) is followed by Lucene's exact search of the segment
        if (complete(top)) {
            graphAnswers.incrementAndGet();
        }
        return top;
    }

    /** Whether at least one segment was answered by a complete graph walk. */
    boolean graphAnswered() {
        return graphAnswers.get() > 0;
    }

    /** Whether a graph walk in a segment was complete (otherwise Lucene follows it with an exact search). */
    static boolean complete(TopDocs top) {
        return top.totalHits.relation() == TotalHits.Relation.EQUAL_TO && top.totalHits.value() > 0;
    }

    /**
     * The picture documents' graph, diversified by product: Lucene's {@link DiversifyingChildrenFloatKnnVectorQuery}
     * returns, for each of the best {@code k} products, its best picture document. Remembers whether the graph answered,
     * as {@link GraphQuery} does. One instance per search.
     */
    static final class Pictures extends DiversifyingChildrenFloatKnnVectorQuery {
        private final AtomicInteger graphAnswers = new AtomicInteger();

        Pictures(String field, float[] target, Query childFilter, int k, BitSetProducer parents) {
            super(field, target, childFilter, k, parents);
        }

        @Override
        protected TopDocs approximateSearch(LeafReaderContext context, AcceptDocs acceptDocs, int visitedLimit,
                                            KnnCollectorManager manager) throws IOException {
            TopDocs top = super.approximateSearch(context, acceptDocs, visitedLimit, manager);
            if (complete(top)) {
                graphAnswers.incrementAndGet();
            }
            return top;
        }

        boolean graphAnswered() {
            return graphAnswers.get() > 0;
        }
    }
}
