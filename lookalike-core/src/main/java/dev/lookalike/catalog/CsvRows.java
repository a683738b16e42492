package dev.lookalike.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Walks a CSV file with a header row, record by record, with physical line numbers and each record's original
 * text. Shared by {@link CsvCatalogReader} and {@link FashionProductsReader}.
 *
 * <p>Line numbers: commons-csv's record number counts records, not lines (a quoted cell may span lines), so
 * the start line of a record is taken as one past the last line of the previous record
 * ({@link CSVParser#getCurrentLineNumber()} after it). Empty lines are therefore not skipped by the parser but
 * here, so that they are counted.
 *
 * <p>Malformed input: commons-csv throws on a character after a closing quote and on a quoted cell that is
 * still open at the end of the file. The record is then reported (at its first line) and parsing restarts at
 * the physical line after that first line, with a fresh parser over the same stream (see
 * {@link CsvLineWindowReader}), so valid rows before and after a broken quote are kept. A record whose column
 * count differs from the header's is reported and skipped.
 *
 * <p>Public for the other readers of CSV files with the same error reporting (golden sets); not thread-safe per call.
 */
public final class CsvRows {

    /** Receives the file's rows. */
    public interface Handler {

        /** The header's column names (trimmed); throw to reject the file as a whole. */
        void header(List<String> columns) throws IOException;

        /** A well-formed record with as many cells as the header, starting at {@code line}. */
        void row(long line, CSVRecord record, Supplier<String> raw);

        /** A record that could not be parsed or has the wrong number of cells. */
        void malformed(long line, String message, String raw);
    }

    private static final Pattern CSV_LOCATION =
            Pattern.compile("\\s*(at line: [\\d,.]+, position: [\\d,.]+|\\((start)?line [\\d,.]+\\))\\s*");

    private CsvRows() {
    }

    static void read(Path file, char delimiter, Handler handler) throws IOException {
        read(file, delimiter, null, handler);
    }

    /**
     * Reads {@code file}, calling the handler for the header and every record.
     *
     * @param commentMarker lines starting with this character are comments (skipped, but counted), or {@code null}
     * @throws IOException for the file as a whole: missing, unreadable, no header, duplicate header columns
     */
    public static void read(Path file, char delimiter, Character commentMarker, Handler handler) throws IOException {
        read(file, delimiter, commentMarker, handler, CsvLineWindowReader.MAX_RECORD_CHARS);
    }

    /** {@link #read(Path, char, Character, Handler)} with a record longer than {@code maxRecordChars} malformed. */
    static void read(Path file, char delimiter, Character commentMarker, Handler handler, int maxRecordChars)
            throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setCommentMarker(commentMarker)
                .setIgnoreEmptyLines(false)
                .setIgnoreSurroundingSpaces(true)
                .setTrim(true)
                .get();
        String source = file.toString();
        try (CsvLineWindowReader window = new CsvLineWindowReader(FieldValues.openUtf8(file), maxRecordChars)) {
            CSVParser parser = CSVParser.builder().setReader(window).setFormat(format).get();
            Iterator<CSVRecord> records = parser.iterator();
            long lineBase = 0;

            CSVRecord header = null;
            try {
                while (records.hasNext()) {
                    CSVRecord r = records.next();
                    if (!isBlank(r)) {
                        header = r;
                        break;
                    }
                }
            } catch (UncheckedIOException e) {
                throw new IOException(source + ": cannot parse the header row: " + e.getCause().getMessage(), e.getCause());
            }
            if (header == null) {
                throw new IOException(source + ": no header row (the file is empty)");
            }
            List<String> columns = header.toList();
            Set<String> seen = new HashSet<>();
            for (String c : columns) {
                if (!c.isEmpty() && !seen.add(c)) {
                    throw new IOException(source + ": duplicate column '" + c + "' in the header " + columns);
                }
            }
            handler.header(columns);

            long previousEnd = parser.getCurrentLineNumber();
            window.discardBefore(previousEnd + 1);
            while (true) {
                long start = previousEnd + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof CSVException)) {
                        throw e.getCause();
                    }
                    long failedAt = lineBase + parser.getCurrentLineNumber();
                    handler.malformed(start, "malformed CSV record: " + CSV_LOCATION.matcher(e.getCause().getMessage()).replaceAll(" ").strip()
                            + " (parser stopped at line " + failedAt + "); reading resumes at line " + (start + 1),
                            window.text(start, start));
                    if (!window.rewindTo(start + 1)) {
                        break;
                    }
                    parser = CSVParser.builder().setReader(window).setFormat(format).get();
                    records = parser.iterator();
                    lineBase = start;
                    previousEnd = start;
                    continue;
                }
                long end = lineBase + parser.getCurrentLineNumber();
                if (record.hasComment()) {
                    // the comment lines just before a record are read with it
                    start += record.getComment().split("\n", -1).length;
                }
                if (!isBlank(record)) {
                    if (record.size() != columns.size()) {
                        handler.malformed(start, String.format(Locale.ROOT,
                                "expected %d columns as in the header, got %d (quote values that contain '%s')",
                                columns.size(), record.size(), delimiter == '\t' ? "\\t" : String.valueOf(delimiter)),
                                window.text(start, end));
                    } else {
                        long from = start;
                        long to = end;
                        handler.row(start, record, () -> text(window, from, to));
                    }
                }
                previousEnd = end;
                window.discardBefore(end + 1);
            }
        }
    }

    private static String text(CsvLineWindowReader window, long from, long to) {
        try {
            return window.text(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty line parses as one empty cell. */
    private static boolean isBlank(CSVRecord record) {
        return record.size() == 1 && record.get(0).isEmpty();
    }
}
