package dev.lookalike.cli;

import dev.lookalike.attribution.AttributeModel;
import dev.lookalike.attribution.Attributor;
import dev.lookalike.attribution.Suggestion;
import dev.lookalike.attribution.SuggestionsFile;
import dev.lookalike.audit.CatalogVectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "attribute", mixinStandardHelpOptions = true,
        description = {"Predict an attribute from each product's nearest neighbours (its own value never votes) and write suggestions:"
                + " fills for products without a value, suspected mislabels where the value disagrees with a confident prediction.",
                "The index is not changed: review the file, then 'lookalike apply'."})
final class AttributeCommand implements Callable<Integer> {

    @Mixin
    IndexOptions indexOptions;

    @Mixin
    AuditOptions audit = new AuditOptions();

    @Option(names = "--attribute", required = true, description = "Attribute to predict, e.g. articleType.")
    String attribute;

    @Option(names = "--fill", description = "Suggest values for products without one.")
    boolean fill;

    @Option(names = "--flag", description = "Flag values that disagree with the prediction (suspected mislabels).")
    boolean flag;

    @Option(names = "--min-confidence", defaultValue = "0.5", description = "Keep suggestions at least this confident (default ${DEFAULT-VALUE}).")
    double minConfidence;

    @Option(names = "--fit-sample", defaultValue = "2000", description = "Products whose leave-one-out predictions fit k, the vote"
            + " power and the calibration (default ${DEFAULT-VALUE}).")
    int fitSample;

    @Option(names = "--near-duplicate", defaultValue = "0.99", description = "Cosine similarity at which a neighbour is named in a"
            + " suggestion's near_duplicates when it holds another value (default ${DEFAULT-VALUE}).")
    double nearDuplicate;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Suggestions file: .jsonl or .csv.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!fill && !flag) {
            throw new IllegalArgumentException("give --fill, --flag or both");
        }
        try (IndexOptions.OpenEngine open = indexOptions.openReadOnly()) {
            long start = System.nanoTime();
            CatalogVectors vectors = CatalogVectors.load(open.engine().store(), audit.modalities());
            Attributor attributor = new Attributor(vectors, vectors.indexSearch(open.engine().store()),
                    new Attributor.Options(fitSample, 42, Attributor.Options.DEFAULTS.grid(), nearDuplicate));
            AttributeModel model = attributor.model(attribute);
            System.out.println("model " + model.summary());
            List<Suggestion> suggestions = attributor.suggest(attribute, fill, flag, minConfidence);
            SuggestionsFile.write(out, suggestions);
            long fills = suggestions.stream().filter(s -> s.kind() == Suggestion.Kind.FILL).count();
            long shared = suggestions.stream().filter(s -> !s.nearDuplicates().isEmpty()).count();
            System.out.printf(Locale.ROOT, "%d products; %d fills and %d suspected mislabels at confidence >= %.2f written to %s in %.1f s%n",
                    vectors.size(), fills, suggestions.size() - fills, minConfidence, out, (System.nanoTime() - start) / 1e9);
            if (shared > 0) {
                System.out.printf(Locale.ROOT, "%d of them have near-duplicates (cosine >= %.2f) holding another value: one picture for"
                        + " several variants, or one item listed twice; their ids are in 'near_duplicates'%n", shared, nearDuplicate);
            }
            return 0;
        }
    }
}
