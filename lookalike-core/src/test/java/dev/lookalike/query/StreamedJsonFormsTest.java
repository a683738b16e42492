package dev.lookalike.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.fusion.Modality;
import dev.lookalike.search.SearchMode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streamed JSON forms ({@link ProductJson#write}, {@link ProductJson#toBytes}, {@link SearchJson#write}) give the
 * same bytes as the Jackson trees they replaced ({@code oldProduct} and {@code oldRender} below are the former
 * {@code ProductJson.toJson} and {@code SearchJson.render}, kept here as the reference).
 */
class StreamedJsonFormsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void productBytesAreThoseOfTheFormerTree() throws Exception {
        for (Product p : products()) {
            byte[] old = MAPPER.writeValueAsBytes(oldProduct(p));
            assertThat(new String(ProductJson.toBytes(p), StandardCharsets.UTF_8)).isEqualTo(new String(old, StandardCharsets.UTF_8));
            assertThat(MAPPER.writeValueAsBytes(ProductJson.toJson(p))).isEqualTo(old);
            assertThat(ProductJson.fromBytes(ProductJson.toBytes(p))).isEqualTo(p);
        }
    }

    @Test
    void searchResponseBytesAreThoseOfTheFormerTree() throws Exception {
        List<Product> products = products();
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < 50; n++) {
            List<SearchHit> hits = new ArrayList<>();
            for (int i = 0; i < random.nextInt(12); i++) {
                Explanation e = random.nextBoolean() ? null : new Explanation(
                        List.of(new ModalityScore(Modality.IMAGE, (float) random.nextDouble(-1, 1), (float) random.nextDouble()),
                                new ModalityScore(Modality.TEXT, random.nextBoolean() ? null : 1f / 3, 0f),
                                new ModalityScore(Modality.ATTRIBUTES, 1e-8f, -0.0f)),
                        random.nextBoolean() ? null : "a\"nchor", Map.of("colour", List.of("red", "rouge é")),
                        List.of("same brand as the anchor: Acme", "\u2028 line separator"));
                hits.add(new SearchHit("id-" + i, random.nextBoolean() ? null : (float) random.nextDouble(),
                        (float) random.nextDouble(-1, 1), random.nextBoolean() ? null : (float) random.nextDouble(0, 30),
                        products.get(random.nextInt(products.size())), e));
            }
            List<DroppedHit> dropped = random.nextBoolean() ? List.of() : List.of(new DroppedHit("p3", "collapsed variant of p1"));
            SearchResponse r = new SearchResponse(hits, random.nextInt(100), 1 + random.nextInt(50), random.nextLong(0, 1L << 40),
                    random.nextBoolean(), Retrieval.values()[random.nextInt(Retrieval.values().length)],
                    SearchMode.values()[random.nextInt(SearchMode.values().length)],
                    AnchorStrategy.values()[random.nextInt(AnchorStrategy.values().length)], dropped, random.nextLong(0, 10_000_000));
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            try (JsonGenerator g = MAPPER.createGenerator(streamed)) {
                SearchJson.write(g, r, ProductJson::write);
            }
            assertThat(streamed.toString(StandardCharsets.UTF_8))
                    .isEqualTo(new String(MAPPER.writeValueAsBytes(FormerJsonTrees.render(r, StreamedJsonFormsTest::oldProduct)), StandardCharsets.UTF_8));
        }
    }

    /** Hand-picked edge cases and 200 seeded random products (escapes, non-ASCII, prices, multi-valued attributes). */
    private static List<Product> products() {
        List<Product> out = new ArrayList<>();
        out.add(Product.builder("only-id").build());
        out.add(Product.builder("p\"1\\ é/?&#").title("Oxford \"shirt\" – ünïcödé 😀").description("Slim fit\r\n</script>")
                .brand("Acme").categoryPath(List.of("Apparel", "Topwear", "Shirts")).price(19.99).currency("EUR").inStock(false)
                .groupId("g1").images(List.of(new ImageRef(URI.create("https://cdn.example.com/p1.jpg")),
                        new ImageRef(URI.create("file:/data/images/p%201.png"))))
                .attribute("colour", "red").attribute("sizes", List.of("S", "M")).attribute("empty", List.of()).build());
        for (double price : new double[] {0, -0.0, 0.1 + 0.2, 5, 1e21, 1e-7, 123456789.125, Double.MIN_VALUE}) {
            out.add(Product.builder("price-" + price).price(price).build());
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            Product.Builder b = Product.builder("r" + i).title(text(random)).description(random.nextBoolean() ? "" : text(random))
                    .brand(random.nextBoolean() ? null : text(random)).inStock(random.nextBoolean())
                    .price(random.nextBoolean() ? null : Math.round(random.nextDouble(0, 1000) * 100) / 100.0)
                    .currency(random.nextBoolean() ? null : "EUR").groupId(random.nextBoolean() ? null : "g" + random.nextInt(9));
            List<String> category = new ArrayList<>();
            for (int c = random.nextInt(4); c > 0; c--) {
                category.add(text(random));
            }
            b.categoryPath(category);
            List<ImageRef> images = new ArrayList<>();
            for (int n = random.nextInt(3); n > 0; n--) {
                images.add(new ImageRef(URI.create(random.nextBoolean() ? "https://cdn.example.com/" + i + "-" + n + ".jpg"
                        : "file:/catalog/images/" + i + "-" + n + ".jpg")));
            }
            b.images(images);
            for (int a = random.nextInt(4); a > 0; a--) {
                List<String> values = new ArrayList<>();
                for (int v = random.nextInt(4); v > 0; v--) {
                    values.add(text(random));
                }
                b.attribute("attr" + a + text(random), values);
            }
            out.add(b.build());
        }
        return out;
    }

    private static String text(SplittableRandom random) {
        String alphabet = "abc XYZ\"\\/\n\té€😀<>&'\u0000\u007f\u00a0";
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(1, 12); i > 0; i--) {
            int start = random.nextInt(alphabet.length());
            s.append(Character.isSurrogate(alphabet.charAt(start)) ? "😀" : String.valueOf(alphabet.charAt(start)));
        }
        return s.toString();
    }

    // ------------------------------------------------------------------ the former tree forms, verbatim

    private static ObjectNode oldProduct(Product p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", p.id());
        o.put("title", p.title());
        if (!p.description().isEmpty()) o.put("description", p.description());
        if (p.brand() != null) o.put("brand", p.brand());
        if (!p.categoryPath().isEmpty()) {
            ArrayNode c = o.putArray("category");
            p.categoryPath().forEach(c::add);
        }
        if (p.price() != null) o.put("price", p.price());
        if (p.currency() != null) o.put("currency", p.currency());
        o.put("in_stock", p.inStock());
        if (p.groupId() != null) o.put("group_id", p.groupId());
        ArrayNode images = o.putArray("images");
        p.images().forEach(i -> images.add(i.toString()));
        ObjectNode attrs = o.putObject("attributes");
        p.attributes().forEach((name, values) -> {
            if (values.size() == 1) {
                attrs.put(name, values.get(0));
            } else {
                ArrayNode a = attrs.putArray(name);
                values.forEach(a::add);
            }
        });
        return o;
    }
}
