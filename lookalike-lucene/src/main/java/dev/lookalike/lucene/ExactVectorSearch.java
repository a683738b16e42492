package dev.lookalike.lucene;

import java.io.IOException;
import java.util.List;
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
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.util.BitSet;

/**
 * Exact vector scoring through the field's own {@link VectorScorer} (the same scores the HNSW path returns, read from
 * the vector field, not from stored fields): brute-force top-k over the documents a filter keeps, used when a filter
 * keeps few documents, where walking the graph would lose recall; and the scores of a given set of documents against
 * several query vectors, used to re-rank candidates. Stateless; package-private.
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
            VectorScorer vectorScorer = values.rescorer(query); // float32 scores, also on quantized fields
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

    /** Every document the filter keeps (live), in doc-id order. */
    static int[] matches(IndexSearcher searcher, Query filter) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        int[] out = new int[16];
        int n = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            var liveDocs = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (liveDocs == null || liveDocs.get(doc)) {
                    out = org.apache.lucene.util.ArrayUtil.grow(out, n + 1);
                    out[n++] = leaf.docBase + doc;
                }
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * The best raw score of each parent document's children (its block's documents before it) in {@code field}, for
     * each query: {@code result[q][i]} for query {@code q} and {@code docs[i]} (global parent doc ids, any order);
     * {@code NaN} where the document has no child with a vector. When {@code bestChild} is given, {@code bestChild[q][i]}
     * receives the global doc id of the child that scored it (-1 when none).
     */
    static float[][] bestChildScores(IndexSearcher searcher, BitSetProducer parents, String field, int[] docs,
                                     List<float[]> queries, int[][] bestChild) throws IOException {
        float[][] out = new float[queries.size()][docs.length];
        for (int q = 0; q < out.length; q++) {
            java.util.Arrays.fill(out[q], Float.NaN);
            if (bestChild != null) {
                java.util.Arrays.fill(bestChild[q], -1);
            }
        }
        int[] order = byDoc(docs);
        int next = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            int end = leaf.docBase + leaf.reader().maxDoc();
            int from = next;
            while (next < order.length && docs[order[next]] < end) {
                next++;
            }
            FloatVectorValues values = from == next ? null : leaf.reader().getFloatVectorValues(field);
            BitSet parentBits = values == null ? null : parents.getBitSet(leaf);
            if (parentBits == null) {
                continue;
            }
            for (int q = 0; q < queries.size(); q++) {
                VectorScorer scorer = values.rescorer(queries.get(q)); // float32 scores, also on quantized fields
                if (scorer == null) {
                    continue;
                }
                DocIdSetIterator it = scorer.iterator();
                for (int j = from; j < next; j++) {
                    if (j > from && docs[order[j - 1]] == docs[order[j]]) { // a repeated parent: its children are behind
                        out[q][order[j]] = out[q][order[j - 1]];
                        if (bestChild != null) {
                            bestChild[q][order[j]] = bestChild[q][order[j - 1]];
                        }
                        continue;
                    }
                    int parent = docs[order[j]] - leaf.docBase;
                    int firstChild = parent == 0 ? 0 : parentBits.prevSetBit(parent - 1) + 1;
                    int at = it.docID() < firstChild ? it.advance(firstChild) : it.docID();
                    float best = Float.NaN;
                    int bestDoc = -1;
                    for (; at < parent; at = it.nextDoc()) {
                        float score = scorer.score();
                        if (Float.isNaN(best) || score > best) {
                            best = score;
                            bestDoc = at;
                        }
                    }
                    out[q][order[j]] = best;
                    if (bestChild != null && bestDoc >= 0) {
                        bestChild[q][order[j]] = leaf.docBase + bestDoc;
                    }
                }
            }
        }
        return out;
    }

    /** Positions of {@code docs} in doc-id order (ties by position): a primitive sort of (doc, position) keys. */
    static int[] byDoc(int[] docs) {
        long[] keys = new long[docs.length];
        for (int i = 0; i < docs.length; i++) {
            keys[i] = ((long) docs[i] << 32) | i;
        }
        java.util.Arrays.sort(keys);
        int[] order = new int[docs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /**
     * Raw field scores of {@code docs} (global doc ids, any order, repeats allowed) against each query vector:
     * {@code result[q][i]} for query {@code q} and {@code docs[i]}; {@code NaN} where the document has no vector.
     * Documents are visited in doc-id order, leaf by leaf, each query with its own scorer.
     */
    static float[][] scores(IndexSearcher searcher, String field, int[] docs, List<float[]> queries) throws IOException {
        float[][] out = new float[queries.size()][docs.length];
        for (float[] row : out) {
            java.util.Arrays.fill(row, Float.NaN);
        }
        if (docs.length == 0 || queries.isEmpty()) {
            return out;
        }
        int[] order = byDoc(docs);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int next = 0;
        for (LeafReaderContext leaf : leaves) {
            int end = leaf.docBase + leaf.reader().maxDoc();
            int from = next;
            while (next < order.length && docs[order[next]] < end) {
                next++;
            }
            if (from == next) {
                continue;
            }
            FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
            if (values == null) {
                continue;
            }
            for (int q = 0; q < queries.size(); q++) {
                VectorScorer scorer = values.rescorer(queries.get(q));
                if (scorer == null) {
                    continue;
                }
                DocIdSetIterator it = scorer.iterator();
                for (int j = from; j < next; j++) {
                    int local = docs[order[j]] - leaf.docBase;
                    int at = it.docID() < local ? it.advance(local) : it.docID();
                    if (at == DocIdSetIterator.NO_MORE_DOCS) {
                        break;
                    }
                    if (at == local) {
                        out[q][order[j]] = scorer.score();
                    }
                }
            }
        }
        return out;
    }
}
