package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.query.FormerJsonTrees;
import dev.lookalike.query.SearchJson;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.query.SearchResponse;
import dev.lookalike.search.Hit;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchResult;
import io.javalin.json.JavalinJackson;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The query routes' streamed JSON ({@link JsonResponses}, {@link ProductViews}, {@link SearchJson#write}) is byte for
 * byte what the server sent before: the Jackson trees it used to build ({@code old*} below, verbatim) serialised by
 * Javalin's mapper, as {@code ctx.json} did.
 */
class StreamedResponsesTest {

    @RegisterExtension
    static final TestIndex INDEX = new TestIndex();

    private static final JavalinJackson JAVALIN = new JavalinJackson();

    @Test
    void productsAreWrittenAsTheFormerTrees() throws Exception {
        List<Product> products = new ArrayList<>(INDEX.engine().store().list(0, 100));
        products.add(Product.builder("a b/ü?&#").title("Remote \"and\" local").price(0.1 + 0.2).images(List.of(
                new ImageRef(URI.create("https://cdn.example.com/x.jpg")), new ImageRef(URI.create("file:/srv/p%20q.png"))))
                .attribute("sizes", List.of("S", "M")).build());
        assertThat(products).hasSizeGreaterThan(10);
        for (Product p : products) {
            assertThat(string(JsonResponses.bytes(g -> ProductViews.write(g, p)))).isEqualTo(old(oldProduct(p)));
        }
    }

    @Test
    void moreLikeThisAndSearchAnswersAreWrittenAsTheFormerTrees() throws Exception {
        Lookalike engine = INDEX.engine();
        for (Product anchor : engine.store().list(0, 20)) {
            SearchResult similar = engine.similar(new SimilarRequest(anchor.id(), 10, ProductFilter.NONE));
            assertThat(similar.hits()).isNotEmpty();
            assertThat(string(JsonResponses.bytes(g -> ProductViews.write(g, similar, anchor.id()))))
                    .isEqualTo(old(oldResult(similar, anchor.id())));
            SearchResponse search = engine.search(SearchRequest.builder().keywords(anchor.title()).like(anchor.id()).k(10)
                    .explain(true).build());
            assertThat(search.hits()).isNotEmpty();
            assertThat(search.hits().getFirst().explanation()).isNotNull();
            assertThat(string(JsonResponses.bytes(g -> SearchJson.write(g, search, ProductViews::write))))
                    .isEqualTo(old(FormerJsonTrees.render(search, StreamedResponsesTest::oldProduct)));
        }
    }

    @Test
    void servedBodiesAreTheFormerBytes() {
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            Response one = client.get("/v1/products/p1");
            assertThat(one.code()).isEqualTo(200);
            assertThat(one.header("Content-Type")).startsWith("application/json");
            assertThat(one.body().string()).isEqualTo(old(oldProduct(INDEX.engine().product("p1").orElseThrow())));
            Response page = client.get("/v1/products?offset=1&limit=200");
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("application/json");
            ObjectNode list = JsonNodeFactory.instance.objectNode();
            list.put("total", INDEX.engine().store().count());
            list.put("offset", 1);
            list.put("limit", 200);
            ArrayNode items = list.putArray("products");
            INDEX.engine().store().list(1, 200).forEach(p -> items.add(oldProduct(p)));
            assertThat(page.body().string()).isEqualTo(old(list));
        });
    }

    private static String string(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** What {@code ctx.json(tree)} sent. */
    private static String old(ObjectNode tree) {
        return JAVALIN.toJsonString(tree, ObjectNode.class);
    }

    // ------------------------------------------------------------------ the former tree forms, verbatim

    private static ObjectNode oldProduct(Product p) {
        ObjectNode o = ProductJson.toJson(p);
        ArrayNode images = o.putArray("images");
        List<ImageRef> refs = p.images();
        for (int i = 0; i < refs.size(); i++) {
            ImageRef ref = refs.get(i);
            images.add(ref.isRemote() ? ref.toString() : ProductViews.imagePath(p.id(), i));
        }
        return o;
    }

    private static ObjectNode oldResult(SearchResult result, String anchorId) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (anchorId != null) {
            o.put("anchor", anchorId);
        }
        o.put("mode", result.mode().name().toLowerCase(Locale.ROOT));
        o.put("took_ms", result.tookMicros() / 1000.0);
        ArrayNode hits = o.putArray("hits");
        for (Hit h : result.hits()) {
            ObjectNode hit = hits.addObject();
            hit.put("id", h.id());
            hit.put("score", h.score());
            hit.set("product", oldProduct(h.product()));
        }
        return o;
    }
}
