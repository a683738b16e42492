package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvCatalogReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private CollectingSink read(Path file, CatalogOptions options) throws IOException {
        CollectingSink sink = new CollectingSink();
        new CsvCatalogReader(file, options).read(sink);
        return sink;
    }

    private CollectingSink read(String content) throws IOException {
        return read(write("catalog.csv", content), CatalogOptions.defaults());
    }

    @Test
    void readsEveryFieldWithDefaultColumnNames() throws IOException {
        CollectingSink sink = read("""
                id,title,description,brand,category,price,currency,in_stock,group_id,images,colour,sizes
                p1,Oxford shirt,"Slim fit, cotton",Acme,Apparel > Topwear > Shirts,19.99,eur,no,g1,images/p1.png|https://cdn.example.com/p1.jpg,red,S| M |
                """);

        assertThat(sink.errors).isEmpty();
        Product p = sink.products.get(0);
        assertThat(p.id()).isEqualTo("p1");
        assertThat(p.title()).isEqualTo("Oxford shirt");
        assertThat(p.description()).isEqualTo("Slim fit, cotton");
        assertThat(p.brand()).isEqualTo("Acme");
        assertThat(p.categoryPath()).containsExactly("Apparel", "Topwear", "Shirts");
        assertThat(p.price()).isEqualTo(19.99);
        assertThat(p.currency()).isEqualTo("EUR");
        assertThat(p.inStock()).isFalse();
        assertThat(p.groupId()).isEqualTo("g1");
        assertThat(p.images()).containsExactly(
                new ImageRef(dir.resolve("images/p1.png").toUri()),
                new ImageRef(URI.create("https://cdn.example.com/p1.jpg")));
        assertThat(p.attributes()).containsExactly(
                Map.entry("colour", List.of("red")),
                Map.entry("sizes", List.of("S", "M")));
    }

    @Test
    void emptyCellsAreAbsentAndInStockDefaultsToTrue() throws IOException {
        CollectingSink sink = read("""
                id,title,price,in_stock,currency,colour
                p1,,,,,
                p2, Shirt ,  ,YES, ,blue
                """);

        assertThat(sink.errors).isEmpty();
        Product p1 = sink.product("p1");
        assertThat(p1.title()).isEmpty();
        assertThat(p1.price()).isNull();
        assertThat(p1.inStock()).isTrue();
        assertThat(p1.currency()).isNull();
        assertThat(p1.attributes()).isEmpty();
        Product p2 = sink.product("p2");
        assertThat(p2.title()).isEqualTo("Shirt");
        assertThat(p2.attributes()).containsExactly(Map.entry("colour", List.of("blue")));
    }

    @Test
    void columnMappingRenamesFieldsAndUnmappedColumnsBecomeAttributes() throws IOException {
        Path file = write("shop.csv", """
                sku,name,price_eur,image_url,cat,Colour,material
                A-1,Linen shirt,25,a1.jpg,Apparel > Shirts,white,linen
                """);

        CollectingSink sink = read(file, CatalogOptions.defaults()
                .withMapping(ColumnMapping.parse("id=sku,title=name,price=price_eur,images=image_url,category=cat")));

        assertThat(sink.errors).isEmpty();
        Product p = sink.product("A-1");
        assertThat(p.title()).isEqualTo("Linen shirt");
        assertThat(p.price()).isEqualTo(25.0);
        assertThat(p.images()).containsExactly(new ImageRef(dir.resolve("a1.jpg").toUri()));
        assertThat(p.categoryPath()).containsExactly("Apparel", "Shirts");
        assertThat(p.attributes()).containsExactly(
                Map.entry("Colour", List.of("white")),
                Map.entry("material", List.of("linen")));
    }

    @Test
    void explicitAttributeListKeepsOnlyThoseColumns() throws IOException {
        Path file = write("shop.csv", """
                ID,colour,material,internal_note
                A-1,white,linen,do not show
                """);

        CollectingSink sink = read(file, CatalogOptions.defaults()
                .withMapping(ColumnMapping.builder().attributes("material", "colour").build()));

        Product p = sink.product("A-1");
        assertThat(p.attributes()).containsExactly(
                Map.entry("material", List.of("linen")),
                Map.entry("colour", List.of("white")));
    }

    @Test
    void customDelimiterAndSeparators() throws IOException {
        Path file = write("shop.txt", """
                id;category;images;sizes
                p1;A/B;x.png,y.png;S,M
                """);

        CollectingSink sink = read(file, CatalogOptions.defaults().withDelimiter(';')
                .withMultiValueSeparator(",").withCategorySeparator("/"));

        Product p = sink.product("p1");
        assertThat(p.categoryPath()).containsExactly("A", "B");
        assertThat(p.images()).hasSize(2);
        assertThat(p.attributes()).containsExactly(Map.entry("sizes", List.of("S", "M")));
    }

    @Test
    void tsvFilesUseTabsByDefault() throws IOException {
        Path file = write("shop.tsv", "id\ttitle\tprice\np1\tA, B and C\t3\n");

        CollectingSink sink = read(file, CatalogOptions.defaults());

        assertThat(sink.errors).isEmpty();
        assertThat(sink.product("p1").title()).isEqualTo("A, B and C");
    }

    @Test
    void eachBadCellIsReportedWithLineColumnNameMessageAndRaw() throws IOException {
        Path file = write("shop.csv", """
                sku,price_eur,stock,currency,image_url
                ok1,1,yes,EUR,a.png
                ,1,yes,EUR,a.png
                b2,abc,yes,EUR,a.png
                b3,-2,yes,EUR,a.png
                b4,1,maybe,EUR,a.png
                b5,1,yes,euro,a.png
                b6,1,yes,EUR,http://exa mple.com/x.png
                b7,1,yes,EUR,s3://bucket/x.png
                ok2,2,0,usd,
                """);

        CollectingSink sink = read(file, CatalogOptions.defaults()
                .withMapping(ColumnMapping.parse("id=sku,price=price_eur,in_stock=stock,images=image_url")));

        assertThat(sink.ids()).containsExactly("ok1", "ok2");
        assertThat(sink.product("ok2").inStock()).isFalse();
        assertThat(sink.product("ok2").currency()).isEqualTo("USD");
        assertThat(sink.errors).allSatisfy(e -> assertThat(e.source()).isEqualTo(file.toString()));
        assertThat(sink.errors).extracting(RowError::line).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(sink.errors).extracting(RowError::field)
                .containsExactly("sku", "price_eur", "price_eur", "stock", "currency", "image_url", "image_url");
        assertThat(sink.errorAt(3).message()).isEqualTo("id is missing");
        assertThat(sink.errorAt(4).message()).contains("not a number", "'abc'");
        assertThat(sink.errorAt(5).message()).contains(">= 0", "'-2'");
        assertThat(sink.errorAt(6).message()).contains("not a boolean", "'maybe'");
        assertThat(sink.errorAt(7).message()).contains("ISO 4217", "'euro'");
        assertThat(sink.errorAt(8).message()).contains("http://exa mple.com/x.png");
        assertThat(sink.errorAt(9).message()).contains("unsupported image URL scheme", "s3://bucket/x.png");
        assertThat(sink.errorAt(6).raw()).isEqualTo("b4,1,maybe,EUR,a.png");
        assertThat(sink.errorAt(6).describe()).isEqualTo(file + ":6: field 'stock': not a boolean (expected true/false/yes/no/1/0/y/n): 'maybe'");
    }

    @Test
    void wrongColumnCountIsARowErrorAndReadingGoesOn() throws IOException {
        CollectingSink sink = read("""
                id,title,price
                a,A,1
                b,B,2,extra
                c,C
                d,D,4
                """);

        assertThat(sink.ids()).containsExactly("a", "d");
        assertThat(sink.errors).extracting(RowError::line).containsExactly(3L, 4L);
        assertThat(sink.errorAt(3).field()).isNull();
        assertThat(sink.errorAt(3).message()).contains("expected 3 columns", "got 4");
        assertThat(sink.errorAt(3).raw()).isEqualTo("b,B,2,extra");
        assertThat(sink.errorAt(4).message()).contains("got 2");
    }

    @Test
    void lineNumbersFollowPhysicalLinesAcrossMultilineCellsAndBlankLines() throws IOException {
        CollectingSink sink = read("id,description,price\n"
                + "a,\"line one\nline two\nline three\",1\n"
                + "\n"
                + "b,plain,-1\n"
                + "c,\"two\r\nlines\",x\n"
                + "d,ok,4\n"
                + "e,\"multi\nline\",-5\n");

        assertThat(sink.ids()).containsExactly("a", "d");
        assertThat(sink.product("a").description()).isEqualTo("line one\nline two\nline three");
        assertThat(sink.errors).extracting(RowError::line).containsExactly(6L, 7L, 10L);
        assertThat(sink.errorAt(7).raw()).isEqualTo("c,\"two\r\nlines\",x");
        assertThat(sink.errorAt(10).raw()).isEqualTo("e,\"multi\nline\",-5");
    }

    @Test
    void crlfAndByteOrderMark() throws IOException {
        Path file = dir.resolve("bom.csv");
        byte[] body = "id,price\r\na,1\r\nb,x\r\nc,3".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(file, bytes);

        CollectingSink sink = read(file, CatalogOptions.defaults());

        assertThat(sink.ids()).containsExactly("a", "c");
        assertThat(sink.errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.field()).isEqualTo("price");
            assertThat(e.raw()).isEqualTo("b,x");
        });
    }

    @Test
    void characterAfterClosingQuoteLosesOnlyThatRecord() throws IOException {
        CollectingSink sink = read("""
                id,title,price
                a,A,1
                b,"B"x,2
                c,C,3
                """);

        assertThat(sink.ids()).containsExactly("a", "c");
        assertThat(sink.errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.field()).isNull();
            assertThat(e.message()).contains("malformed CSV record", "Invalid character between encapsulated token and delimiter",
                    "reading resumes at line 4");
            assertThat(e.raw()).isEqualTo("b,\"B\"x,2");
        });
    }

    @Test
    void unterminatedQuoteIsReportedAndRowsAfterItAreKept() throws IOException {
        CollectingSink sink = read("""
                id,title,price
                a,A,1
                b,"B unterminated,2
                c,C,3
                d,D,4
                """);

        assertThat(sink.ids()).containsExactly("a", "c", "d");
        assertThat(sink.errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.message()).contains("EOF reached before encapsulated token finished", "parser stopped at line 5",
                    "reading resumes at line 4");
            assertThat(e.message()).doesNotContain("startline");
            assertThat(e.raw()).isEqualTo("b,\"B unterminated,2");
        });
    }

    @Test
    void quoteOpenedOnOneLineAndClosedOnAnotherKeepsTheRowsInBetween() throws IOException {
        CollectingSink sink = read("""
                id,title,price
                a,A,1
                b,"B broken,2
                c,"C",3
                d,D,4
                e,"E"oops,5
                f,F,6
                """);

        assertThat(sink.ids()).containsExactly("a", "c", "d", "f");
        assertThat(sink.errors).extracting(RowError::line).containsExactly(3L, 6L);
        assertThat(sink.errorAt(3).message()).contains("parser stopped at line 4");
        assertThat(sink.errorAt(6).message()).contains("parser stopped at line 6");
    }

    @Test
    void headerProblemsFailTheWholeFile() throws IOException {
        Path noId = write("noid.csv", "sku,title\n1,a\n");
        Path empty = write("empty.csv", "");
        Path duplicate = write("dup.csv", "id,title,title\n1,a,b\n");
        Path typo = write("typo.csv", "id,title\n1,a\n");

        assertThatThrownBy(() -> read(noId, CatalogOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("no id column").hasMessageContaining("[sku, title]");
        assertThatThrownBy(() -> read(empty, CatalogOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("no header row");
        assertThatThrownBy(() -> read(duplicate, CatalogOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("duplicate column 'title'");
        assertThatThrownBy(() -> read(typo, CatalogOptions.defaults().withMapping(ColumnMapping.parse("title=name"))))
                .isInstanceOf(IOException.class).hasMessageContaining("column 'name' (mapped to title)");
        assertThatThrownBy(() -> read(typo, CatalogOptions.defaults().withMapping(ColumnMapping.parse("attributes=colour"))))
                .isInstanceOf(IOException.class).hasMessageContaining("attribute column 'colour'");
    }

    @Test
    void longRecordRawTextIsTruncated() throws IOException {
        String description = "d".repeat(3000);
        CollectingSink sink = read("id,description,price\na," + description + ",oops\n");

        RowError e = sink.errorAt(2);
        assertThat(e.raw()).hasSize(2000).startsWith("a,ddd");
    }

    @Test
    void manyRowsAcrossBufferBoundariesKeepExactLineNumbers() throws IOException {
        StringBuilder csv = new StringBuilder("id,description,price\n");
        long line = 1;
        List<Long> expectedErrorLines = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String description = i % 7 == 0 ? "\"multi\nline " + "x".repeat(i % 50) + "\"" : "d" + "y".repeat(i % 90);
            String price = i % 97 == 0 ? "bad" : String.valueOf(i);
            csv.append("r").append(i).append(',').append(description).append(',').append(price).append(i % 3 == 0 ? "\r\n" : "\n");
            line++;
            if (price.equals("bad")) {
                expectedErrorLines.add(line);
            }
            if (i % 7 == 0) {
                line++;
            }
            if (i % 1000 == 999) {
                csv.append("r").append(i).append("x,\"broken,1\n");
                line++;
                expectedErrorLines.add(line);
            }
        }

        CollectingSink sink = read(csv.toString());

        assertThat(sink.errors).extracting(RowError::line).containsExactlyElementsOf(expectedErrorLines);
        assertThat(sink.products).hasSize(5_000 - (int) sink.errors.stream().filter(e -> "price".equals(e.field())).count());
        assertThat(sink.errors).filteredOn(e -> "price".equals(e.field()))
                .allSatisfy(e -> assertThat(e.raw()).startsWith("r").endsWith(",bad"));
    }
}
