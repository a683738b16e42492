package dev.lookalike.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuggestionsFileTest {

    @TempDir
    Path dir;

    private static final List<Suggestion> SUGGESTIONS = List.of(
            new Suggestion("p1", "colour", null, "red", 0.93, Suggestion.Kind.FILL),
            new Suggestion("p,2", "colour", "Navy \"Blue\"", "Black", 0.8125, Suggestion.Kind.MISLABEL, List.of("p7", "p,9")));

    @Test
    void roundTripsThroughJsonLinesAndCsv() throws Exception {
        for (String name : List.of("s.jsonl", "s.csv")) {
            Path f = dir.resolve(name);
            SuggestionsFile.write(f, SUGGESTIONS);
            assertThat(SuggestionsFile.read(f)).as(name).isEqualTo(SUGGESTIONS);
        }
        assertThat(Files.readAllLines(dir.resolve("s.csv")).get(0)).isEqualTo("product_id,attribute,current_value,suggested_value,confidence,kind,near_duplicates");
        assertThat(Files.readAllLines(dir.resolve("s.jsonl")).get(0))
                .isEqualTo("{\"product_id\":\"p1\",\"attribute\":\"colour\",\"current_value\":null,\"suggested_value\":\"red\",\"confidence\":0.93,\"kind\":\"fill\",\"near_duplicates\":[]}");
    }

    @Test
    void aBadLineIsReportedWithFileLineAndField() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, """
                {"product_id":"p1","attribute":"colour","suggested_value":"red","confidence":0.9,"kind":"fill"}
                {"product_id":"p2","attribute":"colour","current_value":"red","suggested_value":"blue","confidence":1.5,"kind":"mislabel"}
                """);
        assertThatThrownBy(() -> SuggestionsFile.read(f)).hasMessage(f + ":2: field 'confidence': must be in [0, 1], got 1.5");
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "product_id,attribute,current_value,suggested_value,confidence,kind\np1,colour,,red,0.5,guess\n");
        assertThatThrownBy(() -> SuggestionsFile.read(csv)).hasMessageStartingWith(csv + ":2: field 'kind': kind must be 'fill' or 'mislabel', got 'guess'");
        assertThatThrownBy(() -> SuggestionsFile.read(dir.resolve("s.txt"))).hasMessageContaining("must end in .jsonl");
        Path duplicates = dir.resolve("bad-duplicates.jsonl");
        Files.writeString(duplicates, """
                {"product_id":"p1","attribute":"colour","suggested_value":"red","confidence":0.9,"kind":"fill","near_duplicates":"p2"}
                """);
        assertThatThrownBy(() -> SuggestionsFile.read(duplicates))
                .hasMessage(duplicates + ":1: field 'near_duplicates': an array of ids is required, got \"p2\"");
    }
}
