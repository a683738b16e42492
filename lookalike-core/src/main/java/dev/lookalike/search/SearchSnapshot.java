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
     * graph, or exactly when the selection keeps few products. Scores are cosine similarities with each product's fused
     * vector (the mean of its pictures as the image part).
     */
    default Candidates nearest(float[] vector, int k, Selection selection) throws IOException {
        return nearest(vector, k, selection, false);
    }

    /**
     * As {@link #nearest(float[], int, Selection)}; with {@code byPicture}, a product's similarity is its
     * {@linkplain #similarities(int[], List, boolean[]) similarity by picture}.
     */
    Candidates nearest(float[] vector, int k, Selection selection, boolean byPicture) throws IOException;

    /**
     * Exact cosine similarity of each document's fused vector with each unit query vector: {@code result[q][i]} for
     * query {@code q} and {@code docs[i]}; {@code NaN} for a document without a vector.
     */
    default float[][] similarities(int[] docs, List<float[]> vectors) throws IOException {
        return similarities(docs, vectors, new boolean[vectors.size()]);
    }

    /**
     * As {@link #similarities(int[], List)}; for the query vectors flagged in {@code byPicture}, the similarity by
     * picture: with {@code f} the product's fused vector (image part: the normalised mean of its pictures) and
     * {@code f_j} the same vector with the image part taken from its picture {@code j} alone, the similarity is
     * {@code max(q·f, max_j q·f_j)}. All of them have the same modalities, so they differ in the image block only: the
     * image modality counts with the best of (the mean of the pictures, the best single picture), weighted as the index
     * weighs images, and text and attributes count as usual. Products with fewer than two pictures have no {@code f_j}.
     */
    float[][] similarities(int[] docs, List<float[]> vectors, boolean[] byPicture) throws IOException;

    /**
     * The picture of the document that matches the unit query vector better than the mean of its pictures does (see
     * {@link #similarities(int[], List, boolean[])}), or {@code null} when the mean matches best or the product has
     * fewer than two pictures.
     */
    PictureMatch bestPicture(int doc, float[] vector) throws IOException;

    /** The document's fused vector, or {@code null} when it has none. */
    float[] fusedVector(int doc) throws IOException;

    /** The document's product. */
    Product product(int doc) throws IOException;
}
