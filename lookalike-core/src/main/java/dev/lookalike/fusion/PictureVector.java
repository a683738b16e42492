package dev.lookalike.fusion;

/**
 * One picture's own image vector (projected when the index projects image vectors), for matching a product by its
 * best picture. The array is copied in and out.
 *
 * @param image  the picture's position in the product's {@code images} list, from 0
 * @param vector its unit image vector
 */
public record PictureVector(int image, float[] vector) {

    public PictureVector {
        if (image < 0) {
            throw new IllegalArgumentException("image position must be >= 0, got " + image);
        }
        if (vector == null) {
            throw new IllegalArgumentException("vector must not be null");
        }
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }
}
