package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    private static List<String> lines(String text, int max, List<Boolean> truncated) throws IOException {
        List<String> out = new ArrayList<>();
        try (BoundedLineReader r = new BoundedLineReader(new StringReader(text), max)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line);
                truncated.add(r.truncated());
            }
        }
        return out;
    }

    @Test
    void splitsLikeBufferedReaderOnEveryKindOfLineBreak() throws IOException {
        String text = "a\r\nbb\rccc\n\nd";
        List<Boolean> cut = new ArrayList<>();
        assertThat(lines(text, 100, cut)).containsExactlyElementsOf(new java.io.BufferedReader(new StringReader(text)).lines().toList());
        assertThat(cut).containsOnly(false);
        assertThat(lines("x\n", 100, new ArrayList<>())).containsExactly("x");
        assertThat(lines("", 100, new ArrayList<>())).isEmpty();
    }

    @Test
    void keepsAtMostMaxCharsOfALineAndGoesOnAtTheNext() throws IOException {
        // longer than the 8 KB buffer, so the cut happens across refills
        String text = "short\n" + "y".repeat(20_000) + "\nafter\r\nlast";
        List<Boolean> cut = new ArrayList<>();
        List<String> read = lines(text, 10, cut);
        assertThat(read).containsExactly("short", "yyyyyyyyyy", "after", "last");
        assertThat(cut).containsExactly(false, true, false, false);
    }
}
