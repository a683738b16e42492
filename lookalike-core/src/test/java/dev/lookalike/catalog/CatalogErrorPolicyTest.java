package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ErrorPolicySink}, {@link OnError} and {@link CatalogFailedException}. */
class CatalogErrorPolicyTest {

    @TempDir
    Path dir;

    private Path catalog() throws IOException {
        Path file = dir.resolve("shop.jsonl");
        Files.writeString(file, """
                {"id":"a"}
                {"id":"b","price":"cheap"}
                {"id":"c"}
                {broken
                {"id":"d"}
                """);
        return file;
    }

    @Test
    void failStopsAtTheFirstRejectedRow() throws IOException {
        Path file = catalog();
        CollectingSink target = new CollectingSink();
        ErrorPolicySink sink = new ErrorPolicySink(target, OnError.FAIL, null);

        assertThatThrownBy(() -> new JsonLinesCatalogReader(file).read(sink))
                .isInstanceOfSatisfying(CatalogFailedException.class, e -> {
                    assertThat(e.error().line()).isEqualTo(2);
                    assertThat(e.error().field()).isEqualTo("price");
                    assertThat(e.getMessage()).isEqualTo(e.error().describe())
                            .isEqualTo(file + ":2: field 'price': price is not a number: 'cheap'");
                });
        assertThat(target.ids()).containsExactly("a");
        assertThat(target.errors).as("the wrapped sink is not asked to reject").isEmpty();
        assertThat(sink.rejected()).isEqualTo(1);
    }

    @Test
    void skipWritesRejectsAndKeepsGoing() throws IOException {
        Path file = catalog();
        Path rejectsFile = RejectsWriter.defaultPathFor(file);
        CollectingSink target = new CollectingSink();

        try (RejectsWriter rejects = new RejectsWriter(rejectsFile)) {
            ErrorPolicySink sink = new ErrorPolicySink(target, OnError.SKIP, rejects);
            new JsonLinesCatalogReader(file).read(sink);
            assertThat(sink.rejected()).isEqualTo(2);
            assertThat(rejects.count()).isEqualTo(2);
        }

        assertThat(target.ids()).containsExactly("a", "c", "d");
        assertThat(rejectsFile.getFileName().toString()).isEqualTo("shop.jsonl.rejects.jsonl");
        List<JsonNode> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(rejectsFile, StandardCharsets.UTF_8)) {
            rows.add(json.readTree(line));
        }
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("source").asText()).isEqualTo(file.toString());
        assertThat(rows.get(0).get("line").asLong()).isEqualTo(2);
        assertThat(rows.get(0).get("field").asText()).isEqualTo("price");
        assertThat(rows.get(0).get("message").asText()).contains("'cheap'");
        assertThat(rows.get(0).get("raw").asText()).isEqualTo("{\"id\":\"b\",\"price\":\"cheap\"}");
        assertThat(rows.get(1).get("line").asLong()).isEqualTo(4);
        assertThat(rows.get(1).get("field").isNull()).isTrue();
        assertThat(rows.get(1).get("message").asText()).startsWith("malformed JSON at column 2");
        assertThat(rows.get(1).get("raw").asText()).isEqualTo("{broken");
    }

    @Test
    void skipNeedsAWriter() {
        assertThatThrownBy(() -> new ErrorPolicySink(new CollectingSink(), OnError.SKIP, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("skip");
    }

    @Test
    void onErrorFlagValues() {
        assertThat(OnError.fromFlag("fail")).isEqualTo(OnError.FAIL);
        assertThat(OnError.fromFlag(" SKIP ")).isEqualTo(OnError.SKIP);
        assertThat(OnError.SKIP.flagValue()).isEqualTo("skip");
        assertThatThrownBy(() -> OnError.fromFlag("ignore"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--on-error must be fail or skip, got 'ignore'");
    }
}
