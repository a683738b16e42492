package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local pictures of a catalog file stay inside its folder (or the configured root) unless allowed anywhere. */
class ImageRootTest {

    @TempDir
    Path dir;
    Path catalogDir;
    Path secret;

    @BeforeEach
    void files() throws IOException {
        catalogDir = Files.createDirectories(dir.resolve("catalog"));
        Files.createDirectories(catalogDir.resolve("img"));
        Files.write(catalogDir.resolve("img/a.png"), new byte[] {1});
        secret = Files.write(dir.resolve("secret.png"), new byte[] {2});
        Files.createSymbolicLink(catalogDir.resolve("img/link.png"), secret);
    }

    @Test
    void jsonLinesRefusesPathsLeavingTheCatalogFolder() throws IOException {
        Path file = Files.writeString(catalogDir.resolve("products.jsonl"), String.join("\n",
                "{\"id\":\"ok\",\"images\":[\"img/a.png\"]}",
                "{\"id\":\"dots\",\"images\":[\"img/../../secret.png\"]}",
                "{\"id\":\"absolute\",\"images\":[\"" + secret + "\"]}",
                "{\"id\":\"uri\",\"images\":[\"" + secret.toUri() + "\"]}",
                "{\"id\":\"symlink\",\"images\":[\"img/link.png\"]}",
                "{\"id\":\"remote\",\"images\":[\"https://cdn.example.com/x.jpg\"]}"));

        Result r = read(new JsonLinesCatalogReader(file, CatalogOptions.defaults()));

        assertThat(r.ids).containsExactly("ok", "remote");
        assertThat(r.errors).extracting(RowError::line).containsExactly(2L, 3L, 4L, 5L);
        assertThat(r.errors).allSatisfy(e -> {
            assertThat(e.field()).isEqualTo("images");
            assertThat(e.message()).contains("is outside the image root '" + catalogDir.toAbsolutePath().normalize() + "'");
        });
    }

    @Test
    void csvRefusesPathsLeavingTheCatalogFolder() throws IOException {
        Path file = Files.writeString(catalogDir.resolve("products.csv"),
                "id,images\nok,img/a.png\ndots,../secret.png\nsymlink,img/link.png\n");

        Result r = read(new CsvCatalogReader(file, CatalogOptions.defaults()));

        assertThat(r.ids).containsExactly("ok");
        assertThat(r.errors).extracting(RowError::line).containsExactly(3L, 4L);
        assertThat(r.errors).extracting(RowError::field).containsOnly("images");
    }

    @Test
    void configuredRootOrAnywhereLetsThemThrough() throws IOException {
        Path file = Files.writeString(catalogDir.resolve("products.jsonl"), String.join("\n",
                "{\"id\":\"dots\",\"images\":[\"../secret.png\"]}",
                "{\"id\":\"symlink\",\"images\":[\"img/link.png\"]}"));

        assertThat(read(new JsonLinesCatalogReader(file, CatalogOptions.defaults().withImageRoot(dir))).ids)
                .containsExactly("dots", "symlink");
        assertThat(read(new JsonLinesCatalogReader(file, CatalogOptions.defaults().withImagesAnywhere(true))).ids)
                .containsExactly("dots", "symlink");
        Result narrower = read(new JsonLinesCatalogReader(file, CatalogOptions.defaults().withImageRoot(catalogDir.resolve("img"))));
        assertThat(narrower.ids).isEmpty();
        assertThat(narrower.errors).hasSize(2);
    }

    private record Result(List<String> ids, List<RowError> errors) {
    }

    private static Result read(CatalogReader reader) throws IOException {
        List<String> ids = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        reader.read(new CatalogSink() {
            @Override
            public void accept(Product product) {
                ids.add(product.id());
            }

            @Override
            public void reject(RowError error) {
                errors.add(error);
            }
        });
        return new Result(ids, errors);
    }
}
