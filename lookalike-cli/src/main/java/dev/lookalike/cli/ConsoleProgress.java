package dev.lookalike.cli;

import dev.lookalike.engine.IngestListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Ingest progress on the console: a bar rewritten in place on a terminal, a plain line every few seconds otherwise
 * (logs, CI). The total is an estimate (-1 when unknown). Called from the ingesting thread only.
 */
final class ConsoleProgress implements IngestListener {

    private static final long QUIET_NANOS = 3_000_000_000L;
    private static final int BAR = 30;

    private final PrintStream out;
    private final long total;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long lastPrinted;
    private boolean printed;

    ConsoleProgress(PrintStream out, long estimatedTotal) {
        this.out = out;
        this.total = estimatedTotal;
    }

    @Override
    public void batchDone(long indexed, long rejected) {
        long now = System.nanoTime();
        if (!terminal && now - lastPrinted < QUIET_NANOS) {
            return;
        }
        lastPrinted = now;
        out.print(terminal ? "\r" + line(indexed, rejected, now) : line(indexed, rejected, now) + "\n");
        out.flush();
        printed = true;
    }

    String line(long indexed, long rejected, long now) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? indexed / seconds : 0;
        StringBuilder sb = new StringBuilder();
        long done = indexed + rejected;
        if (total > 0) {
            double share = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(share * BAR);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%% ", share * 100));
        }
        sb.append(String.format(Locale.ROOT, "%,d indexed, %,d rejected, %.0f products/s", indexed, rejected, rate));
        if (total > 0 && rate > 0 && done < total) {
            sb.append(String.format(Locale.ROOT, ", about %.0f s left", (total - done) / rate));
        }
        return sb.toString();
    }

    void finish() {
        if (terminal && printed) {
            out.println();
        }
    }
}
