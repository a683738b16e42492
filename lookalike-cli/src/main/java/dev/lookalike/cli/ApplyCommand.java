package dev.lookalike.cli;

import dev.lookalike.attribution.Suggestion;
import dev.lookalike.attribution.SuggestionApplier;
import dev.lookalike.attribution.SuggestionsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Write suggested attribute values into the index: each replaced value is kept in '<attribute>.previous'.",
                "A suggestion whose product has changed since it was made is skipped (stale)."})
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    IndexOptions indexOptions;

    @Option(names = "--suggestions", required = true, paramLabel = "FILE", description = "Suggestions file (.jsonl or .csv) from 'lookalike attribute'.")
    Path suggestions;

    @Option(names = "--min-confidence", required = true, description = "Apply only suggestions at least this confident.")
    double minConfidence;

    @Override
    public Integer call() throws Exception {
        List<Suggestion> read = SuggestionsFile.read(suggestions);
        try (IndexOptions.OpenEngine open = indexOptions.open()) {
            SuggestionApplier.Report r = SuggestionApplier.apply(open.engine(), read, minConfidence);
            System.out.printf("%d suggestions: %d applied to %d products, %d below the confidence, %d stale, %d products missing%n",
                    read.size(), r.applied(), r.products(), r.belowThreshold(), r.stale(), r.missing());
            return 0;
        }
    }
}
