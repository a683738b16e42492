package dev.lookalike.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.engine.ProductNotFoundException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Print one product as JSON.")
final class GetCommand implements Callable<Integer> {

    @Mixin
    IndexOptions indexOptions;

    @Option(names = "--id", required = true, description = "Product id.")
    String id;

    @Override
    public Integer call() throws Exception {
        try (IndexOptions.OpenEngine open = indexOptions.openReadOnly()) {
            var product = open.engine().product(id).orElseThrow(() -> new ProductNotFoundException(id));
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(ProductJson.toJson(product)));
            return 0;
        }
    }
}
