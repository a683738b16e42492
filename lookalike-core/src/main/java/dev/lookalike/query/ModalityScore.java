package dev.lookalike.query;

import dev.lookalike.fusion.Modality;

/**
 * One modality's part of a hit's similarity.
 *
 * @param modality     image, text or attributes
 * @param cosine       cosine similarity of the hit's block with the anchor's (query's) block; {@code null} when either
 *                     side lacks the modality
 * @param contribution what the block adds to the similarity (the block's dot product, weights and normalisation
 *                     included, minus the unlike penalty's share); the contributions sum to the similarity
 */
public record ModalityScore(Modality modality, Float cosine, float contribution) {
}
