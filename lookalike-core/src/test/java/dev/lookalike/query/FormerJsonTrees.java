package dev.lookalike.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.Product;
import java.util.Locale;
import java.util.function.Function;

/**
 * The search response as the former Jackson-tree code built it, kept verbatim so that tests can check the streamed
 * writers against it byte for byte ({@code StreamedJsonFormsTest}, the server's {@code StreamedResponsesTest}); each
 * caller supplies its own former product form.
 */
public final class FormerJsonTrees {

    private FormerJsonTrees() {
    }

    public static ObjectNode render(SearchResponse r, Function<Product, ObjectNode> oldProduct) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("retrieval", r.retrieval().label());
        o.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
        o.put("strategy", r.strategy().label());
        o.put("total", r.total());
        o.put("capped", r.capped());
        o.put("offset", r.offset());
        o.put("k", r.k());
        o.put("took_ms", r.tookMicros() / 1000.0);
        ArrayNode hits = o.putArray("hits");
        for (SearchHit h : r.hits()) {
            ObjectNode hit = hits.addObject();
            hit.put("id", h.id());
            hit.put("score", h.score());
            hit.put("similarity", h.similarity());
            hit.put("keyword_score", h.keywordScore());
            hit.set("product", oldProduct.apply(h.product()));
            if (h.explanation() != null) {
                hit.set("explanation", explanation(h.explanation()));
            }
        }
        if (!r.dropped().isEmpty()) {
            ArrayNode dropped = o.putArray("dropped");
            r.dropped().forEach(d -> dropped.addObject().put("id", d.id()).put("reason", d.reason()));
        }
        return o;
    }

    public static ObjectNode explanation(Explanation e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (e.anchor() != null) {
            o.put("anchor", e.anchor());
        }
        ArrayNode modalities = o.putArray("modalities");
        for (ModalityScore m : e.modalities()) {
            modalities.addObject().put("modality", ModalityWeights.label(m.modality())).put("cosine", m.cosine())
                    .put("contribution", m.contribution());
        }
        ObjectNode shared = o.putObject("shared_attributes");
        e.sharedAttributes().forEach((name, values) -> {
            ArrayNode a = shared.putArray(name);
            values.forEach(a::add);
        });
        ArrayNode notes = o.putArray("notes");
        e.notes().forEach(notes::add);
        return o;
    }
}
