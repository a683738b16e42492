package dev.lookalike.cli;

import dev.lookalike.catalog.CatalogFailedException;
import dev.lookalike.engine.ProductNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lookalike}: the command line. Each subcommand is its own class in this package. */
@Command(name = "lookalike", mixinStandardHelpOptions = true, version = "Lookalike 0.1.0",
        description = "Multimodal product similarity engine: ingest a catalog, find similar products, serve them over HTTP.",
        subcommands = {DemoCommand.class, IngestCommand.class, SimilarCommand.class, SearchCommand.class, GetCommand.class, ServeCommand.class,
                EvalCommand.class, EvalKnnCommand.class, AttributeEvalCommand.class, AttributeCommand.class, ApplyCommand.class, DuplicatesCommand.class, AssortmentCommand.class, BenchCommand.class, ModelsCommand.class, CommandLine.HelpCommand.class})
public final class LookalikeCli {

    public static void main(String[] args) {
        // Lucene and others log through java.util.logging: send it to SLF4J so one configuration governs all
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(run(args));
    }

    /** Runs a command line; returns the exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new LookalikeCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof CatalogFailedException
                    || e instanceof ProductNotFoundException || e instanceof java.nio.file.NoSuchFileException
                    || e instanceof dev.lookalike.model.ModelDownloadException) {
                commandLine.getErr().println("lookalike: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file: " : "") + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
