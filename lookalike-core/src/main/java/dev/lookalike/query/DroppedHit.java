package dev.lookalike.query;

/** A product a rule removed from the results, e.g. {@code collapsed variant of demo-00012}. */
public record DroppedHit(String id, String reason) {
}
