package dev.lookalike.lucene;

import dev.lookalike.catalog.Product;
import dev.lookalike.search.Candidates;
import dev.lookalike.search.PictureMatch;
import dev.lookalike.search.SearchMode;
import dev.lookalike.search.SearchSnapshot;
import dev.lookalike.search.Selection;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;

/**
 * {@link SearchSnapshot} over one acquired {@link IndexSearcher}: document handles are Lucene's global doc ids in
 * that searcher. Not thread-safe (one request); {@link #close()} releases the searcher. Package-private.
 */
final class LuceneSearchSnapshot implements SearchSnapshot {

    private final LuceneProductStore store;
    private final SearcherManager manager;
    private final IndexSearcher searcher;
    private boolean closed;

    LuceneSearchSnapshot(LuceneProductStore store, SearcherManager manager) throws IOException {
        this.store = store;
        this.manager = manager;
        this.searcher = manager.acquire();
    }

    @Override
    public long size() {
        try {
            return IndexSchema.productCount(searcher);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Candidates keywords(String keywords, Selection selection, int max) throws IOException {
        requireMax(max);
        Query text = IndexSchema.keywordQuery(store.analyzer(), keywords == null ? "" : keywords);
        if (text == null) {
            return Candidates.empty(SearchMode.NONE);
        }
        Query selected = IndexSchema.selectionQuery(selection);
        Query query = text;
        if (selected != null) {
            query = new BooleanQuery.Builder().add(text, BooleanClause.Occur.MUST).add(selected, BooleanClause.Occur.FILTER).build();
        }
        return collect(query, max);
    }

    @Override
    public Candidates select(Selection selection, int max) throws IOException {
        requireMax(max);
        Query selected = IndexSchema.selectionQuery(selection);
        return collect(new ConstantScoreQuery(selected == null ? IndexSchema.PARENTS : selected), max);
    }

    /** Top {@code max} by score (ties: lower doc id first), with the exact number of matches. */
    private Candidates collect(Query query, int max) throws IOException {
        TopDocs top = searcher.search(query, new TopScoreDocCollectorManager(max, null, max == Integer.MAX_VALUE ? max : max + 1));
        long total = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO ? top.totalHits.value() : searcher.count(query);
        return candidates(top, total, SearchMode.NONE, false);
    }

    @Override
    public Candidates nearest(float[] vector, int k, Selection selection, boolean byPicture) throws IOException {
        requireMax(k);
        if (vector.length != store.settings().fusedDimension()) {
            throw new IllegalArgumentException("query vector must have " + store.settings().fusedDimension()
                    + " components, got " + vector.length);
        }
        LuceneProductStore.VectorTopDocs found = store.vectorSearch(searcher, vector, k, IndexSchema.selectionQuery(selection),
                byPicture);
        return candidates(found.top(), found.top().scoreDocs.length, found.mode(), true);
    }

    private static Candidates candidates(TopDocs top, long total, SearchMode mode, boolean cosine) {
        ScoreDoc[] sd = top.scoreDocs;
        int[] docs = new int[sd.length];
        float[] scores = new float[sd.length];
        for (int i = 0; i < sd.length; i++) {
            docs[i] = sd[i].doc;
            scores[i] = cosine ? IndexSchema.cosineFromScore(sd[i].score) : sd[i].score;
        }
        return new Candidates(docs, scores, Math.max(total, docs.length), mode);
    }

    @Override
    public float[][] similarities(int[] docs, List<float[]> vectors, boolean[] byPicture) throws IOException {
        for (float[] v : vectors) {
            requireDimension(v);
        }
        if (byPicture.length != vectors.size()) {
            throw new IllegalArgumentException("byPicture must have one flag per vector (" + vectors.size() + "), got "
                    + byPicture.length);
        }
        for (int doc : docs) {
            requireDoc(doc);
        }
        float[][] raw = ExactVectorSearch.scores(searcher, IndexSchema.FUSED_VECTOR, docs, vectors);
        store.raiseToBestPicture(searcher, docs, vectors, byPicture, raw);
        for (float[] row : raw) {
            for (int i = 0; i < row.length; i++) {
                if (!Float.isNaN(row[i])) {
                    row[i] = IndexSchema.cosineFromScore(row[i]);
                }
            }
        }
        return raw;
    }

    @Override
    public PictureMatch bestPicture(int doc, float[] vector) throws IOException {
        requireDoc(doc);
        requireDimension(vector);
        if (!IndexSchema.hasPictures(searcher)) {
            return null;
        }
        int[] docs = {doc};
        int[][] child = new int[1][1];
        float picture = ExactVectorSearch.bestChildScores(searcher, store.parents(), IndexSchema.PICTURE_VECTOR, docs,
                List.of(vector), child)[0][0];
        float mean = ExactVectorSearch.scores(searcher, IndexSchema.FUSED_VECTOR, docs, List.of(vector))[0][0];
        if (Float.isNaN(picture) || (!Float.isNaN(mean) && picture <= mean)) {
            return null;
        }
        int image = searcher.storedFields().document(child[0][0], java.util.Set.of(IndexSchema.PICTURE))
                .getField(IndexSchema.PICTURE).numericValue().intValue();
        return new PictureMatch(image, IndexSchema.cosineFromScore(picture),
                IndexSchema.vector(searcher, child[0][0], IndexSchema.PICTURE_VECTOR));
    }

    private void requireDimension(float[] v) {
        if (v.length != store.settings().fusedDimension()) {
            throw new IllegalArgumentException("query vector must have " + store.settings().fusedDimension()
                    + " components, got " + v.length);
        }
    }

    @Override
    public float[] fusedVector(int doc) throws IOException {
        requireDoc(doc);
        return IndexSchema.fusedVector(searcher, doc);
    }

    @Override
    public Product product(int doc) throws IOException {
        requireDoc(doc);
        return IndexSchema.productOf(searcher, doc);
    }

    private void requireDoc(int doc) {
        if (doc < 0 || doc >= searcher.getIndexReader().maxDoc()) {
            throw new IllegalArgumentException("document handle " + doc + " is not in this snapshot");
        }
    }

    private static void requireMax(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            manager.release(searcher);
        }
    }
}
