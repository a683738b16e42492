package dev.lookalike.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing {@link SearchJson#parse}: request trees built from its own field names (and others) with values of every
 * JSON type, NaN and infinities included. The only failure it may report is an {@link IllegalArgumentException} with
 * a message; anything else (a NullPointerException, a ClassCastException…) would be a 500 at the HTTP edge.
 */
class SearchJsonProperties {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> KEYS = List.of("q", "filter", "anchors", "image", "text", "strategy", "weights",
            "hybrid", "rrf_k", "rules", "offset", "k", "explain", "max_candidates", "category", "brand", "attributes",
            "min_price", "max_price", "in_stock", "id", "vector", "weight", "price_band", "same_brand", "exclude_brands",
            "same_category", "same_attributes", "max_per_brand", "collapse_variants", "min_score", "image", "text",
            "attributes", "mean", "max", "rrf");

    @Property(tries = 400)
    void parsesOrRefusesWithIllegalArgument(@ForAll("requests") JsonNode request) {
        try {
            SearchJson.parse(request, null);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("refusal without a message for " + request, e);
            }
        }
    }

    @Property(tries = 200)
    void anyJsonValueAtTheTopIsHandled(@ForAll("values") JsonNode value) {
        try {
            SearchJson.parse(value, new byte[] {1, 2, 3});
        } catch (IllegalArgumentException e) {
            // documented refusal
        }
    }

    @Provide
    Arbitrary<JsonNode> requests() {
        return object(3);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return value(2);
    }

    private Arbitrary<JsonNode> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(F::textNode),
                Arbitraries.of(KEYS).map(F::textNode), // enum-like values: strategy names, modality names
                Arbitraries.integers().map(F::numberNode),
                Arbitraries.integers().between(-3, 1_200).map(F::numberNode),
                Arbitraries.longs().map(F::numberNode),
                Arbitraries.doubles().map(F::numberNode),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e308, Double.MIN_VALUE)
                        .map(F::numberNode),
                Arbitraries.of(true, false).map(F::booleanNode),
                Arbitraries.just(F.nullNode()));
    }

    private Arbitrary<JsonNode> value(int depth) {
        if (depth == 0) {
            return leaf();
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf()),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> array(depth - 1))),
                net.jqwik.api.Tuple.of(2, Arbitraries.lazy(() -> object(depth - 1))));
    }

    private Arbitrary<JsonNode> array(int depth) {
        return value(depth).list().ofMaxSize(5).map(items -> {
            ArrayNode a = F.arrayNode();
            items.forEach(a::add);
            return a;
        });
    }

    private Arbitrary<JsonNode> object(int depth) {
        Arbitrary<String> keys = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(KEYS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(6)));
        return Combinators.combine(keys, value(depth)).as(Entry::new).list().ofMaxSize(6).map(entries -> {
            ObjectNode o = F.objectNode();
            entries.forEach(e -> o.set(e.key(), e.value()));
            return o;
        });
    }

    private record Entry(String key, JsonNode value) {
    }

}
