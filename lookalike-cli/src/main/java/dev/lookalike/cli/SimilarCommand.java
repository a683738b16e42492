package dev.lookalike.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.search.Hit;
import dev.lookalike.search.SearchResult;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "similar", mixinStandardHelpOptions = true, description = "More like this: products similar to an anchor product.")
final class SimilarCommand implements Callable<Integer> {

    @Mixin
    IndexOptions indexOptions;

    @Option(names = "--id", required = true, description = "Anchor product id.")
    String id;

    @Option(names = "--k", defaultValue = "10", description = "Number of hits (1-1000).")
    int k;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @ArgGroup(exclusive = false, heading = "Filters:%n")
    FilterOptions filters = new FilterOptions();

    @Override
    public Integer call() throws Exception {
        try (IndexOptions.OpenEngine open = indexOptions.openReadOnly()) {
            SearchResult result = open.engine().similar(new SimilarRequest(id, k, filters.toFilter()));
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode o = mapper.createObjectNode();
                o.put("anchor", id);
                o.put("mode", result.mode().name().toLowerCase(Locale.ROOT));
                ArrayNode hits = o.putArray("hits");
                for (Hit h : result.hits()) {
                    hits.addObject().put("id", h.id()).put("score", h.score()).set("product", ProductJson.toJson(h.product()));
                }
                System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                for (Hit h : result.hits()) {
                    System.out.printf(Locale.ROOT, "%.4f  %-20s  %s%n", h.score(), h.id(), h.product().title());
                }
                System.err.printf(Locale.ROOT, "%d hits (%s, %.2f ms)%n", result.hits().size(),
                        result.mode().name().toLowerCase(Locale.ROOT), result.tookMicros() / 1000.0);
            }
            return 0;
        }
    }
}
