package dev.lookalike.catalog;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines as {@link java.io.BufferedReader#readLine()} does (ending at {@code \n}, {@code \r\n} or a lone
 * {@code \r}), but keeps at most {@code maxChars} of a line: the rest of a longer line is read past and dropped, so
 * that a file without line breaks (a JSON array saved as {@code .jsonl}) cannot fill memory. Not thread-safe.
 */
final class BoundedLineReader implements AutoCloseable {

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8_192];
    private int position;
    private int limit;
    private boolean skipLf;
    private boolean truncated;

    BoundedLineReader(Reader in, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be >= 1, got " + maxChars);
        }
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its line break, at most {@code maxChars} long; {@code null} at the end of input. */
    String readLine() throws IOException {
        StringBuilder line = null;
        truncated = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line == null ? null : line.toString();
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            int start = position;
            while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            int room = maxChars - line.length();
            int n = position - start;
            if (n > room) {
                truncated = true;
            }
            line.append(buffer, start, Math.min(n, Math.max(0, room)));
            if (position < limit) {
                skipLf = buffer[position] == '\r';
                position++;
                return line.toString();
            }
        }
    }

    /** Whether the line {@link #readLine()} returned last was cut at {@code maxChars}. */
    boolean truncated() {
        return truncated;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
