package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing the JSON Lines and CSV readers with valid product rows mixed with garbage: reading never throws, every line is
 * accepted or rejected (never silently dropped), and every valid row survives the garbage around it.
 */
class CatalogReaderProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One catalog line: valid (with its id) or garbage. */
    record Line(String text, String validId) {
    }

    @Property(tries = 300)
    void jsonLinesKeepsEveryValidRow(@ForAll @Size(max = 30) List<@From("jsonLines") Line> lines) throws IOException {
        List<Line> numbered = number(lines);
        StringBuilder text = new StringBuilder();
        numbered.forEach(l -> text.append(l.text()).append('\n'));
        Result r = read(JsonLinesCatalogReader.fromText("fuzz", text.toString(), null, CatalogOptions.defaults()));

        assertThat(r.accepted).containsAll(validIds(numbered));
        long counted = numbered.stream().filter(l -> !l.text().strip().isEmpty() && !l.text().strip().startsWith("#")).count();
        assertThat(r.acceptedCount + r.rejected).isEqualTo(counted);
    }

    @Property(tries = 150)
    void csvKeepsEveryValidRowAmongUnquotedGarbage(@ForAll @Size(max = 25) List<@From("csvLines") Line> lines)
            throws IOException {
        List<Line> numbered = number(lines);
        Path file = Files.createTempFile("fuzz", ".csv");
        try {
            StringBuilder text = new StringBuilder("id,title,price\n");
            numbered.forEach(l -> text.append(l.text()).append('\n'));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Result r = read(new CsvCatalogReader(file, CatalogOptions.defaults()));

            assertThat(r.accepted).containsAll(validIds(numbered));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 150)
    void csvNeverThrowsOnArbitraryBytes(@ForAll @Size(max = 2_000) byte[] garbage) throws IOException {
        Path file = Files.createTempFile("fuzz", ".csv");
        try {
            byte[] header = "id,title,price\n".getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[header.length + garbage.length];
            System.arraycopy(header, 0, all, 0, header.length);
            System.arraycopy(garbage, 0, all, header.length, garbage.length);
            Files.write(file, all);
            read(new CsvCatalogReader(file, CatalogOptions.defaults())); // rejections only, no exception
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Makes valid ids unique by their position. */
    private static List<Line> number(List<Line> lines) {
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            out.add(l.validId() == null ? l : new Line(l.text().replace("@ID@", "v" + i), l.validId().replace("@ID@", "v" + i)));
        }
        return out;
    }

    private static Set<String> validIds(List<Line> lines) {
        Set<String> ids = new LinkedHashSet<>();
        lines.stream().filter(l -> l.validId() != null).forEach(l -> ids.add(l.validId()));
        return ids;
    }

    @Provide
    Arbitrary<Line> jsonLines() {
        Arbitrary<Line> valid = Arbitraries.strings().ofMaxLength(40).map(title -> {
            ObjectNode o = JSON.createObjectNode().put("id", "@ID@-é产").put("title", title).put("price", 3.5);
            o.putObject("attributes").put("colour", title);
            return new Line(o.toString(), "@ID@-é产");
        });
        Arbitrary<Line> garbage = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ntrufalsNI\\").ofMaxLength(40),
                Arbitraries.of("{\"id\":\"\"}", "{\"id\":null}", "{\"id\":{}}", "[1,2]", "{\"id\":\"a\",\"price\":-1}",
                        "{\"id\":\"b\",\"price\":NaN}", "{\"id\":\"c\",\"images\":[\"/etc/passwd\"]}", "{\"id\":1e999}",
                        "{\"id\":\"d\",\"id\":\"e\"}", "\uFEFF{\"id\":\"f\"", "#{\"id\":\"comment\"}", "   ", "null"))
                .map(s -> new Line(s.replace('\n', ' ').replace('\r', ' '), null));
        return Arbitraries.oneOf(valid, garbage);
    }

    @Provide
    Arbitrary<Line> csvLines() {
        Arbitrary<Line> valid = Arbitraries.strings().alpha().numeric().withChars(" -é产").ofMaxLength(20)
                .map(title -> new Line("@ID@," + title + ",4.25", "@ID@"));
        Arbitrary<Line> garbage = Arbitraries.oneOf(
                        Arbitraries.strings().ofMaxLength(60),
                        Arbitraries.strings().withChars(",;\t 0123456789abc.-").ofMaxLength(40),
                        Arbitraries.of(",,,,,,", "x,y,-3", "x,y,NaN", ",title only,1", "a,b,1e99999"))
                .map(s -> new Line(s.replace('"', '\'').replace('\n', ' ').replace('\r', ' ').replace('\u0085', ' ')
                        .replace('\u2028', ' ').replace('\u2029', ' '), null));
        return Arbitraries.oneOf(valid, garbage);
    }

    private static final class Result {
        final Set<String> accepted = new LinkedHashSet<>();
        long acceptedCount;
        long rejected;
    }

    private static Result read(CatalogReader reader) throws IOException {
        Result r = new Result();
        reader.read(new CatalogSink() {
            @Override
            public void accept(Product product) {
                r.accepted.add(product.id());
                r.acceptedCount++;
            }

            @Override
            public void reject(RowError error) {
                assertThat(error.message()).isNotBlank();
                r.rejected++;
            }
        });
        return r;
    }
}
