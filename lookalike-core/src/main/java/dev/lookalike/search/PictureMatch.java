package dev.lookalike.search;

/**
 * The picture by which a product matched a query vector better than by the mean of its pictures: which picture, the
 * similarity, and the fused vector the similarity was measured against (the product's fused vector with the image block
 * taken from that picture alone). The array is copied in and out.
 *
 * @param image      the picture's position in the product's {@code images} list, from 0
 * @param similarity the cosine similarity of the query with {@code fused}
 * @param fused      the product's fused vector with that picture as its image part (unit)
 */
public record PictureMatch(int image, float similarity, float[] fused) {

    public PictureMatch {
        fused = fused.clone();
    }

    @Override
    public float[] fused() {
        return fused.clone();
    }
}
