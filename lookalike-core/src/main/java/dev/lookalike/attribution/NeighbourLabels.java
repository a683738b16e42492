package dev.lookalike.attribution;

import dev.lookalike.audit.Neighbours;

/**
 * A query's neighbours as the vote sees them: their values of one attribute ({@code null} where they lack it) and
 * their similarities, best first. Immutable: arrays are copied in and out.
 */
public record NeighbourLabels(String[] labels, float[] similarities) {

    public NeighbourLabels {
        if (labels == null || similarities == null || labels.length != similarities.length) {
            throw new IllegalArgumentException("labels and similarities must be non-null and of one length");
        }
        labels = labels.clone();
        similarities = similarities.clone();
    }

    /** The neighbours' labels looked up by row in {@code labelsByRow}. */
    public static NeighbourLabels of(Neighbours neighbours, String[] labelsByRow) {
        String[] labels = new String[neighbours.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelsByRow[neighbours.row(i)];
        }
        return new NeighbourLabels(labels, neighbours.similarities());
    }

    @Override
    public String[] labels() {
        return labels.clone();
    }

    @Override
    public float[] similarities() {
        return similarities.clone();
    }

    Vote vote(VoteOptions options) {
        return KnnVote.vote(labels, similarities, options);
    }
}
