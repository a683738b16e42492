package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonLinesCatalogReaderTest {

    @TempDir
    Path dir;

    private CollectingSink read(String content) throws IOException {
        Path file = dir.resolve("catalog.jsonl");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        CollectingSink sink = new CollectingSink();
        new JsonLinesCatalogReader(file).read(sink);
        return sink;
    }

    @Test
    void readsEveryField() throws IOException {
        CollectingSink sink = read("""
                {"id":"p1","title":"Oxford shirt","description":"Slim fit","brand":"Acme","category":["Apparel","Topwear","Shirts"],"price":19.99,"currency":"eur","in_stock":false,"group_id":"g1","images":["images/p1.png","https://cdn.example.com/p1.jpg"],"attributes":{"colour":"red","sizes":["S","M"],"weight_g":120,"ratio":1.50,"organic":true},"material":"cotton","pack":[2,3.0]}
                """);

        assertThat(sink.errors).isEmpty();
        assertThat(sink.products).hasSize(1);
        Product p = sink.products.get(0);
        assertThat(p.id()).isEqualTo("p1");
        assertThat(p.title()).isEqualTo("Oxford shirt");
        assertThat(p.description()).isEqualTo("Slim fit");
        assertThat(p.brand()).isEqualTo("Acme");
        assertThat(p.categoryPath()).containsExactly("Apparel", "Topwear", "Shirts");
        assertThat(p.price()).isEqualTo(19.99);
        assertThat(p.currency()).isEqualTo("EUR");
        assertThat(p.inStock()).isFalse();
        assertThat(p.groupId()).isEqualTo("g1");
        assertThat(p.images()).containsExactly(
                new ImageRef(dir.resolve("images/p1.png").toAbsolutePath().normalize().toUri()),
                new ImageRef(URI.create("https://cdn.example.com/p1.jpg")));
        assertThat(p.attributes()).containsExactly(
                Map.entry("colour", List.of("red")),
                Map.entry("sizes", List.of("S", "M")),
                Map.entry("weight_g", List.of("120")),
                Map.entry("ratio", List.of("1.5")),
                Map.entry("organic", List.of("true")),
                Map.entry("material", List.of("cotton")),
                Map.entry("pack", List.of("2", "3")));
    }

    @Test
    void acceptsCategoryStringImageAliasNumericStringsAndDefaults() throws IOException {
        CollectingSink sink = read("""
                {"id":42,"category":"Apparel > Topwear > Shirts","image":"p2.jpg","price":"5.50","group_id":7,"colour":null}
                {"id":"p3","category":"Shoes","in_stock":"yes","price":0}
                """);

        assertThat(sink.errors).isEmpty();
        Product p2 = sink.product("42");
        assertThat(p2.categoryPath()).containsExactly("Apparel", "Topwear", "Shirts");
        assertThat(p2.images()).containsExactly(new ImageRef(dir.resolve("p2.jpg").toAbsolutePath().toUri()));
        assertThat(p2.price()).isEqualTo(5.5);
        assertThat(p2.groupId()).isEqualTo("7");
        assertThat(p2.inStock()).isTrue();
        assertThat(p2.title()).isEmpty();
        assertThat(p2.brand()).isNull();
        assertThat(p2.currency()).isNull();
        assertThat(p2.attributes()).isEmpty();
        Product p3 = sink.product("p3");
        assertThat(p3.categoryPath()).containsExactly("Shoes");
        assertThat(p3.inStock()).isTrue();
        assertThat(p3.price()).isZero();
    }

    @Test
    void explicitAttributeWinsOverTopLevelKeyAndImageComesBeforeImages() throws IOException {
        CollectingSink sink = read("""
                {"id":"a","colour":"blue","attributes":{"colour":"red"},"images":["b.png","a.png"],"image":"a.png"}
                """);

        Product p = sink.product("a");
        assertThat(p.attributes()).containsExactly(Map.entry("colour", List.of("red")));
        assertThat(p.images()).extracting(ImageRef::toString)
                .containsExactly(dir.resolve("a.png").toUri().toString(), dir.resolve("b.png").toUri().toString());
    }

    @Test
    void skipsBomBlankAndCommentLinesButCountsThem() throws IOException {
        Path file = dir.resolve("bom.jsonl");
        String text = "{\"id\":\"first\"}\n# a comment\n\n   \n  # indented comment\n{\"id\":\"second\"}\n{\"id\":\"\"}\n";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(file, withBom);
        CollectingSink sink = new CollectingSink();

        new JsonLinesCatalogReader(file).read(sink);

        assertThat(sink.ids()).containsExactly("first", "second");
        assertThat(sink.errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.field()).isEqualTo("id");
        });
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("{\"id\":\"x\",\"title\":}", null, List.of("malformed JSON at column 19", "Unexpected character ('}'")),
                Arguments.of("{\"id\":\"a\"} {\"id\":\"b\"}", null, List.of("malformed JSON", "column")),
                Arguments.of("{\"id\":\"a\",\"id\":\"b\"}", null, List.of("Duplicate field 'id'")),
                Arguments.of("[{\"id\":\"a\"}]", null, List.of("expected a JSON object, got an array")),
                Arguments.of("{\"title\":\"no id\"}", "id", List.of("id is missing")),
                Arguments.of("{\"id\":null}", "id", List.of("id is missing")),
                Arguments.of("{\"id\":\"   \"}", "id", List.of("non-blank", "'   '")),
                Arguments.of("{\"id\":\"" + "x".repeat(513) + "\"}", "id", List.of("at most 512", "513")),
                Arguments.of("{\"id\":true}", "id", List.of("expected a string, got a boolean 'true'")),
                Arguments.of("{\"id\":\"a\",\"price\":-1.5}", "price", List.of(">= 0", "-1.5")),
                Arguments.of("{\"id\":\"a\",\"price\":NaN}", "price", List.of("finite", "NaN")),
                Arguments.of("{\"id\":\"a\",\"price\":\"NaN\"}", "price", List.of("not a number", "'NaN'")),
                Arguments.of("{\"id\":\"a\",\"price\":\"12,50\"}", "price", List.of("not a number", "'12,50'")),
                Arguments.of("{\"id\":\"a\",\"price\":1e400}", "price", List.of("too large", "1E+400")),
                Arguments.of("{\"id\":\"a\",\"price\":[1]}", "price", List.of("expected a number or a numeric string, got an array")),
                Arguments.of("{\"id\":\"a\",\"in_stock\":\"maybe\"}", "in_stock", List.of("not a boolean", "'maybe'")),
                Arguments.of("{\"id\":\"a\",\"in_stock\":{}}", "in_stock", List.of("expected a boolean, got an object")),
                Arguments.of("{\"id\":\"a\",\"title\":[\"t\"]}", "title", List.of("expected a string, got an array", "[\"t\"]")),
                Arguments.of("{\"id\":\"a\",\"currency\":\"euro\"}", "currency", List.of("ISO 4217", "'euro'")),
                Arguments.of("{\"id\":\"a\",\"category\":{\"a\":1}}", "category", List.of("expected a string or an array of strings")),
                Arguments.of("{\"id\":\"a\",\"images\":[\"http://exa mple.com/a.png\"]}", "images", List.of("http://exa mple.com/a.png")),
                Arguments.of("{\"id\":\"a\",\"image\":\"ftp://host/a.png\"}", "image", List.of("unsupported image URL scheme", "'ftp://host/a.png'")),
                Arguments.of("{\"id\":\"a\",\"image\":\"file:photo.jpg\"}", "image", List.of("'file:photo.jpg' is not a local file URI")),
                Arguments.of("{\"id\":\"a\",\"images\":[1]}", "images", List.of("expected image locations as strings, got a number")),
                Arguments.of("{\"id\":\"a\",\"attributes\":{\"dims\":{\"w\":1}}}", "attributes.dims", List.of("nested objects", "{\"w\":1}")),
                Arguments.of("{\"id\":\"a\",\"attributes\":{\"sizes\":[\"S\",[\"M\"]]}}", "attributes.sizes", List.of("got an array containing an array")),
                Arguments.of("{\"id\":\"a\",\"attributes\":[\"x\"]}", "attributes", List.of("expected an object, got an array")),
                Arguments.of("{\"id\":\"a\",\"attributes\":{\" \":\"x\"}}", "attributes", List.of("attribute name must be non-blank")),
                Arguments.of("{\"id\":\"a\",\"dims\":{\"w\":1}}", "dims", List.of("nested objects", "{\"w\":1}")),
                Arguments.of("{\"id\":\"a\",\"weight\":Infinity}", "weight", List.of("finite")),
                // values indexed as whole terms are bounded, so that the store never refuses one mid-batch
                Arguments.of("{\"id\":\"a\",\"brand\":\"" + "b".repeat(8_001) + "\"}", null,
                        List.of("field 'brand' must be at most 8000 characters, got 8001 for product a")),
                Arguments.of("{\"id\":\"a\",\"attributes\":{\"care\":\"" + "c".repeat(9_000) + "\"}}", null,
                        List.of("field 'attributes.care'", "9000")));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void reportsBadLineWithSourceLineFieldMessageAndRawAndKeepsReading(String bad, String field, List<String> messageParts)
            throws IOException {
        Path file = dir.resolve("mixed.jsonl");
        Files.writeString(file, "{\"id\":\"before\"}\n" + bad + "\n{\"id\":\"after\"}\n");
        CollectingSink sink = new CollectingSink();

        new JsonLinesCatalogReader(file).read(sink);

        assertThat(sink.ids()).containsExactly("before", "after");
        assertThat(sink.errors).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo(file.toString());
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).contains(messageParts);
            assertThat(e.raw()).isEqualTo(bad.length() > 2000 ? bad.substring(0, 2000) : bad);
        });
    }

    @Test
    void mixedFileKeepsAllGoodRows() throws IOException {
        CollectingSink sink = read("""
                {"id":"g1","price":1}
                {"id":"b1","price":-3}
                not json at all
                {"id":"g2"}

                {"id":"g3","attributes":{"dims":{"h":2}}}
                {"id":"g4","in_stock":"n"}
                {"id":"b2","in_stock":2}
                {"id":"g5"}
                """);

        assertThat(sink.ids()).containsExactly("g1", "g2", "g4", "g5");
        assertThat(sink.product("g4").inStock()).isFalse();
        assertThat(sink.errors).extracting(RowError::line).containsExactly(2L, 3L, 6L, 8L);
        assertThat(sink.errors).extracting(RowError::field).containsExactly("price", null, "attributes.dims", "in_stock");
        assertThat(sink.errorAt(3).message()).startsWith("malformed JSON at column 1: Unrecognized token 'not'");
    }

    @Test
    void truncatesRawTextOfVeryLongLines() throws IOException {
        String longBad = "{\"id\":\"a\",\"price\":\"" + "9".repeat(5000) + "x\"}";
        CollectingSink sink = read(longBad + "\n");

        RowError e = sink.errorAt(1);
        assertThat(e.raw()).hasSize(2000).isEqualTo(longBad.substring(0, 2000));
        assertThat(e.message()).contains("not a number").hasSizeLessThan(200);
    }

    @Test
    void aLineLongerThanTheBoundIsItsOwnErrorAndReadingGoesOn() throws IOException {
        Path file = dir.resolve("long-line.jsonl");
        Files.writeString(file, "{\"id\":\"a\"}\n[" + "{\"id\":\"x\"},".repeat(200) + "{\"id\":\"y\"}]\n{\"id\":\"b\"}\n");
        JsonLinesCatalogReader reader = new JsonLinesCatalogReader(file);
        reader.maxLineChars = 1_000;
        CollectingSink sink = new CollectingSink();

        reader.read(sink);

        assertThat(sink.ids()).containsExactly("a", "b");
        assertThat(sink.errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).startsWith("line longer than 1000 characters");
        });
    }

    @Test
    void repeatedIdsArePassedOnInFileOrderSoTheLaterRowWins() throws IOException {
        CollectingSink sink = read("""
                {"id":"a","title":"old"}
                {"id":"a","title":"new"}
                """);

        assertThat(sink.products).extracting(Product::title).containsExactly("old", "new");
        assertThat(sink.errors).isEmpty();
    }

    @Test
    void usesConfiguredCategorySeparatorForCategoryStrings() throws IOException {
        Path file = dir.resolve("c.jsonl");
        Files.writeString(file, "{\"id\":\"a\",\"category\":\"Apparel/Topwear//Shirts\"}\n");
        CollectingSink sink = new CollectingSink();

        new JsonLinesCatalogReader(file, CatalogOptions.defaults().withCategorySeparator("/")).read(sink);

        assertThat(sink.product("a").categoryPath()).containsExactly("Apparel", "Topwear", "Shirts");
    }

    @Test
    void missingFileIsAnIOException() {
        Path missing = dir.resolve("nope.jsonl");
        assertThatThrownBy(() -> new JsonLinesCatalogReader(missing).read(new CollectingSink()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void undecodableBytesDoNotStopReading() throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        byte[] bad = "{\"id\":\"caf\u00e9\",\"title\":\"caf".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "\u00e9\"}\n{\"id\":\"ok\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[bad.length + latin1.length];
        System.arraycopy(bad, 0, all, 0, bad.length);
        System.arraycopy(latin1, 0, all, bad.length, latin1.length);
        Files.write(file, all);
        CollectingSink sink = new CollectingSink();

        new JsonLinesCatalogReader(file).read(sink);

        assertThat(sink.ids()).containsExactly("caf\u00e9", "ok");
        assertThat(sink.product("caf\u00e9").title()).isEqualTo("caf\uFFFD");
    }
}
