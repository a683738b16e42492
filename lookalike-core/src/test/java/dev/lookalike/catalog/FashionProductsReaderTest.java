package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionProductsReaderTest {

    private static final String HEADER = "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName\n";

    @TempDir
    Path dir;

    private Path fixture(String rows, String... imageIds) throws IOException {
        Files.writeString(dir.resolve("styles.csv"), HEADER + rows);
        Files.createDirectories(dir.resolve("images"));
        for (String id : imageIds) {
            Files.write(dir.resolve("images").resolve(id + ".jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        }
        return dir;
    }

    @Test
    void mapsColumnsToProducts() throws IOException {
        fixture("""
                15970,Men,Apparel,Topwear,Shirts,Navy Blue,Fall,2011,Casual,Turtle Check Men Navy Blue Shirt
                39386,Women,Footwear,Shoes,Heels,Black,Summer,2012,Casual,"Catwalk Women's Black Heels, Pointed Toe"
                """, "15970");
        CollectingSink sink = new CollectingSink();

        new FashionProductsReader(dir).read(sink);

        assertThat(sink.errors).isEmpty();
        assertThat(sink.ids()).containsExactly("15970", "39386");
        Product shirt = sink.product("15970");
        assertThat(shirt.title()).isEqualTo("Turtle Check Men Navy Blue Shirt");
        assertThat(shirt.description()).isEmpty();
        assertThat(shirt.brand()).isEqualTo("Turtle Check");
        assertThat(shirt.categoryPath()).containsExactly("Apparel", "Topwear", "Shirts");
        assertThat(shirt.inStock()).isTrue();
        assertThat(shirt.price()).isNull();
        assertThat(shirt.images()).containsExactly(new ImageRef(dir.resolve("images/15970.jpg").toAbsolutePath().toUri()));
        assertThat(shirt.images().get(0).uri().getPath()).startsWith("/");
        assertThat(shirt.attributes()).containsExactly(
                Map.entry("gender", List.of("Men")),
                Map.entry("masterCategory", List.of("Apparel")),
                Map.entry("subCategory", List.of("Topwear")),
                Map.entry("articleType", List.of("Shirts")),
                Map.entry("baseColour", List.of("Navy Blue")),
                Map.entry("season", List.of("Fall")),
                Map.entry("year", List.of("2011")),
                Map.entry("usage", List.of("Casual")));
        Product heels = sink.product("39386");
        assertThat(heels.title()).isEqualTo("Catwalk Women's Black Heels, Pointed Toe");
        assertThat(heels.brand()).isEqualTo("Catwalk");
        assertThat(heels.images()).as("no images/39386.jpg: kept without image, no error").isEmpty();
    }

    @Test
    void blankValuesAreAbsentAndBadRowsAreReportedWithoutLosingOthers() throws IOException {
        fixture("""
                1,Men,Apparel,,Tshirts,White,,2012,,Men Solid White Tshirt
                2,Men,Apparel,Topwear,Tshirts,White,Summer,2012,Casual,Puma Men, White T-shirt
                3,Unisex,Accessories,Bags,Backpacks,Black,Summer,2011,Travel,Quechua Spacious Backpack
                ,Men,Apparel,Topwear,Tshirts,White,Summer,2012,Casual,No Id Men Tshirt
                5,Girls,Apparel,Topwear,Tops,Pink,Summer,2012,Casual,Gini and Jony Girls Pink Top
                """, "3", "5");
        CollectingSink sink = new CollectingSink();

        new FashionProductsReader(dir).read(sink);

        assertThat(sink.ids()).containsExactly("1", "3", "5");
        Product one = sink.product("1");
        assertThat(one.categoryPath()).containsExactly("Apparel", "Tshirts");
        assertThat(one.attributes()).doesNotContainKeys("subCategory", "season", "usage");
        assertThat(one.brand()).as("gender word first: no brand").isNull();
        assertThat(sink.product("3").brand()).as("no gender word").isNull();
        assertThat(sink.product("5").brand()).isEqualTo("Gini and Jony");
        assertThat(sink.product("5").images()).hasSize(1);

        Path styles = dir.resolve("styles.csv");
        assertThat(sink.errors).hasSize(2);
        RowError extraComma = sink.errorAt(3);
        assertThat(extraComma.source()).isEqualTo(styles.toString());
        assertThat(extraComma.field()).isNull();
        assertThat(extraComma.message()).contains("expected 10 columns", "got 11");
        assertThat(extraComma.raw()).isEqualTo("2,Men,Apparel,Topwear,Tshirts,White,Summer,2012,Casual,Puma Men, White T-shirt");
        RowError noId = sink.errorAt(5);
        assertThat(noId.field()).isEqualTo("id");
        assertThat(noId.message()).isEqualTo("id is missing");
    }

    @Test
    void brandHeuristic() {
        assertThat(FashionProductsReader.brandOf("Puma Men Ferrari Track Jacket")).isEqualTo("Puma");
        assertThat(FashionProductsReader.brandOf("Kalenji Men's Super Soft Sports Shoes")).isEqualTo("Kalenji");
        assertThat(FashionProductsReader.brandOf("United Colors of Benetton Women Blue Top")).isEqualTo("United Colors of Benetton");
        assertThat(FashionProductsReader.brandOf("Doodle Kids Boys Red T-shirt")).isEqualTo("Doodle");
        assertThat(FashionProductsReader.brandOf("Nike Women\u2019s Shoe")).isEqualTo("Nike");
        assertThat(FashionProductsReader.brandOf("Inesis  Unisex  Cap")).isEqualTo("Inesis");
        assertThat(FashionProductsReader.brandOf("Men Blue Jeans")).isNull();
        assertThat(FashionProductsReader.brandOf("Men Women Socks")).isNull();
        assertThat(FashionProductsReader.brandOf("Quechua Spacious Blue-Black Backpack")).isNull();
        assertThat(FashionProductsReader.brandOf("Lee mens jeans")).as("case-sensitive").isNull();
        assertThat(FashionProductsReader.brandOf("")).isNull();
    }

    @Test
    void missingColumnsFailTheWholeFile() throws IOException {
        Files.writeString(dir.resolve("styles.csv"), "id,gender,productDisplayName\n1,Men,Shirt\n");

        assertThatThrownBy(() -> new FashionProductsReader(dir).read(new CollectingSink()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing columns [masterCategory, subCategory, articleType, baseColour, season, year, usage]");
    }

    @Test
    void idsCannotReachOutsideTheImagesFolder() throws IOException {
        fixture("../secret,Men,Apparel,Topwear,Shirts,Blue,Fall,2011,Casual,Acme Men Shirt\n");
        Files.write(dir.resolve("secret.jpg"), new byte[] {1});
        CollectingSink sink = new CollectingSink();

        new FashionProductsReader(dir).read(sink);

        assertThat(sink.product("../secret").images()).isEmpty();
    }
}
