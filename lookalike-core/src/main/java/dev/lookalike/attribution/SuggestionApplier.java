package dev.lookalike.attribution;

import dev.lookalike.catalog.Product;
import dev.lookalike.engine.Lookalike;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes suggested values into the catalog: the only way attribution changes a product. For each suggestion at or
 * above the confidence threshold whose product still holds the value the suggestion was made against, the attribute
 * gets the suggested value and the replaced values are appended to {@code <attribute>.previous} (oldest first), so
 * nothing is lost; the products are re-vectorized and upserted through the engine, and the store committed. A
 * suggestion whose product has changed since (or that was applied already) is skipped as stale. Stateless.
 */
public final class SuggestionApplier {

    /** Suffix of the attribute that keeps replaced values. */
    public static final String PREVIOUS_SUFFIX = ".previous";

    /** Products written per upsert. */
    static final int BATCH = 256;

    /**
     * What an apply did.
     *
     * @param applied        suggestions written
     * @param belowThreshold skipped: confidence under the threshold
     * @param stale          skipped: the product's current value is no longer the suggestion's
     * @param missing        skipped: no product with that id
     * @param products       products rewritten
     */
    public record Report(int applied, int belowThreshold, int stale, int missing, int products) {
    }

    private SuggestionApplier() {
    }

    /** Where the changed products go, a batch at a time. */
    @FunctionalInterface
    public interface Writer {
        void write(List<Product> products) throws IOException;
    }

    /**
     * Applies the suggestions to the engine's index and commits. Products keep their stored image and text vectors
     * ({@link Lookalike#upsertAttributes}): applying never fetches a picture again.
     */
    public static Report apply(Lookalike engine, List<Suggestion> suggestions, double minConfidence) throws IOException {
        Report report = apply(engine, engine::upsertAttributes, suggestions, minConfidence);
        engine.store().commit();
        return report;
    }

    /**
     * Applies the suggestions, reading products from {@code engine} and writing the changed ones through
     * {@code writer} (a service's {@code upsertAttributes}, say, which a running reindex respects). Not atomic with
     * other writers: callers that apply concurrently must serialise their calls.
     */
    public static Report apply(Lookalike engine, Writer writer, List<Suggestion> suggestions, double minConfidence)
            throws IOException {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("min confidence must be in [0, 1], got " + minConfidence);
        }
        Map<String, Product> changed = new LinkedHashMap<>();
        int applied = 0, below = 0, stale = 0, missing = 0;
        for (Suggestion s : suggestions) {
            if (s.confidence() < minConfidence) {
                below++;
                continue;
            }
            Product p = changed.get(s.productId());
            if (p == null) {
                Optional<Product> stored = engine.product(s.productId());
                if (stored.isEmpty()) {
                    missing++;
                    continue;
                }
                p = stored.get();
            }
            String current = Attributor.value(p, s.attribute());
            if (!java.util.Objects.equals(current, s.currentValue())) {
                stale++;
                continue;
            }
            changed.put(p.id(), withValue(p, s.attribute(), s.suggestedValue()));
            applied++;
        }
        List<Product> batch = new ArrayList<>();
        for (Product p : changed.values()) {
            batch.add(p);
            if (batch.size() == BATCH) {
                writer.write(List.copyOf(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            writer.write(List.copyOf(batch));
        }
        return new Report(applied, below, stale, missing, changed.size());
    }

    /** The product with the attribute set to {@code value} and its former values appended to the history attribute. */
    static Product withValue(Product p, String attribute, String value) {
        List<String> old = p.attributes().getOrDefault(attribute, List.of());
        Product.Builder b = p.toBuilder().attribute(attribute, value);
        if (!old.isEmpty()) {
            List<String> history = new ArrayList<>(p.attributes().getOrDefault(attribute + PREVIOUS_SUFFIX, List.of()));
            history.addAll(old);
            b.attribute(attribute + PREVIOUS_SUFFIX, history);
        }
        return b.build();
    }
}
