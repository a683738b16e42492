package dev.lookalike.eval;

import dev.lookalike.catalog.CatalogFailedException;
import dev.lookalike.catalog.CsvRows;
import dev.lookalike.catalog.OnError;
import dev.lookalike.catalog.RowError;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads and writes golden-set files (docs/golden-sets.md): CSV (RFC 4180, UTF-8) with a header naming the columns
 * {@code kind}, {@code anchor}, {@code candidate} and {@code grade} in any order (other columns are ignored, e.g.
 * notes); lines starting with {@code #} are comments; blank lines are skipped.
 *
 * <p>Bad rows are reported as {@link RowError}s with file, line and field, the way catalog rows are: under
 * {@link OnError#FAIL} the first one throws {@link CatalogFailedException}; under {@link OnError#SKIP} every one is
 * collected in the result and reading goes on, keeping every valid row. A candidate judged twice for one query with
 * different grades is an error at the second row. Stateless and thread-safe.
 */
public final class GoldenSetReader {

    static final List<String> COLUMNS = List.of("kind", "anchor", "candidate", "grade");

    /**
     * @param golden   the valid judgments
     * @param rejected the rows left out (empty under {@link OnError#FAIL})
     */
    public record Result(GoldenSet golden, List<RowError> rejected) {
        public Result {
            rejected = List.copyOf(rejected);
        }
    }

    private GoldenSetReader() {
    }

    /**
     * @throws IOException              when the file is missing or unreadable, or its header lacks a column
     * @throws CatalogFailedException   under {@link OnError#FAIL}, for the first bad row
     */
    public static Result read(Path file, OnError policy) throws IOException {
        List<Judgment> judgments = new ArrayList<>();
        List<RowError> rejected = new ArrayList<>();
        Map<String, long[]> seen = new HashMap<>(); // query + candidate -> {line, grade}
        String source = file.toString();
        CsvRows.read(file, ',', '#', new CsvRows.Handler() {
            private final Map<String, Integer> index = new HashMap<>();

            @Override
            public void header(List<String> columns) throws IOException {
                for (int i = 0; i < columns.size(); i++) {
                    index.put(columns.get(i).toLowerCase(Locale.ROOT), i);
                }
                List<String> missing = COLUMNS.stream().filter(c -> !index.containsKey(c)).toList();
                if (!missing.isEmpty()) {
                    throw new IOException(source + ":1: the header must name the columns " + COLUMNS + "; missing " + missing
                            + " in " + columns);
                }
            }

            @Override
            public void row(long line, CSVRecord record, Supplier<String> raw) {
                String field = "kind";
                try {
                    QueryKind kind = QueryKind.parse(record.get(index.get("kind")));
                    field = "anchor";
                    String anchor = required(record.get(index.get("anchor")));
                    field = "candidate";
                    String candidate = required(record.get(index.get("candidate")));
                    if (kind == QueryKind.PRODUCT && candidate.equals(anchor)) {
                        throw new IllegalArgumentException("is the anchor product itself ('" + anchor + "'), which a search never returns");
                    }
                    field = "grade";
                    int grade = grade(record.get(index.get("grade")));
                    String key = kind.label() + '\u0000' + anchor + '\u0000' + candidate;
                    long[] before = seen.putIfAbsent(key, new long[] {line, grade});
                    if (before != null) {
                        if (before[1] != grade) {
                            throw new IllegalArgumentException("candidate '" + candidate + "' of " + kind.label() + " query '" + anchor
                                    + "' was judged " + before[1] + " at line " + before[0] + ", here " + grade);
                        }
                        return;
                    }
                    judgments.add(new Judgment(kind, anchor, candidate, grade));
                } catch (IllegalArgumentException e) {
                    reject(new RowError(source, line, field, e.getMessage(), raw.get()));
                }
            }

            @Override
            public void malformed(long line, String message, String raw) {
                reject(new RowError(source, line, null, message, raw));
            }

            private void reject(RowError error) {
                if (policy == OnError.FAIL) {
                    throw new CatalogFailedException(error);
                }
                rejected.add(error);
            }
        });
        return new Result(GoldenSet.of(judgments), rejected);
    }

    /** Writes a golden set in the format {@link #read} reads, with a first comment line. */
    public static void write(Path file, GoldenSet golden, String comment) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setCommentMarker('#').setRecordSeparator('\n').get())) {
            if (comment != null && !comment.isBlank()) {
                csv.printComment(comment);
            }
            csv.printRecord(COLUMNS);
            for (Judgment j : golden.judgments()) {
                csv.printRecord(j.kind().label(), j.anchor(), j.candidate(), j.grade());
            }
        }
    }

    private static String required(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return value.strip();
    }

    private static int grade(String value) {
        try {
            int g = Integer.parseInt(value.strip());
            if (g < 0) {
                throw new IllegalArgumentException("must be an integer >= 0, got " + g);
            }
            return g;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be an integer >= 0, got '" + value + "'");
        }
    }
}
