package dev.lookalike.projection;

import java.util.List;

/**
 * A fitted catalog-tuned projection and what each block holds. Immutable.
 *
 * @param projection the projection ({@code kind} {@code lda}); its output is the blocks' components, in order
 * @param blocks     one per attribute, in output order
 */
public record LdaResult(Projection projection, List<Block> blocks) {

    /**
     * @param options    how the block was fitted
     * @param classes    attribute values used as classes (those with at least {@link LdaFitter#MIN_CLASS_SIZE} vectors)
     * @param labelled   vectors in those classes
     * @param components discriminant directions kept (at most {@code classes - 1})
     */
    public record Block(LdaBlockOptions options, int classes, int labelled, int components) {
    }

    public LdaResult {
        if (projection == null || blocks == null || blocks.isEmpty()) {
            throw new IllegalArgumentException("an LDA result needs its projection and its blocks");
        }
        blocks = List.copyOf(blocks);
    }
}
