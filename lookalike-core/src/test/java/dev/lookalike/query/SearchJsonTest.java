package dev.lookalike.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.fusion.Modality;
import dev.lookalike.search.SearchMode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SearchRequest parse(String json) throws Exception {
        return SearchJson.parse(JSON.readTree(json.replace('\'', '"')), null);
    }

    @Test
    void parsesEveryFieldOfTheDocumentedExample() throws Exception {
        SearchRequest r = parse("""
                {'q': 'red dress',
                 'filter': {'category': 'Dresses', 'brand': ['Acme', 'Zed'], 'attributes': {'colour': ['red', 'pink'], 'gender': 'women'},
                            'min_price': 10, 'max_price': 80.5, 'in_stock': true},
                 'anchors': [{'id': 'demo-00042'}, {'id': 'demo-00007', 'weight': -0.5}, {'vector': [0.5, 0, 1], 'weight': 2},
                             {'text': 'summer', 'weight': 0.3}],
                 'text': 'in red', 'strategy': 'MIN', 'weights': {'image': 1, 'text': 0.5, 'attributes': 0},
                 'hybrid': 'rrf', 'rrf_k': 30,
                 'rules': {'price_band': 20, 'same_brand': true, 'exclude_brands': ['Volt'], 'same_category': true,
                           'same_attributes': ['gender'], 'max_per_brand': 2, 'collapse_variants': true, 'min_score': 0.3},
                 'offset': 20, 'k': 10, 'explain': true, 'max_candidates': 5000}""");
        assertThat(r.keywords()).isEqualTo("red dress");
        assertThat(r.filter().categories()).containsExactly("dresses");
        assertThat(r.filter().brands()).containsExactlyInAnyOrder("acme", "zed");
        assertThat(r.filter().attributes()).containsEntry("colour", Set.of("red", "pink")).containsEntry("gender", Set.of("women"));
        assertThat(r.filter().minPrice()).isEqualTo(10.0);
        assertThat(r.filter().maxPrice()).isEqualTo(80.5);
        assertThat(r.filter().inStockOnly()).isTrue();
        assertThat(r.anchors()).hasSize(5);
        assertThat(r.anchors().get(0)).isEqualTo(Anchor.product("demo-00042"));
        assertThat(r.anchors().get(1)).isEqualTo(Anchor.product("demo-00007", -0.5));
        assertThat(r.anchors().get(2)).isEqualTo(new Anchor.VectorAnchor(new float[] {0.5f, 0, 1}, 2));
        assertThat(r.anchors().get(3)).isEqualTo(new Anchor.TextAnchor("summer", 0.3));
        assertThat(r.anchors().get(4)).isEqualTo(new Anchor.TextAnchor("in red", 1));
        assertThat(r.strategy()).isEqualTo(AnchorStrategy.MIN);
        assertThat(r.weights().weights()).containsEntry(Modality.IMAGE, 1f).containsEntry(Modality.TEXT, 0.5f)
                .containsEntry(Modality.ATTRIBUTES, 0f);
        assertThat(r.hybrid()).isEqualTo(Hybrid.RRF);
        assertThat(r.rrfK()).isEqualTo(30);
        assertThat(r.rules()).isEqualTo(SearchRules.builder().priceBandPercent(20.0).sameBrand(true).excludeBrand("Volt")
                .sameCategory(true).sameAttribute("gender").maxPerBrand(2).collapseVariants(true).minScore(0.3).build());
        assertThat(r.offset()).isEqualTo(20);
        assertThat(r.k()).isEqualTo(10);
        assertThat(r.explain()).isTrue();
        assertThat(r.maxCandidates()).isEqualTo(5000);
    }

    @Test
    void defaultsAndTheImageAsBase64WithItsRefinement() throws Exception {
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        SearchRequest r = parse("{'image': 'data:image/png;base64," + Base64.getEncoder().encodeToString(bytes) + "', 'text': 'in red'}");
        assertThat(r.anchors()).containsExactly(new Anchor.ImageAnchor(bytes, "in red", 1));
        assertThat(r.k()).isEqualTo(SearchRequest.DEFAULT_K);
        assertThat(r.strategy()).isEqualTo(AnchorStrategy.MEAN);
        assertThat(r.hybrid()).isEqualTo(Hybrid.NONE);
        assertThat(r.rrfK()).isEqualTo(60);
        assertThat(r.maxCandidates()).isEqualTo(10_000);
        assertThat(SearchJson.parse(JSON.readTree("{\"text\": \"x\"}"), bytes).anchors())
                .containsExactly(new Anchor.ImageAnchor(bytes, "x", 1));
    }

    @Test
    void errorsNameTheFieldAndNeverEchoTheImage() {
        Map<String, List<String>> cases = Map.ofEntries(
                Map.entry("{'q': 'x', 'k': 5000}", List.of("k", "5000")),
                Map.entry("{'q': 'x', 'k': 'ten'}", List.of("'k'", "integer")),
                Map.entry("{'q': 'x', 'stratgy': 'max'}", List.of("unknown field 'stratgy'")),
                Map.entry("{'q': 'x', 'strategy': 'median'}", List.of("'strategy'", "median")),
                Map.entry("{'q': 'x', 'weights': {'text': -1}}", List.of("'weights.text'", "-1")),
                Map.entry("{'q': 'x', 'weights': {'sound': 1}}", List.of("'weights'", "sound")),
                Map.entry("{'q': 'x', 'rules': {'price_band': 0}}", List.of("'rules'", "price_band", "0")),
                Map.entry("{'q': 'x', 'rules': {'max_per_brand': 2.5}}", List.of("'rules.max_per_brand'", "2.5")),
                Map.entry("{'q': 'x', 'rules': {'colour': 'red'}}", List.of("unknown field 'rules.colour'")),
                Map.entry("{'q': 'x', 'filter': {'min_price': -3}}", List.of("'filter.min_price'", "-3")),
                Map.entry("{'q': 'x', 'anchors': [{'id': 'a'}, {'id': 'b', 'weight': 0}]}", List.of("'anchors[1]'", "weight", "0")),
                Map.entry("{'q': 'x', 'anchors': [{'id': 'a', 'vector': [1]}]}", List.of("'anchors[0]'", "exactly one of")),
                Map.entry("{'q': 'x', 'anchors': [{'vector': [1, 'a']}]}", List.of("'anchors[0].vector[1]'")),
                Map.entry("{'q': 'x', 'hybrid': 'linear'}", List.of("'hybrid'", "linear")),
                Map.entry("{'k': 3}", List.of("keywords")),
                Map.entry("{'image': 'not base64 at all!!'}", List.of("'image'", "base64")));
        cases.forEach((json, expected) -> assertThatThrownBy(() -> parse(json)).as(json)
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(expected)));
        assertThatThrownBy(() -> parse("{'image': '%%%%SECRETBYTES%%%%'}")).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRETBYTES"));
        assertThatThrownBy(() -> SearchJson.parse(JSON.readTree("{\"image\": \"AAAA\"}"), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void rendersHitsExplanationsAndDropped() throws Exception {
        Product p = Product.builder("p1").title("Red dress").build();
        Explanation e = new Explanation(List.of(new ModalityScore(Modality.IMAGE, 0.9f, 0.5f), new ModalityScore(Modality.TEXT, null, 0f)),
                "p0", Map.of("colour", List.of("red")), List.of("same brand as the anchor: Acme"));
        SearchResponse r = new SearchResponse(List.of(new SearchHit("p1", 0.5f, 0.5f, null, p, e), new SearchHit("p2", null, null, 3.5f, p, null)),
                0, 2, 7, true, Retrieval.KEYWORDS, SearchMode.EXACT, AnchorStrategy.MEAN,
                List.of(new DroppedHit("p3", "collapsed variant of p1")), 1500);
        java.io.StringWriter out = new java.io.StringWriter();
        try (var g = JSON.createGenerator(out)) {
            SearchJson.write(g, r, ProductJson::write);
        }
        JsonNode o = JSON.readTree(out.toString());
        assertThat(o.get("retrieval").asText()).isEqualTo("keywords");
        assertThat(o.get("mode").asText()).isEqualTo("exact");
        assertThat(o.get("total").asInt()).isEqualTo(7);
        assertThat(o.get("capped").asBoolean()).isTrue();
        assertThat(o.get("took_ms").asDouble()).isEqualTo(1.5);
        JsonNode hit = o.get("hits").get(0);
        assertThat(hit.get("score").floatValue()).isEqualTo(0.5f);
        assertThat(hit.get("keyword_score").isNull()).isTrue();
        assertThat(hit.get("product").get("title").asText()).isEqualTo("Red dress");
        JsonNode ex = hit.get("explanation");
        assertThat(ex.get("anchor").asText()).isEqualTo("p0");
        assertThat(ex.get("modalities").get(0).get("modality").asText()).isEqualTo("image");
        assertThat(ex.get("modalities").get(1).get("cosine").isNull()).isTrue();
        assertThat(ex.get("shared_attributes").get("colour").get(0).asText()).isEqualTo("red");
        assertThat(ex.get("notes").get(0).asText()).contains("Acme");
        assertThat(o.get("hits").get(1).get("score").isNull()).isTrue();
        assertThat(o.get("hits").get(1).has("explanation")).isFalse();
        assertThat(o.get("dropped").get(0).get("reason").asText()).isEqualTo("collapsed variant of p1");
    }

    @Test
    void modalityWeightsParseAndRefuseBadSpecs() {
        assertThat(ModalityWeights.parse("image=1, TEXT=0.5").weights()).containsEntry(Modality.IMAGE, 1f).containsEntry(Modality.TEXT, 0.5f);
        assertThatThrownBy(() -> ModalityWeights.parse("image")).hasMessageContaining("image=1");
        assertThatThrownBy(() -> ModalityWeights.parse("image=x")).hasMessageContaining("image").hasMessageContaining("'x'");
        assertThatThrownBy(() -> ModalityWeights.parse("image=NaN")).hasMessageContaining("NaN");
        assertThatThrownBy(() -> ModalityWeights.parse("image=1,image=2")).hasMessageContaining("twice");
    }

    @Test
    void imageAnchorsNeverShowTheirBytes() {
        Anchor.ImageAnchor a = new Anchor.ImageAnchor(new byte[] {42, 43, 44}, "in red", 1);
        assertThat(a.toString()).isEqualTo("ImageAnchor[3 bytes, refinement=in red, weight=1.0]");
    }
}
