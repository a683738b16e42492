package dev.lookalike.engine;

import dev.lookalike.fusion.ProductVectorizer;
import java.util.List;
import java.util.Locale;

/**
 * What an ingest did.
 *
 * @param indexed        products written to the index
 * @param rejected       rows rejected (in the rejects file with their reasons)
 * @param imageProblems  number of pictures that could not be used (their products were indexed without them)
 * @param firstImageProblems up to {@link #MAX_LISTED_PROBLEMS} of them
 * @param seconds        wall time
 */
public record IngestReport(long indexed, long rejected, long imageProblems,
                           List<ProductVectorizer.Problem> firstImageProblems, double seconds) {

    public static final int MAX_LISTED_PROBLEMS = 20;

    public IngestReport {
        firstImageProblems = List.copyOf(firstImageProblems);
    }

    public double productsPerSecond() {
        return seconds <= 0 ? 0 : indexed / seconds;
    }

    public String summary() {
        return String.format(Locale.ROOT, "indexed %d products in %.1f s (%.0f products/s), rejected %d rows, %d unusable images",
                indexed, seconds, productsPerSecond(), rejected, imageProblems);
    }
}
