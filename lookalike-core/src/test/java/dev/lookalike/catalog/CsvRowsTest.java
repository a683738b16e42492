package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowsTest {

    @TempDir
    Path dir;

    @Test
    void aQuoteNeverClosedFailsItsRecordAtTheBoundAndTheRowsAfterItAreRead() throws IOException {
        // without the bound the parser reads the rest of the file into one cell: memory grows with the file
        StringBuilder csv = new StringBuilder("id,title\np0,\"never closed\n");
        for (int i = 1; i <= 2_000; i++) {
            csv.append("p").append(i).append(",title ").append(i).append('\n');
        }
        Path file = dir.resolve("stray-quote.csv");
        Files.writeString(file, csv);
        List<String> ids = new ArrayList<>();
        List<String> errors = new ArrayList<>();

        CsvRows.read(file, ',', null, new CsvRows.Handler() {
            @Override
            public void header(List<String> columns) {
            }

            @Override
            public void row(long line, CSVRecord record, Supplier<String> raw) {
                ids.add(record.get(0));
            }

            @Override
            public void malformed(long line, String message, String raw) {
                errors.add(line + ": " + message);
            }
        }, 1_000);

        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .startsWith("2: malformed CSV record: record longer than 1000 characters (a quote never closed?)")
                .contains("reading resumes at line 3"));
        assertThat(ids).hasSize(2_000).startsWith("p1").endsWith("p2000");
    }
}
