package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.Product;
import io.javalin.testtools.JavalinTest;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FacetRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestIndex INDEX = new TestIndex();

    @Test
    void countsTheCategoryTreeBrandsAndPriceRangeOfTheCatalog() {
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            Response r = client.get("/v1/facets");
            assertThat(r.code()).isEqualTo(200);
            JsonNode f = JSON.readTree(r.body().string());
            assertThat(f.get("products").asInt()).isEqualTo(20);
            assertThat(f.get("scanned").asInt()).isEqualTo(20);
            assertThat(f.get("complete").asBoolean()).isTrue();
            // one root, Apparel (20), with Boots (i % 4 < 2: 10) and Shirts (10), ties in name order
            assertThat(f.get("categories")).hasSize(1);
            JsonNode apparel = f.get("categories").get(0);
            assertThat(apparel.get("value").asText()).isEqualTo("Apparel");
            assertThat(apparel.get("count").asInt()).isEqualTo(20);
            assertThat(apparel.get("children").toString())
                    .isEqualTo("[{\"value\":\"Boots\",\"count\":10},{\"value\":\"Shirts\",\"count\":10}]");
            assertThat(f.get("brands").toString())
                    .isEqualTo("[{\"value\":\"Acme\",\"count\":10},{\"value\":\"Zed\",\"count\":10}]");
            assertThat(f.get("brands_total").asInt()).isEqualTo(2);
            // prices 10 + i for i in 0..19
            assertThat(f.get("price").get("min").asDouble()).isEqualTo(10.0);
            assertThat(f.get("price").get("max").asDouble()).isEqualTo(29.0);
            assertThat(f.get("price").get("count").asInt()).isEqualTo(20);
            assertThat(f.get("price").get("currencies").toString()).isEqualTo("[\"EUR\"]");
        });
    }

    @Test
    void limitsTheBrandListAndRefusesABadLimitWithTheJsonErrorShape() {
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            JsonNode f = JSON.readTree(client.get("/v1/facets?brands=1").body().string());
            assertThat(f.get("brands")).hasSize(1);
            assertThat(f.get("brands_total").asInt()).isEqualTo(2);
            Response bad = client.get("/v1/facets?brands=-3");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body().string()).get("error").get("message").asText())
                    .isEqualTo("parameter 'brands' must be between 0 and 10000, got -3");
        });
    }

    @Test
    void leavesOutMissingBrandsAndGivesANullPriceWhenNoProductHasOne() {
        FacetController.Facets facets = new FacetController.Facets();
        facets.add(Product.builder("a").categoryPath(List.of("Shoes")).build());
        facets.add(Product.builder("b").brand(" ").build());
        ObjectNode o = facets.render(5, 2, 10);
        assertThat(o.get("complete").asBoolean()).isFalse();
        assertThat(o.get("categories").toString()).isEqualTo("[{\"value\":\"Shoes\",\"count\":1}]");
        assertThat(o.get("brands")).isEmpty();
        assertThat(o.get("price").isNull()).isTrue();
    }
}
