package dev.lookalike.projection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The blocks of a catalog-tuned projection, in output order: one per attribute. Immutable.
 *
 * @param blocks at least one, attributes distinct
 */
public record LdaOptions(List<LdaBlockOptions> blocks) {

    public LdaOptions {
        if (blocks == null || blocks.isEmpty()) {
            throw new IllegalArgumentException("LDA needs at least one attribute block, got " + blocks);
        }
        blocks = List.copyOf(blocks);
        Set<String> seen = new HashSet<>();
        for (LdaBlockOptions b : blocks) {
            if (!seen.add(b.attribute())) {
                throw new IllegalArgumentException("attribute '" + b.attribute() + "' appears in two LDA blocks");
            }
        }
    }

    /** Defaults for each attribute (weight 1 each). */
    public static LdaOptions defaults(List<String> attributes) {
        return new LdaOptions(attributes.stream().map(LdaBlockOptions::defaults).toList());
    }

    public List<String> attributes() {
        return blocks.stream().map(LdaBlockOptions::attribute).toList();
    }

    public String compact() {
        return blocks.stream().map(LdaBlockOptions::compact).collect(Collectors.joining(" + "));
    }
}
