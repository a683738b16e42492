package dev.lookalike.search;

import dev.lookalike.catalog.Product;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A point-in-time view of a {@link ProductStore} for searches that take several steps (find candidates, score them
 * against several vectors, walk them for diversity, load the page): every step sees the same products, and documents
 * are addressed by {@code int} handles that are valid only inside this snapshot.
 *
 * <p>A store that keeps no point-in-time view across requests (SolrCloud) approximates one: it keeps each product and
 * vector once read, so the steps of one search agree on every product they have seen, while a product changed between
 * two requests and not read before is seen in its new state.
 *
 * <p>Not thread-safe: one request uses a snapshot, then closes it (which releases the point-in-time view).
 */
public interface SearchSnapshot extends Closeable {

    /** Products visible in this snapshot. */
    long size();

    /**
     * Keyword candidates: products that match every word of {@code keywords} (after analysis: lower-casing,
     * stemming, stop words) in their searchable text, and the selection; best BM25 first (title matches count more).
     * A query whose words are all stop words matches nothing.
     *
     * @param max at most this many, the best ones; {@link Candidates#totalMatches()} says how many matched
     */
    Candidates keywords(String keywords, Selection selection, int max) throws IOException;

    /** Products the selection keeps, in index order (no ranking), at most {@code max}. */
    Candidates select(Selection selection, int max) throws IOException;

    /**
     * The {@code k} products nearest to a unit vector in the fused space among those the selection keeps; through the
     * graph, or exactly when the selection keeps few products. Scores are cosine similarities.
     */
    Candidates nearest(float[] vector, int k, Selection selection) throws IOException;

    /**
     * Exact cosine similarity of each document's fused vector with each unit query vector: {@code result[q][i]} for
     * query {@code q} and {@code docs[i]}; {@code NaN} for a document without a vector.
     */
    float[][] similarities(int[] docs, List<float[]> vectors) throws IOException;

    /** The document's fused vector, or {@code null} when it has none. */
    float[] fusedVector(int doc) throws IOException;

    /** The document's product. */
    Product product(int doc) throws IOException;
}
