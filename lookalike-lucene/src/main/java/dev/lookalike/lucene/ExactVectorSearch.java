package dev.lookalike.lucene;

import java.io.IOException;
import java.util.PriorityQueue;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.search.Weight;

/**
 * Brute-force top-k over the documents a filter keeps: every candidate's stored vector is scored with the field's
 * own similarity (the same scores the HNSW path returns). Used when a filter keeps few documents, where walking
 * the graph would lose recall. Stateless; package-private.
 */
final class ExactVectorSearch {

    private ExactVectorSearch() {
    }

    static TopDocs search(IndexSearcher searcher, Query filter, String field, float[] query, int k) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        // min-heap of the best k: worst on top; ties keep the lower doc id
        PriorityQueue<ScoreDoc> heap = new PriorityQueue<>(k + 1,
                (a, b) -> a.score != b.score ? Float.compare(a.score, b.score) : Integer.compare(b.doc, a.doc));
        long visited = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
            Scorer filterScorer = weight.scorer(leaf);
            if (values == null || filterScorer == null) {
                continue;
            }
            VectorScorer vectorScorer = values.scorer(query);
            if (vectorScorer == null) {
                continue;
            }
            DocIdSetIterator vectors = vectorScorer.iterator();
            DocIdSetIterator candidates = filterScorer.iterator();
            var liveDocs = leaf.reader().getLiveDocs();
            for (int doc = candidates.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = candidates.nextDoc()) {
                if (liveDocs != null && !liveDocs.get(doc)) {
                    continue;
                }
                int vdoc = vectors.docID() < doc ? vectors.advance(doc) : vectors.docID();
                if (vdoc == DocIdSetIterator.NO_MORE_DOCS) {
                    break;
                }
                if (vdoc != doc) {
                    continue;
                }
                visited++;
                float score = vectorScorer.score();
                if (heap.size() < k) {
                    heap.add(new ScoreDoc(leaf.docBase + doc, score));
                } else if (score > heap.peek().score) {
                    heap.poll();
                    heap.add(new ScoreDoc(leaf.docBase + doc, score));
                }
            }
        }
        ScoreDoc[] out = new ScoreDoc[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = heap.poll();
        }
        return new TopDocs(new TotalHits(visited, TotalHits.Relation.EQUAL_TO), out);
    }
}
