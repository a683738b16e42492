package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectsWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesOneJsonObjectPerLineAndCounts() throws IOException {
        Path file = dir.resolve("catalog.csv.rejects.jsonl");
        RowError withField = new RowError("catalog.csv", 7, "price", "price is not a number: 'abc'", "p7,\"Caf\u00e9 \"\"x\"\"\",abc");
        RowError wholeRow = new RowError("catalog.csv", 9, null, "malformed CSV record", "line one\nline two\ttab");

        try (RejectsWriter w = new RejectsWriter(file)) {
            w.write(withField);
            w.write(wholeRow);
            assertThat(w.count()).isEqualTo(2);
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"source\":\"catalog.csv\",\"line\":7,\"field\":\"price\",\"message\":");
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("source").asText()).isEqualTo("catalog.csv");
        assertThat(first.get("line").asLong()).isEqualTo(7);
        assertThat(first.get("field").asText()).isEqualTo("price");
        assertThat(first.get("message").asText()).isEqualTo("price is not a number: 'abc'");
        assertThat(first.get("raw").asText()).isEqualTo("p7,\"Caf\u00e9 \"\"x\"\"\",abc");
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("field").isNull()).isTrue();
        assertThat(second.get("raw").asText()).isEqualTo("line one\nline two\ttab");
        assertThat(second.fieldNames()).toIterable().containsExactly("source", "line", "field", "message", "raw");
    }

    @Test
    void aLoneSurrogateInARejectedRowDoesNotFailTheFile() throws IOException {
        // what JavaScript's JSON.stringify emits for a truncated emoji; UTF-8 cannot encode it
        Path file = dir.resolve("surrogate.rejects.jsonl");
        try (RejectsWriter w = new RejectsWriter(file)) {
            w.write(new RowError("c.jsonl", 1, "currency", "not ISO 4217: '\ud83d'", "{\"currency\":\"\ud83d\"}"));
            w.write(new RowError("c.jsonl", 2, null, "after it", null));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("message").asText()).isEqualTo("not ISO 4217: '?'");
        assertThat(JSON.readTree(lines.get(1)).get("message").asText()).isEqualTo("after it");
    }

    @Test
    void truncatesAnExistingFileAndWritesToAnyWriter() throws IOException {
        Path file = dir.resolve("r.jsonl");
        Files.writeString(file, "stale\n");
        try (RejectsWriter w = new RejectsWriter(file)) {
            assertThat(w.count()).isZero();
        }
        assertThat(Files.readString(file)).isEmpty();

        StringWriter out = new StringWriter();
        try (RejectsWriter w = new RejectsWriter(out)) {
            w.write(new RowError("s", 1, null, "m", null));
        }
        assertThat(out.toString()).isEqualTo("{\"source\":\"s\",\"line\":1,\"field\":null,\"message\":\"m\",\"raw\":null}\n");
    }

    @Test
    void defaultPathSitsNextToTheCatalog() {
        assertThat(RejectsWriter.defaultPathFor(Path.of("data", "shop.csv"))).isEqualTo(Path.of("data", "shop.csv.rejects.jsonl"));
        assertThat(RejectsWriter.defaultPathFor(Path.of("data", "fashion"))).isEqualTo(Path.of("data", "fashion.rejects.jsonl"));
        assertThatThrownBy(() -> RejectsWriter.defaultPathFor(Path.of("/"))).isInstanceOf(IllegalArgumentException.class);
    }
}
