package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogsTest {

    @TempDir
    Path dir;

    @Test
    void detectsFormatFromPath() throws IOException {
        Path fashion = Files.createDirectories(dir.resolve("fashion"));
        Files.writeString(fashion.resolve("styles.csv"), "id\n");

        assertThat(Catalogs.detect(fashion)).isEqualTo(CatalogFormat.FASHION_PRODUCTS);
        assertThat(Catalogs.detect(dir.resolve("a.jsonl"))).isEqualTo(CatalogFormat.JSONL);
        assertThat(Catalogs.detect(dir.resolve("a.NDJSON"))).isEqualTo(CatalogFormat.JSONL);
        assertThat(Catalogs.detect(dir.resolve("a.json"))).isEqualTo(CatalogFormat.JSONL);
        assertThat(Catalogs.detect(dir.resolve("a.csv"))).isEqualTo(CatalogFormat.CSV);
        assertThat(Catalogs.detect(dir.resolve("a.Tsv"))).isEqualTo(CatalogFormat.CSV);
        assertThat(Catalogs.open(fashion)).isInstanceOf(FashionProductsReader.class);
        assertThat(Catalogs.open(dir.resolve("a.jsonl"))).isInstanceOf(JsonLinesCatalogReader.class);
        assertThat(Catalogs.open(dir.resolve("a.csv"))).isInstanceOf(CsvCatalogReader.class);
    }

    @Test
    void unknownFormatsNameThePathAndTheSupportedFormats() throws IOException {
        Path xml = dir.resolve("catalog.xml");
        Path emptyDir = Files.createDirectories(dir.resolve("photos"));

        assertThatThrownBy(() -> Catalogs.open(xml, CatalogOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(xml.toString())
                .hasMessageContaining("*.jsonl").hasMessageContaining("*.csv").hasMessageContaining("styles.csv");
        assertThatThrownBy(() -> Catalogs.open(emptyDir, CatalogOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(emptyDir.toString()).hasMessageContaining("no styles.csv");
    }

    @Test
    void openedReadersReadEachFormat() throws IOException {
        Path jsonl = dir.resolve("c.ndjson");
        Files.writeString(jsonl, "{\"id\":\"j1\"}\n");
        Path tsv = dir.resolve("c.tsv");
        Files.writeString(tsv, "id\ttitle\nt1\tA, B\n");
        Path fashion = Files.createDirectories(dir.resolve("f"));
        Files.writeString(fashion.resolve("styles.csv"),
                "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName\n"
                        + "7,Men,Apparel,Topwear,Shirts,Blue,Fall,2011,Casual,Acme Men Shirt\n");

        assertThat(readIds(Catalogs.open(jsonl))).containsExactly("j1");
        CollectingSink tsvSink = new CollectingSink();
        Catalogs.open(tsv).read(tsvSink);
        assertThat(tsvSink.product("t1").title()).isEqualTo("A, B");
        assertThat(readIds(Catalogs.open(fashion))).containsExactly("7");
    }

    @Test
    void formatOverrideWinsOverTheName() throws IOException {
        Path txt = dir.resolve("export.txt");
        Files.writeString(txt, "id|title\nx1|Shirt\n");
        Path fashion = Files.createDirectories(dir.resolve("f"));
        Path styles = fashion.resolve("styles.csv");
        Files.writeString(styles, "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName\n"
                + "7,Men,Apparel,Topwear,Shirts,Blue,Fall,2011,Casual,Acme Men Shirt\n");

        CatalogReader csv = Catalogs.open(txt, CatalogOptions.defaults().withFormat(CatalogFormat.CSV).withDelimiter('|')
                .withMultiValueSeparator(";"));
        CatalogReader fromStylesFile = Catalogs.open(styles, CatalogOptions.defaults().withFormat(CatalogFormat.FASHION_PRODUCTS));

        assertThat(readIds(csv)).containsExactly("x1");
        assertThat(fromStylesFile).isInstanceOf(FashionProductsReader.class);
        assertThat(readIds(fromStylesFile)).containsExactly("7");
    }

    @Test
    void optionsValidateAndDefault() {
        CatalogOptions d = CatalogOptions.defaults();
        assertThat(d.format()).isEqualTo(CatalogFormat.AUTO);
        assertThat(d.mapping()).isEqualTo(ColumnMapping.defaults());
        assertThat(d.multiValueSeparator()).isEqualTo("|");
        assertThat(d.categorySeparator()).isEqualTo(" > ");
        assertThat(d.delimiterFor(Path.of("x.tsv"))).isEqualTo('\t');
        assertThat(d.delimiterFor(Path.of("x.csv"))).isEqualTo(',');
        assertThat(d.withDelimiter(';').delimiterFor(Path.of("x.tsv"))).isEqualTo(';');
        assertThatThrownBy(() -> d.withDelimiter('"')).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'\"'");
        assertThatThrownBy(() -> d.withMultiValueSeparator("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multi-value separator");
    }

    private static java.util.List<String> readIds(CatalogReader reader) throws IOException {
        CollectingSink sink = new CollectingSink();
        reader.read(sink);
        assertThat(sink.errors).isEmpty();
        return sink.ids();
    }

    @Test
    void estimatesRowsForProgressDisplay() throws IOException {
        Path jsonl = dir.resolve("c.jsonl");
        Files.writeString(jsonl, "{\"id\":\"a\"}\n\n# comment\n{\"id\":\"b\"}\n");
        assertThat(Catalogs.estimateRows(jsonl, CatalogOptions.defaults())).isEqualTo(2);
        Path csv = dir.resolve("c.csv");
        Files.writeString(csv, "id,title\na,x\nb,y\nc,z\n");
        assertThat(Catalogs.estimateRows(csv, CatalogOptions.defaults())).isEqualTo(3);
        // a fashion catalog named by its folder or by its styles.csv (both open; the estimate stopped the ingest)
        Path fashion = Files.createDirectories(dir.resolve("fashion-estimate"));
        Files.writeString(fashion.resolve("styles.csv"), "id,articleType\n1,Shirts\n2,Jeans\n");
        CatalogOptions asFashion = CatalogOptions.defaults().withFormat(CatalogFormat.FASHION_PRODUCTS);
        assertThat(Catalogs.estimateRows(fashion, asFashion)).isEqualTo(2);
        assertThat(Catalogs.estimateRows(fashion.resolve("styles.csv"), asFashion)).isEqualTo(2);
    }
}
