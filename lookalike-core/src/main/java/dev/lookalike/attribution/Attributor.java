package dev.lookalike.attribution;

import dev.lookalike.audit.CatalogVectors;
import dev.lookalike.audit.NeighbourSearch;
import dev.lookalike.audit.Neighbours;
import dev.lookalike.catalog.Product;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Attribution over one catalog: predicts each product's value of an attribute from its nearest neighbours' values
 * (never its own: the search leaves the product out), fills missing values and flags values that disagree with a
 * confident prediction.
 *
 * <p>Each attribute's model ({@link AttributeModel}: k, vote power, calibration) is fitted on first use by
 * leave-one-out over a seeded sample of the products that have the attribute ({@link Options#fitSample()}), and kept.
 * A product's own value is absent from its neighbour list, but when the vectors come from an index whose image
 * projection was fitted on this attribute, that fit saw the value: the calibration is then optimistic.
 *
 * <p>Thread-safe: models are fitted once per attribute, predictions run concurrently.
 */
public final class Attributor {

    /**
     * @param fitSample     products (with the attribute) whose leave-one-out predictions fit a model, {@code >= 10}
     * @param seed          of the sample
     * @param grid          vote options tried
     * @param nearDuplicate cosine similarity at which a neighbour counts as a near-duplicate of the product
     *                      ({@link Suggestion#nearDuplicates()}), in (0, 1]
     */
    public record Options(int fitSample, long seed, AttributeModelFitter.Grid grid, double nearDuplicate) {

        /** Near-duplicates at 0.99 by default: where fashion-products' shared packshots sit. */
        public static final Options DEFAULTS = new Options(2_000, 42, AttributeModelFitter.Grid.DEFAULT, 0.99);

        public Options {
            if (fitSample < 10) {
                throw new IllegalArgumentException("fitSample must be >= 10, got " + fitSample);
            }
            Objects.requireNonNull(grid, "grid");
            if (!(nearDuplicate > 0 && nearDuplicate <= 1)) {
                throw new IllegalArgumentException("nearDuplicate must be in (0, 1], got " + nearDuplicate);
            }
        }
    }

    private final CatalogVectors catalog;
    private final NeighbourSearch search;
    private final Options options;
    private final int fetch;
    /** The most neighbours one prediction searches for, however sparse the attribute. */
    static final int MAX_FETCH = 4_096;

    private final Map<String, AttributeModel> models = new ConcurrentHashMap<>();
    private final Map<String, String[]> labels = new ConcurrentHashMap<>();

    public Attributor(CatalogVectors catalog, NeighbourSearch search, Options options) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.search = Objects.requireNonNull(search, "search");
        this.options = Objects.requireNonNull(options, "options");
        this.fetch = options.grid().maxK() + 20; // room for a few neighbours without the attribute; nearest() widens
    }

    public CatalogVectors catalog() {
        return catalog;
    }

    /** Each product's value of the attribute (the first one, stripped), {@code null} where it has none. */
    public String[] labels(String attribute) {
        String[] fitted = labels.get(attribute);
        return fitted != null ? fitted.clone() : labelsOf(attribute);
    }

    private String[] labelsOf(String attribute) {
        return catalog.products().stream().map(p -> value(p, attribute)).toArray(String[]::new);
    }

    static String value(Product p, String attribute) {
        String v = p.attribute(attribute);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /**
     * The attribute's model, fitted on first use.
     *
     * @throws IllegalArgumentException when fewer than 2 products with a vector have the attribute
     */
    public AttributeModel model(String attribute) {
        return models.computeIfAbsent(attribute, this::fit);
    }

    private AttributeModel fit(String attribute) {
        // kept only beside a fitted model: a name that no product has must not leave a catalog-sized array behind
        String[] byRow = labelsOf(attribute);
        List<Integer> labelled = new ArrayList<>();
        for (int i = 0; i < byRow.length; i++) {
            if (byRow[i] != null && catalog.vector(i) != null) {
                labelled.add(i);
            }
        }
        if (labelled.size() < 2) {
            throw new IllegalArgumentException("attribute '" + attribute + "' has a value on " + labelled.size()
                    + " products with vectors; attribution needs at least 2");
        }
        int[] rows = labelled.stream().mapToInt(Integer::intValue).toArray();
        SplittableRandom random = new SplittableRandom(options.seed());
        for (int i = rows.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        int[] sample = java.util.Arrays.copyOf(rows, Math.min(rows.length, options.fitSample()));
        List<NeighbourLabels> evidence = IntStream.of(sample).parallel()
                .mapToObj(r -> NeighbourLabels.of(nearest(r, byRow), byRow)).toList();
        List<String> truth = IntStream.of(sample).mapToObj(r -> byRow[r]).toList();
        AttributeModel model = AttributeModelFitter.fit(attribute, evidence, truth, options.grid());
        labels.put(attribute, byRow);
        return model;
    }

    /**
     * The row's neighbours, enough of them to hold the grid's largest k with a value: products without one do not
     * vote, so for a sparse attribute the search widens (fourfold each time, up to {@link #MAX_FETCH}).
     */
    private Neighbours nearest(int row, String[] byRow) {
        try {
            for (int k = fetch; ; k = Math.min(MAX_FETCH, 4 * k)) {
                Neighbours n = search.nearest(row, k);
                int labelled = 0;
                for (int i = 0; i < n.size() && labelled < options.grid().maxK(); i++) {
                    if (byRow[n.row(i)] != null) {
                        labelled++;
                    }
                }
                if (labelled >= options.grid().maxK() || n.size() < k || k >= MAX_FETCH) {
                    return n;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A product's prediction and its near-duplicates, from one neighbour search.
     *
     * @param prediction     the prediction (the product's own value never votes)
     * @param nearDuplicates ids of neighbours at {@link Options#nearDuplicate()} or more whose value of the attribute
     *                       is set and differs from the product's, best first
     */
    public record Assessment(Prediction prediction, List<String> nearDuplicates) {

        public Assessment {
            Objects.requireNonNull(prediction, "prediction");
            nearDuplicates = List.copyOf(nearDuplicates);
        }
    }

    /** The prediction for the product at {@code row}, with its near-duplicates. */
    public Assessment assess(int row, String attribute) {
        AttributeModel model = model(attribute);
        String[] byRow = labels.get(attribute);
        Neighbours neighbours = nearest(row, byRow);
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < neighbours.size() && neighbours.similarity(i) >= options.nearDuplicate(); i++) {
            String value = byRow[neighbours.row(i)];
            if (value != null && !value.equals(byRow[row])) {
                duplicates.add(catalog.product(neighbours.row(i)).id());
            }
        }
        return new Assessment(model.predict(NeighbourLabels.of(neighbours, byRow)), duplicates);
    }

    /**
     * Suggestions for every product: fills (no value, a prediction at {@code minConfidence} or more) when
     * {@code fill}, and suspected mislabels (a value that differs from a prediction at {@code minConfidence} or more)
     * when {@code flag}. Fills first, then mislabels, each by decreasing confidence, then product id. Each carries its
     * near-duplicates that hold another value ({@link Suggestion#nearDuplicates()}).
     */
    public List<Suggestion> suggest(String attribute, boolean fill, boolean flag, double minConfidence) {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minConfidence must be in [0, 1], got " + minConfidence);
        }
        model(attribute);
        String[] byRow = labels.get(attribute);
        List<Suggestion> out = IntStream.range(0, catalog.size()).parallel()
                .filter(r -> catalog.vector(r) != null && (byRow[r] == null ? fill : flag))
                .mapToObj(r -> suggestion(r, attribute, byRow[r], minConfidence))
                .filter(Objects::nonNull).toList();
        List<Suggestion> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(Suggestion::kind).thenComparing(Comparator.comparingDouble(Suggestion::confidence).reversed())
                .thenComparing(Suggestion::productId));
        return sorted;
    }

    private Suggestion suggestion(int row, String attribute, String current, double minConfidence) {
        Assessment a = assess(row, attribute);
        Prediction p = a.prediction();
        if (p.value() == null || p.confidence() < minConfidence || p.value().equals(current)) {
            return null;
        }
        return new Suggestion(catalog.product(row).id(), attribute, current, p.value(), p.confidence(),
                current == null ? Suggestion.Kind.FILL : Suggestion.Kind.MISLABEL, a.nearDuplicates());
    }
}
