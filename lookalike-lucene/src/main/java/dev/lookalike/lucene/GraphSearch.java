package dev.lookalike.lucene;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.VectorScorer;

/**
 * One HNSW search of a float vector field: the best {@code k} of {@code beam} graph candidates, re-scored on the
 * float32 vectors when the graph is quantized. Scores are the field's similarity (higher is better).
 *
 * <p>Two ways, same results: when there is no filter and one segment holds the field, the segment's graph is searched
 * directly ({@link LeafReader#searchNearestVectors}); otherwise through Lucene's {@link GraphQuery} (filters turned into
 * accepted documents, Lucene's exact fallback for selective filters, its per-segment candidate sharing across
 * segments). The direct way skips what a query costs around the graph walk (rewrite, per-segment task list, a
 * doc-and-score query with its weight and collector): about 6 µs a search, 11 % of a beam-10 search of 20,000
 * vectors ({@code GraphPathBench}, docs/benchmarks.md). Stateless; thread-safe as the searcher is. Package-private.
 */
final class GraphSearch {

    private GraphSearch() {
    }

    /**
     * @param top            best first, at most {@code k}; doc ids of the searcher's reader
     * @param graphAnswered  whether at least one segment was answered by a complete graph walk (not Lucene's exact fallback)
     */
    record Result(TopDocs top, boolean graphAnswered) {
    }

    /**
     * @param filter   documents allowed, or null for all live ones
     * @param rescore  whether the graph's scores are approximate (quantized) and the beam is re-scored on float32
     */
    static Result search(IndexSearcher searcher, String field, float[] target, int k, int beam, Query filter,
                         boolean rescore) throws IOException {
        if (k < 1 || beam < k) {
            throw new IllegalArgumentException("need 1 <= k <= beam, got k " + k + ", beam " + beam);
        }
        LeafReaderContext only = filter == null ? onlySegmentWith(searcher, field) : null;
        if (only != null) {
            return direct(only, field, target, k, beam, rescore);
        }
        GraphQuery graph = new GraphQuery(field, target, beam, filter);
        Query query = rescore ? RescoreTopNQuery.createFullPrecisionRescorerQuery(graph, target, field, beam) : graph;
        TopDocs top = searcher.search(query, k);
        return new Result(top, graph.graphAnswered());
    }

    /** The one segment whose documents have vectors in {@code field}, or null when none or several have. */
    private static LeafReaderContext onlySegmentWith(IndexSearcher searcher, String field) {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext found = null;
        for (LeafReaderContext leaf : leaves) {
            FieldInfo info = leaf.reader().getFieldInfos().fieldInfo(field);
            if (info != null && info.hasVectorValues()) {
                if (found != null) {
                    return null;
                }
                found = leaf;
            }
        }
        return found;
    }

    private static Result direct(LeafReaderContext context, String field, float[] target, int k, int beam,
                                 boolean rescore) throws IOException {
        LeafReader leaf = context.reader();
        TopKnnCollector collector = new TopKnnCollector(beam, Integer.MAX_VALUE);
        leaf.searchNearestVectors(field, target, collector, AcceptDocs.fromLiveDocs(leaf.getLiveDocs(), leaf.maxDoc()));
        TopDocs walked = collector.topDocs();
        ScoreDoc[] candidates = walked.scoreDocs;
        if (rescore) {
            candidates = rescore(leaf.getFloatVectorValues(field), target, candidates);
        }
        int n = Math.min(k, candidates.length);
        ScoreDoc[] top = new ScoreDoc[n];
        for (int i = 0; i < n; i++) {
            top[i] = new ScoreDoc(candidates[i].doc + context.docBase, candidates[i].score);
        }
        return new Result(new TopDocs(new TotalHits(n, TotalHits.Relation.EQUAL_TO), top), GraphQuery.complete(walked));
    }

    /** The candidates (segment doc ids) scored on the float32 vectors, best first, ties by doc id. */
    private static ScoreDoc[] rescore(FloatVectorValues values, float[] target, ScoreDoc[] candidates) throws IOException {
        ScoreDoc[] byDoc = candidates.clone();
        Arrays.sort(byDoc, (a, b) -> Integer.compare(a.doc, b.doc));
        VectorScorer scorer = values.rescorer(target);
        DocIdSetIterator it = scorer.iterator();
        ScoreDoc[] scored = new ScoreDoc[byDoc.length];
        int n = 0;
        for (ScoreDoc sd : byDoc) {
            int at = it.docID() >= sd.doc ? it.docID() : it.advance(sd.doc);
            if (at == sd.doc) {
                scored[n++] = new ScoreDoc(sd.doc, scorer.score());
            }
        }
        scored = Arrays.copyOf(scored, n);
        Arrays.sort(scored, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
        return scored;
    }
}
