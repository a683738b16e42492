package dev.lookalike.cli;

import dev.lookalike.engine.IngestListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Ingest progress on the console: one line rewritten in place on a terminal, a line every few seconds otherwise.
 * Called from the ingesting thread only.
 */
final class ConsoleProgress implements IngestListener {

    private static final long QUIET_NANOS = 3_000_000_000L;

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long lastPrinted;
    private boolean printed;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void batchDone(long indexed, long rejected) {
        long now = System.nanoTime();
        if (!terminal && now - lastPrinted < QUIET_NANOS) {
            return;
        }
        lastPrinted = now;
        double seconds = (now - start) / 1e9;
        String line = String.format(Locale.ROOT, "ingested %,d products, rejected %,d rows, %.0f products/s",
                indexed, rejected, seconds > 0 ? indexed / seconds : 0);
        out.print(terminal ? "\r" + line : line + "\n");
        out.flush();
        printed = true;
    }

    void finish() {
        if (terminal && printed) {
            out.println();
        }
    }
}
