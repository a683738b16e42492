package dev.lookalike.search;

/**
 * Documents found in a {@link SearchSnapshot}, best first, with the score they were found by (BM25 for keyword
 * candidates, the cosine similarity for vector candidates, 0 for plain selections). Document handles are only
 * meaningful inside the snapshot that returned them. Arrays are copied in and out.
 *
 * @param docs         document handles, best first
 * @param scores       one score per document
 * @param totalMatches how many documents matched before the cap (at least {@code docs.length}); for vector searches the
 *                     number of hits
 * @param mode         how a vector search ran; {@link SearchMode#NONE} for keyword candidates and plain selections
 */
public record Candidates(int[] docs, float[] scores, long totalMatches, SearchMode mode) {

    public Candidates {
        if (docs == null || scores == null || docs.length != scores.length) {
            throw new IllegalArgumentException("docs and scores must be non-null and of the same length");
        }
        if (totalMatches < docs.length) {
            throw new IllegalArgumentException("totalMatches " + totalMatches + " is below the " + docs.length + " documents returned");
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode must be non-null");
        }
        docs = docs.clone();
        scores = scores.clone();
    }

    public static Candidates empty(SearchMode mode) {
        return new Candidates(new int[0], new float[0], 0, mode);
    }

    public int size() {
        return docs.length;
    }

    /** Whether more documents matched than were returned. */
    public boolean capped() {
        return totalMatches > docs.length;
    }

    @Override
    public int[] docs() {
        return docs.clone();
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    public int doc(int i) {
        return docs[i];
    }

    public float score(int i) {
        return scores[i];
    }
}
