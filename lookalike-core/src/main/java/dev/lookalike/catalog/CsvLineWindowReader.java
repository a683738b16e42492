package dev.lookalike.catalog;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import org.apache.commons.csv.CSVException;

/**
 * A reader that remembers the physical lines from a given line on, so that the CSV reader can report a
 * record's original text and, after a malformed record, restart parsing at the next physical line without
 * reading the file again.
 *
 * <p>Lines end with {@code \n}, {@code \r\n} or a lone {@code \r}, counted the way commons-csv counts them.
 * The caller calls {@link #discardBefore(long)} after each record so that memory stays bounded by one record
 * plus the parser's read-ahead. Not thread-safe.
 */
final class CsvLineWindowReader extends Reader {

    private static final int CHUNK = 8_192;
    private static final int COMPACT_AT = 64 * 1024;

    /** The longest record kept by default, in characters: past it a quote was surely never closed. */
    static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;

    private final Reader in;
    private final int maxRecordChars;
    private final char[] chunk = new char[CHUNK];
    /** Text read from {@code in}; {@code window.charAt(0)} is at absolute position {@link #windowAbs}. */
    private final StringBuilder window = new StringBuilder();
    private long windowAbs;
    /** Absolute position of the next char handed to the consumer; may lag behind the window's end after a rewind. */
    private long readAbs;
    /** Line number of the first retained line, which starts at {@link #firstLineAbs}. */
    private long firstLine = 1;
    private long firstLineAbs;
    /** Absolute start positions of lines {@code firstLine + 1, firstLine + 2, …}: {@code starts[head..tail)}. */
    private long[] starts = new long[64];
    private int head;
    private int tail;
    /** The last char taken from {@code in} was a CR, so the latest line start may still move past an LF. */
    private boolean pendingCr;
    private boolean eof;

    CsvLineWindowReader(Reader in) {
        this(in, MAX_RECORD_CHARS);
    }

    /** A reader that fails the record in progress once it holds more than {@code maxRecordChars} characters. */
    CsvLineWindowReader(Reader in, int maxRecordChars) {
        this.in = in;
        this.maxRecordChars = maxRecordChars;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (readAbs == windowEnd()) {
            // a quote never closed makes the parser read on to the end of the file as one cell: memory would grow
            // with the file, so the record fails here and the caller resumes at its next line
            if (windowEnd() - firstLineAbs > maxRecordChars) {
                throw new CSVException("record longer than %d characters (a quote never closed?)", maxRecordChars);
            }
            if (!fill()) {
                return -1;
            }
        }
        int from = (int) (readAbs - windowAbs);
        int n = (int) Math.min(len, windowEnd() - readAbs);
        window.getChars(from, from + n, cbuf, off);
        readAbs += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * The text of lines {@code fromLine..toLine} without the final line break, truncated to
     * {@link FieldValues#MAX_RAW_CHARS}; lines past the end of input are simply absent.
     */
    String text(long fromLine, long toLine) throws IOException {
        long begin = lineStart(fromLine);
        if (begin < 0) {
            return "";
        }
        long next = ensureLineStart(toLine + 1);
        long end = next < 0 ? windowEnd() : next;
        if (next >= 0 && end > begin && charAt(end - 1) == '\n') {
            end--;
            if (end > begin && charAt(end - 1) == '\r') {
                end--;
            }
        } else if (next >= 0 && end > begin && charAt(end - 1) == '\r') {
            end--;
        }
        end = Math.min(end, begin + FieldValues.MAX_RAW_CHARS + 1);
        return FieldValues.truncateRaw(window.subSequence((int) (begin - windowAbs), (int) (end - windowAbs)));
    }

    /** Forgets the lines before {@code line} (those already handed to the consumer). */
    void discardBefore(long line) {
        while (firstLine < line && head < tail) {
            long start = starts[head];
            if (start > readAbs || (pendingCr && start == windowEnd())) {
                break; // not consumed yet, or a CR whose LF may still follow
            }
            head++;
            firstLine++;
            firstLineAbs = start;
        }
        compact();
    }

    /**
     * Makes the next read return the text from the start of {@code line} on, and forgets everything before it.
     *
     * @return false when the input ends before {@code line} starts
     */
    boolean rewindTo(long line) throws IOException {
        long start = ensureLineStart(line);
        if (start < 0) {
            readAbs = windowEnd();
            return false;
        }
        readAbs = start;
        discardBefore(line);
        return true;
    }

    private long lineStart(long line) {
        if (line == firstLine) {
            return firstLineAbs;
        }
        long index = line - firstLine - 1;
        if (index < 0 || index >= tail - head) {
            return -1;
        }
        return starts[head + (int) index];
    }

    /** The line's start position, reading ahead as needed; -1 when the input ends first. */
    private long ensureLineStart(long line) throws IOException {
        long start = lineStart(line);
        while ((start < 0 || (pendingCr && start == windowEnd())) && fill()) {
            start = lineStart(line);
        }
        return start;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(chunk, 0, chunk.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            pendingCr = false;
            return false;
        }
        long pos = windowEnd();
        for (int i = 0; i < n; i++, pos++) {
            char c = chunk[i];
            if (c == '\n') {
                if (pendingCr && tail > head && starts[tail - 1] == pos) {
                    starts[tail - 1] = pos + 1; // CRLF is one line break
                } else {
                    push(pos + 1);
                }
                pendingCr = false;
            } else if (c == '\r') {
                push(pos + 1);
                pendingCr = true;
            } else {
                pendingCr = false;
            }
        }
        window.append(chunk, 0, n);
        return true;
    }

    private void push(long start) {
        if (tail == starts.length) {
            if (head > 0) {
                System.arraycopy(starts, head, starts, 0, tail - head);
                tail -= head;
                head = 0;
            }
            if (tail == starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
            }
        }
        starts[tail++] = start;
    }

    /** Drops discarded text once it is both large and most of the buffer, so each char moves O(1) times. */
    private void compact() {
        int dead = (int) (firstLineAbs - windowAbs);
        if (dead >= COMPACT_AT && dead >= window.length() / 2) {
            window.delete(0, dead);
            windowAbs += dead;
        }
    }

    private long windowEnd() {
        return windowAbs + window.length();
    }

    private char charAt(long abs) {
        return window.charAt((int) (abs - windowAbs));
    }
}
