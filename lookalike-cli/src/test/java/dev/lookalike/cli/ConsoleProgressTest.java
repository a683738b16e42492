package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void drawsABarWithShareRateAndTimeLeftWhenTheTotalIsKnown() {
        ConsoleProgress p = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), 1000);
        long start = System.nanoTime();
        String line = p.line(450, 50, start + 5_000_000_000L);
        assertThat(line).startsWith("[###############...............]  50% ")
                .contains("450 indexed, 50 rejected").contains("products/s").contains("s left");
    }

    @Test
    void omitsTheBarWhenTheTotalIsUnknown() {
        ConsoleProgress p = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), -1);
        assertThat(p.line(1234, 0, System.nanoTime() + 1_000_000_000L)).startsWith("1,234 indexed, 0 rejected").doesNotContain("[");
    }
}
