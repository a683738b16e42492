package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.engine.Lookalike;
import io.javalin.testtools.JavalinTest;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LookalikeServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestIndex INDEX = new TestIndex();

    private static LookalikeServer server() {
        return LookalikeServer.create(INDEX.engine());
    }

    private static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.body().string());
    }

    @Test
    void getsAProductWithServedImageUrlsAndNoServerPaths() {
        JavalinTest.test(server().app(), (app, client) -> {
            Response r = client.get("/v1/products/p1");
            assertThat(r.code()).isEqualTo(200);
            JsonNode p = json(r);
            assertThat(p.get("id").asText()).isEqualTo("p1");
            assertThat(p.get("attributes").get("colour").asText()).isEqualTo("blue");
            assertThat(p.get("images").get(0).asText()).isEqualTo("/v1/products/p1/images/0");
            assertThat(p.toString()).doesNotContain(INDEX.dir().toString());
            Response img = client.get("/v1/products/p1/images/0");
            assertThat(img.code()).isEqualTo(200);
            assertThat(img.header("Content-Type")).isEqualTo("image/png");
            assertThat(img.body().bytes()).startsWith(0x89, 'P', 'N', 'G');
        });
    }

    @Test
    void similarReturnsHitsWithoutTheAnchorAndHonoursFilters() {
        JavalinTest.test(server().app(), (app, client) -> {
            JsonNode res = json(client.get("/v1/products/p0/similar?k=5"));
            assertThat(res.get("anchor").asText()).isEqualTo("p0");
            assertThat(res.get("hits")).hasSize(5);
            List<String> ids = new ArrayList<>();
            res.get("hits").forEach(h -> ids.add(h.get("id").asText()));
            assertThat(ids).doesNotContain("p0");
            // p0 is a red boot: its nearest neighbour is another red boot
            JsonNode first = res.get("hits").get(0).get("product");
            assertThat(first.get("attributes").get("colour").asText()).isEqualTo("red");
            assertThat(first.get("category").get(1).asText()).isEqualTo("Boots");

            JsonNode filtered = json(client.get("/v1/products/p0/similar?k=10&brand=zed&in_stock=true&max_price=25&attr=colour=blue"));
            assertThat(filtered.get("mode").asText()).isEqualTo("exact");
            assertThat(filtered.get("hits")).isNotEmpty();
            filtered.get("hits").forEach(h -> {
                JsonNode p = h.get("product");
                assertThat(p.get("brand").asText()).isEqualTo("Zed");
                assertThat(p.get("in_stock").asBoolean()).isTrue();
                assertThat(p.get("price").asDouble()).isLessThanOrEqualTo(25.0);
                assertThat(p.get("attributes").get("colour").asText()).isEqualTo("blue");
            });
        });
    }

    @Test
    void errorsAreJsonWithStableCodes() {
        JavalinTest.test(server().app(), (app, client) -> {
            Response missing = client.get("/v1/products/nope/similar");
            assertThat(missing.code()).isEqualTo(404);
            assertThat(json(missing).get("error").get("code").asText()).isEqualTo("not_found");

            Response badK = client.get("/v1/products/p0/similar?k=5000");
            assertThat(badK.code()).isEqualTo(400);
            JsonNode err = json(badK).get("error");
            assertThat(err.get("code").asText()).isEqualTo("bad_request");
            assertThat(err.get("message").asText()).contains("k").contains("5000");

            Response badPrice = client.get("/v1/products/p0/similar?min_price=abc");
            assertThat(badPrice.code()).isEqualTo(400);
            assertThat(json(badPrice).get("error").get("message").asText()).contains("min_price").contains("abc");

            // bounds are checked under the names the client sent, not the filter's field names
            Response negative = client.get("/v1/products/p0/similar?min_price=-5");
            assertThat(negative.code()).isEqualTo(400);
            assertThat(json(negative).get("error").get("message").asText())
                    .isEqualTo("query parameter 'min_price' must be a finite number >= 0, got '-5'");
            Response crossed = client.get("/v1/products/p0/similar?min_price=10&max_price=5");
            assertThat(crossed.code()).isEqualTo(400);
            assertThat(json(crossed).get("error").get("message").asText())
                    .isEqualTo("query parameter 'min_price' (10.0) is above 'max_price' (5.0)");

            // a vector of the wrong length names the anchor it came in
            Response shortVector = client.post("/v1/search", "{\"anchors\":[{\"id\":\"p1\"},{\"vector\":[1,2,3]}]}");
            assertThat(shortVector.code()).isEqualTo(400);
            assertThat(json(shortVector).get("error").get("message").asText()).contains("anchors[1].vector must have")
                    .contains("got 3");

            Response noRoute = client.get("/v1/nothing");
            assertThat(noRoute.code()).isEqualTo(404);
            assertThat(json(noRoute).get("error").get("code").asText()).isEqualTo("not_found");
        });
    }

    @Test
    void listsTheCatalogAndServesThePage() {
        JavalinTest.test(server().app(), (app, client) -> {
            JsonNode page = json(client.get("/v1/products?offset=5&limit=4"));
            assertThat(page.get("total").asInt()).isEqualTo(20);
            assertThat(page.get("products")).hasSize(4);
            Response html = client.get("/");
            assertThat(html.code()).isEqualTo(200);
            assertThat(html.body().string()).contains("<title>Lookalike sandbox</title>")
                    .contains("src=\"/sandbox.js\"").contains("href=\"/sandbox.css\"");
            // the page's script and style sheet are served beside it (SandboxBrowserTest drives the page itself)
            Response js = client.get("/sandbox.js");
            assertThat(js.code()).isEqualTo(200);
            assertThat(js.header("Content-Type")).startsWith("text/javascript");
            assertThat(js.body().string()).contains("\"/v1/search\"").contains("/v1/search/image").contains("/v1/facets");
            Response css = client.get("/sandbox.css");
            assertThat(css.code()).isEqualTo(200);
            assertThat(css.header("Content-Type")).startsWith("text/css");
            assertThat(json(client.get("/health")).get("status").asText()).isEqualTo("ok");
        });
    }
}
