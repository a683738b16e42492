package dev.lookalike.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookalike.catalog.CatalogFailedException;
import dev.lookalike.catalog.OnError;
import dev.lookalike.catalog.RowError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenSetReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsJudgmentsGroupedByQueryWithCommentsBlankLinesAndExtraColumns() throws IOException {
        Path file = write("""
                # judged by the merchandising team, 2026-11
                kind,anchor,candidate,grade,note
                product,p1,p2,2,same shirt other colour

                product,p1,p3,0,
                # text queries
                text,"red dress, long",p7,3,"quoted, with commas"
                PRODUCT,p1,p4,1,
                """);
        GoldenSetReader.Result r = GoldenSetReader.read(file, OnError.FAIL);
        assertThat(r.rejected()).isEmpty();
        assertThat(r.golden().queries()).containsExactly(
                new GoldenQuery(QueryKind.PRODUCT, "p1", Map.of("p2", 2, "p3", 0, "p4", 1)),
                new GoldenQuery(QueryKind.TEXT, "red dress, long", Map.of("p7", 3)));
        assertThat(r.golden().queries().get(0).judgments().keySet()).containsExactly("p2", "p3", "p4");
        assertThat(r.golden().judgmentCount()).isEqualTo(4);
    }

    @Test
    void badRowsNameFileLineAndFieldAndSkipKeepsEveryValidRow() throws IOException {
        Path file = write("""
                kind,anchor,candidate,grade
                product,p1,p2,2
                image,p1,p3,1
                product,,p3,1
                product,p1,p1,1
                # a comment between
                product,p1,p5,-1
                product,p1,p6,high
                product,p1,p2,1
                text,"unclosed quote,p9,1
                product,p1,p7,1
                product,p1,p8
                text,shoes,p9,0
                """);
        GoldenSetReader.Result r = GoldenSetReader.read(file, OnError.SKIP);
        assertThat(r.rejected()).extracting(RowError::describe).containsExactly(
                file + ":3: field 'kind': must be product or text, got 'image'",
                file + ":4: field 'anchor': must not be empty",
                file + ":5: field 'candidate': is the anchor product itself ('p1'), which a search never returns",
                file + ":7: field 'grade': must be an integer >= 0, got -1",
                file + ":8: field 'grade': must be an integer >= 0, got 'high'",
                file + ":9: field 'grade': candidate 'p2' of product query 'p1' was judged 2 at line 2, here 1",
                r.rejected().get(6).describe(),
                file + ":12: expected 4 columns as in the header, got 3 (quote values that contain ',')");
        assertThat(r.rejected().get(6).describe()).startsWith(file + ":10: malformed CSV record");
        assertThat(r.golden().queries()).containsExactly(
                new GoldenQuery(QueryKind.PRODUCT, "p1", Map.of("p2", 2, "p7", 1)),
                new GoldenQuery(QueryKind.TEXT, "shoes", Map.of("p9", 0)));
    }

    @Test
    void failStopsAtTheFirstBadRow() throws IOException {
        Path file = write("kind,anchor,candidate,grade\nproduct,p1,p2,1\nproduct,p1,p3,2.5\nproduct,p1,p4,x\n");
        assertThatThrownBy(() -> GoldenSetReader.read(file, OnError.FAIL)).isInstanceOf(CatalogFailedException.class)
                .hasMessage(file + ":3: field 'grade': must be an integer >= 0, got '2.5'");
    }

    @Test
    void aHeaderWithoutTheColumnsIsRefusedAsAWhole() throws IOException {
        Path file = write("kind,anchor,product,grade\nproduct,p1,p2,1\n");
        assertThatThrownBy(() -> GoldenSetReader.read(file, OnError.SKIP)).isInstanceOf(IOException.class)
                .hasMessageContaining("missing [candidate]");
    }

    @Test
    void writesWhatItReads() throws IOException {
        GoldenSet golden = GoldenSet.of(java.util.List.of(new Judgment(QueryKind.PRODUCT, "p1", "p2", 2),
                new Judgment(QueryKind.TEXT, "red \"dress\", long", "p3", 1), new Judgment(QueryKind.PRODUCT, "p1", "p4", 0)));
        Path file = dir.resolve("out.csv");
        GoldenSetReader.write(file, golden, "generated");
        assertThat(Files.readString(file)).startsWith("# generated\nkind,anchor,candidate,grade\n");
        assertThat(GoldenSetReader.read(file, OnError.FAIL).golden().queries()).isEqualTo(golden.queries());
    }

    @Test
    void conflictingGradesAreRefusedWhenGrouping() {
        assertThatThrownBy(() -> GoldenSet.of(java.util.List.of(new Judgment(QueryKind.PRODUCT, "p1", "p2", 2),
                new Judgment(QueryKind.PRODUCT, "p1", "p2", 1))))
                .hasMessage("product query 'p1': candidate 'p2' is judged twice, with grades 2 and 1");
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("golden.csv");
        Files.writeString(file, text);
        return file;
    }
}
