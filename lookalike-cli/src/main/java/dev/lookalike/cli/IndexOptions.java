package dev.lookalike.cli;

import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --index} option shared by commands that read an existing index. */
final class IndexOptions {

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder.")
    Path index;

    /** Opens the engine over an existing index for reading and writing; close it when done. */
    OpenEngine open() throws IOException {
        return OpenEngine.of(LuceneProductStore.openExisting(index));
    }

    /** Opens the engine over an existing index for searching only: it works beside a running server. */
    OpenEngine openReadOnly() throws IOException {
        return OpenEngine.of(LuceneProductStore.openReadOnly(index));
    }

    /** An engine and the image loader it uses, closed together. */
    record OpenEngine(Lookalike engine, ImageLoader images) implements AutoCloseable {
        static OpenEngine of(LuceneProductStore store) {
            ImageLoader images = new ImageLoader(ImageLimits.DEFAULT);
            return new OpenEngine(Lookalike.open(store, images::load), images);
        }

        @Override
        public void close() throws IOException {
            try {
                engine.close();
            } finally {
                images.close();
            }
        }
    }
}
