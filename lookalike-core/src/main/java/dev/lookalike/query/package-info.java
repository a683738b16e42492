/**
 * The search request and response: keywords, filters and anchors (products, pictures, texts, raw vectors, with
 * positive or negative weights), the strategy that combines several anchors, per-query modality weights, business
 * rules tied to the anchor, paging, and per-hit explanations. {@code Lookalike.search} runs them;
 * {@link dev.lookalike.query.SearchJson} is their JSON form (HTTP and {@code lookalike search --json}).
 * "Higher score is better" everywhere. Every type here is immutable.
 */
package dev.lookalike.query;
