package dev.lookalike.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a hit is where it is.
 *
 * @param modalities       the similarity broken down by modality (empty without anchors or without a vector); the
 *                         contributions sum to the hit's similarity
 * @param anchor           the anchor the similarity is measured against: the single anchor, the centroid of several
 *                         ({@code mean}), or the deciding one ({@code max}, {@code min})
 * @param sharedAttributes attribute values the hit shares with the reference product anchor (case-insensitive)
 * @param notes            rules and ranking facts that concern the hit, e.g. {@code same brand as the anchor: Acme}
 */
public record Explanation(List<ModalityScore> modalities, String anchor, Map<String, List<String>> sharedAttributes,
                          List<String> notes) {

    public Explanation {
        modalities = List.copyOf(modalities);
        Map<String, List<String>> shared = new LinkedHashMap<>();
        sharedAttributes.forEach((k, v) -> shared.put(k, List.copyOf(v)));
        sharedAttributes = Collections.unmodifiableMap(shared);
        notes = List.copyOf(notes);
    }
}
