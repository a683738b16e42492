package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import java.awt.Color;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SearchRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

    @RegisterExtension
    static final TestIndex INDEX = new TestIndex();

    static Response postJson(HttpClient client, String path, String json) {
        return client.request(path, b -> b.post(RequestBody.create(json.replace('\'', '"'), APPLICATION_JSON)));
    }

    static JsonNode body(Response r) throws Exception {
        return JSON.readTree(r.body().string());
    }

    static List<String> ids(JsonNode res) {
        List<String> ids = new ArrayList<>();
        res.get("hits").forEach(h -> ids.add(h.get("id").asText()));
        return ids;
    }

    @Test
    void sortBySimilarOverKeywordsWithExplanations() {
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            // p0 is a red boot: among the boots, the red ones come first
            Response r = postJson(client, "/v1/search", "{'q': 'boot', 'anchors': [{'id': 'p0'}], 'k': 20, 'explain': true}");
            assertThat(r.code()).isEqualTo(200);
            JsonNode res = body(r);
            assertThat(res.get("retrieval").asText()).isEqualTo("keywords");
            assertThat(res.get("mode").asText()).isEqualTo("exact");
            assertThat(res.get("total").asInt()).isEqualTo(9);
            assertThat(res.get("capped").asBoolean()).isFalse();
            assertThat(ids(res)).hasSize(9).doesNotContain("p0");
            res.get("hits").forEach(h -> assertThat(h.get("product").get("title").asText()).contains("boot"));
            for (int i = 0; i < 4; i++) {
                assertThat(res.get("hits").get(i).get("product").get("attributes").get("colour").asText()).isEqualTo("red");
            }
            JsonNode first = res.get("hits").get(0);
            double sum = 0;
            for (JsonNode m : first.get("explanation").get("modalities")) {
                sum += m.get("contribution").asDouble();
            }
            assertThat(sum).isCloseTo(first.get("score").asDouble(), org.assertj.core.api.Assertions.within(1e-4));
            assertThat(first.get("explanation").get("shared_attributes").get("colour").get(0).asText()).isEqualTo("red");
            assertThat(first.get("product").get("images").get(0).asText()).startsWith("/v1/products/");
        });
    }

    @Test
    void rulesFiltersPagingAndDroppedOverHttp() {
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            JsonNode res = body(postJson(client, "/v1/search", "{'anchors': [{'id': 'p2'}], 'filter': {'in_stock': true},"
                    + " 'rules': {'same_brand': true, 'price_band': 50}, 'k': 50}"));
            assertThat(res.get("retrieval").asText()).isEqualTo("vector");
            assertThat(ids(res)).isNotEmpty();
            res.get("hits").forEach(h -> {
                JsonNode p = h.get("product");
                assertThat(p.get("brand").asText()).isEqualTo("Acme");
                assertThat(p.get("in_stock").asBoolean()).isTrue();
                assertThat(p.get("price").asDouble()).isBetween(6.0, 18.0);
            });

            JsonNode diverse = body(postJson(client, "/v1/search", "{'anchors': [{'id': 'p2'}], 'rules': {'max_per_brand': 2},"
                    + " 'k': 10, 'explain': true}"));
            assertThat(ids(diverse)).hasSize(4);
            assertThat(diverse.get("dropped").get(0).get("reason").asText()).startsWith("brand quota reached: 2 per brand");

            List<String> all = ids(body(postJson(client, "/v1/search", "{'q': 'shirt', 'anchors': [{'id': 'p3'}], 'k': 8}")));
            List<String> paged = new ArrayList<>(ids(body(postJson(client, "/v1/search", "{'q': 'shirt', 'anchors': [{'id': 'p3'}], 'k': 4}"))));
            paged.addAll(ids(body(postJson(client, "/v1/search", "{'q': 'shirt', 'anchors': [{'id': 'p3'}], 'k': 4, 'offset': 4}"))));
            assertThat(paged).containsExactlyElementsOf(all);
        });
    }

    @Test
    void photoSearchByBase64AndByMultipartAgree() throws Exception {
        byte[] png = TestCatalog.png(TestCatalog.picture(Color.BLUE, false));
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            JsonNode byJson = body(postJson(client, "/v1/search", "{'image': '" + Base64.getEncoder().encodeToString(png) + "', 'k': 5}"));
            assertThat(byJson.get("retrieval").asText()).isEqualTo("vector");
            // a blue shirt picture finds the blue shirts (p3, p7, p11, p15, p19) first
            assertThat(ids(byJson)).containsExactlyInAnyOrder("p3", "p7", "p11", "p15", "p19");

            MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                    .addFormDataPart("image", "photo.png", RequestBody.create(png, MediaType.get("image/png")))
                    .addFormDataPart("query", null, RequestBody.create("{\"k\": 5, \"filter\": {\"brand\": \"zed\"}}", APPLICATION_JSON))
                    .build();
            Response r = client.request("/v1/search/image", b -> b.post(form));
            assertThat(r.code()).isEqualTo(200);
            JsonNode byForm = body(r);
            // the brand filter keeps p10..p19; the three blue shirts among them come first, the rest are other Zed products
            assertThat(ids(byForm)).hasSize(5).allMatch(id -> Integer.parseInt(id.substring(1)) >= 10);
            assertThat(ids(byForm).subList(0, 3)).containsExactlyInAnyOrder("p11", "p15", "p19");

            MultipartBody imageOnly = new MultipartBody.Builder().setType(MultipartBody.FORM)
                    .addFormDataPart("image", "photo.png", RequestBody.create(png, MediaType.get("image/png"))).build();
            assertThat(ids(body(client.request("/v1/search/image", b -> b.post(imageOnly))))).hasSize(10);
        });
    }

    @Test
    void validationErrorsAreJsonNamingTheField() {
        JavalinTest.test(LookalikeServer.create(INDEX.engine()).app(), (app, client) -> {
            String[][] cases = {
                    {"{'q': 'boot', 'k': 5000}", "400", "k", "5000"},
                    {"{'q': 'boot', 'weights': {'text': 'heavy'}}", "400", "weights.text", "heavy"},
                    {"{'q': 'boot', 'strategy': 'median'}", "400", "strategy", "median"},
                    {"{'q': 'boot', 'colour': 'red'}", "400", "unknown field 'colour'", ""},
                    {"{'anchors': [{'vector': [1, 2]}]}", "400", "vector", "2"},
                    {"{'anchors': [{'id': 'missing'}]}", "404", "missing", ""},
                    {"{'image': 'AAAA'}", "400", "image", ""},
                    {"{'anchors': [{'id': 'p1'}], 'rules': {'same_brand': 'yes'}}", "400", "rules.same_brand", "yes"},
                    {"{'q': ", "400", "not valid JSON", "line 1"},
                    {"[1, 2]", "400", "JSON object", ""},
            };
            for (String[] c : cases) {
                Response r = postJson(client, "/v1/search", c[0]);
                assertThat(r.code()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                JsonNode err = body(r).get("error");
                assertThat(err.get("code").asText()).isEqualTo(c[1].equals("404") ? "not_found" : "bad_request");
                assertThat(err.get("message").asText()).as(c[0]).contains(c[2]).contains(c[3]);
            }
            Response notMultipart = postJson(client, "/v1/search/image", "{}");
            assertThat(notMultipart.code()).isEqualTo(400);
            assertThat(body(notMultipart).get("error").get("message").asText()).contains("multipart/form-data");

            MultipartBody noImage = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("query", "{}").build();
            Response missing = client.request("/v1/search/image", b -> b.post(noImage));
            assertThat(missing.code()).isEqualTo(400);
            assertThat(body(missing).get("error").get("message").asText()).contains("'image'");
        });
    }

    @Test
    void oversizedUploadsAreRefusedWith413() {
        ImageLimits small = new ImageLimits(40_000_000L, 300, Duration.ofSeconds(1), Duration.ofSeconds(1));
        Lookalike tight = new Lookalike(INDEX.engine().store(), INDEX.engine().vectorizer(), small);
        JavalinTest.test(LookalikeServer.create(tight).app(), (app, client) -> {
            byte[] big = new byte[5000];
            MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                    .addFormDataPart("image", "big.png", RequestBody.create(big, MediaType.get("image/png"))).build();
            Response r = client.request("/v1/search/image", b -> b.post(form));
            assertThat(r.code()).isEqualTo(413);
            assertThat(body(r).get("error").get("code").asText()).isEqualTo("payload_too_large");

            byte[] png = TestCatalog.png(TestCatalog.picture(Color.RED, true));
            assertThat(png.length).isGreaterThan(300);
            Response decoded = postJson(client, "/v1/search", "{'image': '" + Base64.getEncoder().encodeToString(png) + "'}");
            assertThat(decoded.code()).isEqualTo(400);
            assertThat(body(decoded).get("error").get("message").asText()).startsWith("image: ").contains("uploaded image");
        });
    }
}
