package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.catalog.Product;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.ProductNotFoundException;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attribution and audit routes on the 20-product test catalog (a fresh index per test: apply writes to it). */
class AuditRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Lookalike engine;
    ImageLoader images;

    @BeforeEach
    void build() throws Exception {
        images = new ImageLoader(ImageLimits.DEFAULT);
        engine = TestCatalog.build(dir, images);
    }

    @AfterEach
    void close() throws Exception {
        engine.close();
        images.close();
    }

    private static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.body().string());
    }

    @Test
    void predictsAProductsColourFromItsNeighboursPictures() {
        JavalinTest.test(writable().app(), (app, client) -> {
            Response r = client.get("/v1/products/p2/attributes/suggestions?attribute=colour");
            assertThat(r.code()).isEqualTo(200);
            JsonNode a = json(r).get("attributes").get(0);
            assertThat(a.get("attribute").asText()).isEqualTo("colour");
            assertThat(a.get("current_value").asText()).isEqualTo("red");
            assertThat(a.get("suggested_value").asText()).isEqualTo("red");
            assertThat(a.get("kind").asText()).isEqualTo("agree");
            assertThat(a.get("confidence").asDouble()).isBetween(0.0, 1.0);
            assertThat(a.get("near_duplicates").isArray()).isTrue();
            assertThat(a.get("near_duplicates")).as("no other product has p2's picture").isEmpty();
            // without 'attribute': every attribute with 2 to 500 values (the test catalog has only colour)
            JsonNode all = json(client.get("/v1/products/p2/attributes/suggestions"));
            assertThat(all.get("attributes")).hasSize(1);
            assertThat(client.get("/v1/products/nope/attributes/suggestions").code()).isEqualTo(404);
            Response bad = client.get("/v1/products/p2/attributes/suggestions?modality=smell");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(json(bad).get("error").get("message").asText()).contains("'smell'");
            // a name no product has is answered per attribute; the request is bounded in how many it names
            JsonNode unknown = json(client.get("/v1/products/p2/attributes/suggestions?attribute=weave"));
            assertThat(unknown.get("attributes").get(0).get("kind").asText()).isEqualTo("none");
            assertThat(unknown.get("attributes").get(0).get("reason").asText()).contains("'weave'").contains("0 products");
            Response many = client.get("/v1/products/p2/attributes/suggestions?"
                    + "attribute=a&".repeat(AuditController.MAX_ATTRIBUTES + 1));
            assertThat(many.code()).isEqualTo(400);
            assertThat(json(many).get("error").get("message").asText()).contains("given 51 times").contains("at most 50");
        });
    }

    @Test
    void applyWritesTheValueKeepsTheOldOneAndSkipsStaleSuggestions() {
        JavalinTest.test(writable().app(), (app, client) -> {
            String body = """
                    {"min_confidence": 0.6, "suggestions": [
                      {"product_id": "p1", "attribute": "colour", "current_value": "blue", "suggested_value": "green", "confidence": 0.9, "kind": "mislabel"},
                      {"product_id": "p3", "attribute": "colour", "current_value": "red", "suggested_value": "green", "confidence": 0.9, "kind": "mislabel"},
                      {"product_id": "p5", "attribute": "colour", "current_value": "blue", "suggested_value": "green", "confidence": 0.5, "kind": "mislabel"},
                      {"product_id": "p99", "attribute": "colour", "suggested_value": "green", "confidence": 0.9, "kind": "fill"}]}""";
            ProductVectors before = engine.store().get("p1").orElseThrow().vectors();
            // a picture that can no longer be fetched must not cost p1 its image vector: apply re-encodes attributes only
            Files.delete(dir.resolve("p1.png"));
            Response r = apply(client, body);
            assertThat(r.code()).isEqualTo(200);
            JsonNode report = json(r);
            assertThat(report.get("applied").asInt()).isEqualTo(1);
            assertThat(report.get("stale").asInt()).isEqualTo(1);
            assertThat(report.get("below_threshold").asInt()).isEqualTo(1);
            assertThat(report.get("missing").asInt()).isEqualTo(1);
            JsonNode p1 = json(client.get("/v1/products/p1")).get("attributes");
            assertThat(p1.get("colour").asText()).isEqualTo("green");
            assertThat(p1.get("colour.previous").asText()).isEqualTo("blue");
            ProductVectors after = engine.store().get("p1").orElseThrow().vectors();
            assertThat(after.part(Modality.IMAGE)).as("image part kept").isPresent();
            assertThat(after.part(Modality.IMAGE).orElseThrow())
                    .containsExactly(before.part(Modality.IMAGE).orElseThrow(), within(1e-6f));
            assertThat(after.part(Modality.ATTRIBUTES).orElseThrow())
                    .as("attribute part re-encoded").isNotEqualTo(before.part(Modality.ATTRIBUTES).orElseThrow());
            assertThat(engine.product("p5").orElseThrow().attribute("colour")).isEqualTo("blue");
            // applying the same file again changes nothing: the suggestion is stale now
            assertThat(json(apply(client, body)).get("applied").asInt()).isZero();
            assertThat(client.post("/v1/attributes/apply", body).code()).as("apply without the write key").isEqualTo(401);
            Response bad = apply(client, "{\"min_confidence\": 0.5, \"suggestions\": [{\"product_id\": \"p1\"}]}");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(json(bad).get("error").get("message").asText()).isEqualTo("suggestions[0]: field 'attribute': missing");
        });
    }

    @Test
    void attributeOnlyWritesRefuseProductsThatChangedOtherwiseOrAreNotStored() throws Exception {
        Product p1 = engine.product("p1").orElseThrow();
        assertThatThrownBy(() -> engine.upsertAttributes(List.of(p1.toBuilder().title("renamed").build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("product 'p1' differs from the stored one in more than its attributes (changed since it was"
                        + " read?); its vectors would be stale");
        assertThatThrownBy(() -> engine.upsertAttributes(List.of(Product.builder("p404").build())))
                .isInstanceOf(ProductNotFoundException.class);
        engine.upsertAttributes(List.of(p1.toBuilder().attribute("colour", "teal").build()));
        assertThat(engine.product("p1").orElseThrow().attribute("colour")).isEqualTo("teal");
    }

    @Test
    void groupsIdenticalPicturesAndRendersTheAssortmentPage() {
        JavalinTest.test(writable().app(), (app, client) -> {
            // the test catalog draws 4 pictures (red/blue x boot/shirt), each shared by 5 products
            JsonNode d = json(client.get("/v1/audit/duplicates?threshold=0.999"));
            List<Integer> sizes = new ArrayList<>();
            d.get("groups").forEach(g -> sizes.add(g.get("size").asInt()));
            assertThat(sizes).containsExactly(5, 5, 5, 5);
            d.get("groups").forEach(g -> assertThat(g.has("conflicts")).as(g.toString()).isFalse());
            assertThat(client.get("/v1/audit/duplicates?threshold=2").code()).isEqualTo(400);

            // p1 relabelled green: its picture's group now disagrees on colour, and says who says what
            try (Response applied = apply(client, """
                    {"min_confidence": 0.5, "suggestions": [{"product_id": "p1", "attribute": "colour", "current_value": "blue",
                      "suggested_value": "green", "confidence": 0.9, "kind": "mislabel"}]}""")) {
                assertThat(applied.code()).isEqualTo(200);
            }
            List<JsonNode> conflicting = new ArrayList<>();
            json(client.get("/v1/audit/duplicates?threshold=0.999")).get("groups").forEach(g -> {
                if (g.has("conflicts")) {
                    conflicting.add(g);
                }
            });
            assertThat(conflicting).hasSize(1);
            JsonNode colours = conflicting.get(0).get("conflicts").get("colour");
            assertThat(List.of(colours.get(0).asText(), colours.get(1).asText())).containsExactlyInAnyOrder("blue", "green");
            List<String> p1 = new ArrayList<>();
            conflicting.get(0).get("products").forEach(p -> {
                if (p.get("id").asText().equals("p1")) {
                    p1.add(p.get("attributes").get("colour").asText());
                }
            });
            assertThat(p1).containsExactly("green");

            Response page = client.get("/v1/audit/assortment?k=4&gap=0.5");
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            String html = page.body().string();
            assertThat(html).contains("20 products in 4 clusters").contains("src=\"/v1/products/p");
        });
    }

    private static final String WRITE_KEY = "audit-routes-test-write-key";

    /** A server whose write routes (apply) accept {@link #WRITE_KEY}. */
    private LookalikeServer writable() {
        return LookalikeServer.create(engine, ServerConfig.load(null, Map.of("LOOKALIKE_AUTH_WRITE_KEYS", WRITE_KEY)));
    }

    private static Response apply(HttpClient client, String body) {
        return client.request("/v1/attributes/apply", b -> b.header("X-API-Key", WRITE_KEY)
                .post(RequestBody.create(body, MediaType.get("application/json"))));
    }
}
