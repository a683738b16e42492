package dev.lookalike.engine;

/**
 * An item of a product batch that was not upserted, and why.
 *
 * @param index   0-based position of the item among the batch's items (blank and comment lines of JSON Lines are not
 *                items)
 * @param line    1-based line of the body where the item starts
 * @param field   the offending field ({@code price}, {@code attributes.dims}), or {@code null} when the whole item is
 *                unreadable (malformed JSON)
 * @param message what is wrong, with the bad value
 */
public record ItemRejection(long index, long line, String field, String message) {
}
