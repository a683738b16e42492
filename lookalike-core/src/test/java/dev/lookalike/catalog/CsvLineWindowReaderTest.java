package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvLineWindowReaderTest {

    private static String drain(Reader r, int max) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buf = new char[7];
        int n;
        while (out.length() < max && (n = r.read(buf, 0, Math.min(buf.length, max - out.length()))) > 0) {
            out.append(buf, 0, n);
        }
        return out.toString();
    }

    @Test
    void passesTextThroughUnchanged() throws IOException {
        String text = "a,b\r\nc\rd\n\ne";
        try (CsvLineWindowReader r = new CsvLineWindowReader(new StringReader(text))) {
            assertThat(drain(r, Integer.MAX_VALUE)).isEqualTo(text);
            assertThat(r.read(new char[4], 0, 4)).isEqualTo(-1);
        }
    }

    @Test
    void textOfLinesWithEveryKindOfLineBreak() throws IOException {
        try (CsvLineWindowReader r = new CsvLineWindowReader(new StringReader("one\r\ntwo\rthree\n\nfive"))) {
            drain(r, Integer.MAX_VALUE);
            assertThat(r.text(1, 1)).isEqualTo("one");
            assertThat(r.text(2, 2)).isEqualTo("two");
            assertThat(r.text(3, 3)).isEqualTo("three");
            assertThat(r.text(4, 4)).isEmpty();
            assertThat(r.text(5, 5)).isEqualTo("five");
            assertThat(r.text(1, 3)).isEqualTo("one\r\ntwo\rthree");
            assertThat(r.text(6, 6)).isEmpty();
        }
    }

    @Test
    void rewindReplaysFromTheStartOfALineAndForgetsEarlierLines() throws IOException {
        try (CsvLineWindowReader r = new CsvLineWindowReader(new StringReader("l1\r\nl2\nl3\rl4"))) {
            assertThat(drain(r, 9)).isEqualTo("l1\r\nl2\nl3");
            assertThat(r.rewindTo(2)).isTrue();
            assertThat(drain(r, Integer.MAX_VALUE)).isEqualTo("l2\nl3\rl4");
            assertThat(r.text(1, 1)).isEmpty();
            assertThat(r.text(3, 4)).isEqualTo("l3\rl4");
            assertThat(r.rewindTo(4)).isTrue();
            assertThat(drain(r, Integer.MAX_VALUE)).isEqualTo("l4");
            assertThat(r.rewindTo(5)).isFalse();
            assertThat(r.read(new char[1], 0, 1)).isEqualTo(-1);
        }
    }

    @Test
    void rewindReadsAheadToFindALineNotYetSeen() throws IOException {
        String longLine = "x".repeat(20_000);
        try (CsvLineWindowReader r = new CsvLineWindowReader(new StringReader(longLine + "\nnext\n"))) {
            assertThat(drain(r, 10)).isEqualTo("xxxxxxxxxx");
            assertThat(r.rewindTo(2)).isTrue();
            assertThat(drain(r, Integer.MAX_VALUE)).isEqualTo("next\n");
        }
    }

    @Test
    void discardingKeepsLaterLinesCorrectAcrossCompaction() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            text.append("line-").append(i).append(i % 2 == 0 ? "\r\n" : "\n");
        }
        try (CsvLineWindowReader r = new CsvLineWindowReader(new StringReader(text.toString()))) {
            StringBuilder seen = new StringBuilder();
            char[] buf = new char[4096];
            int n;
            long line = 1;
            while ((n = r.read(buf, 0, buf.length)) > 0) {
                seen.append(buf, 0, n);
                long complete = seen.chars().filter(c -> c == '\n').count();
                for (; line < complete; line++) {
                    assertThat(r.text(line, line)).isEqualTo("line-" + line);
                    r.discardBefore(line + 1);
                }
            }
            assertThat(seen.toString()).isEqualTo(text.toString());
            assertThat(r.text(20_000, 20_000)).isEqualTo("line-20000");
            assertThat(r.text(line - 1, line - 1)).isEmpty(); // discarded
        }
    }
}
