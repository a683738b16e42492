package dev.lookalike.cli;

import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.FetchPolicy;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.model.ModelCache;
import dev.lookalike.search.ProductStore;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the index is, for commands that read an existing one: {@code --index DIR} (the embedded store), or
 * {@code --solr-zk HOSTS --solr-collection NAME} (SolrCloud); and where its models are.
 */
final class IndexOptions {

    @Option(names = "--index", paramLabel = "DIR", description = "Index folder (or --solr-zk and --solr-collection).")
    Path index;

    @Mixin
    SolrOptions solr = new SolrOptions();

    @Mixin
    ModelCacheOption models = new ModelCacheOption();

    /** Opens the engine over an existing index for reading and writing; close it when done. */
    OpenEngine open() throws IOException {
        return open(FetchPolicy.DEFAULT);
    }

    /** Opens the engine over an existing index, fetching remote pictures as {@code fetch} allows. */
    OpenEngine open(FetchPolicy fetch) throws IOException {
        return OpenEngine.of(solrGiven() ? solr.open(null) : LuceneProductStore.openExisting(requireOne()), models.cache(), fetch);
    }

    /** Opens the engine over an existing index for searching only: it works beside a running server. */
    OpenEngine openReadOnly() throws IOException {
        return OpenEngine.of(solrGiven() ? solr.open(null) : LuceneProductStore.openReadOnly(requireOne()), models.cache());
    }

    /** Whether the SolrCloud options name the store; refused together with --index, which one would silently drop. */
    private boolean solrGiven() {
        if (solr.given() && index != null) {
            throw new IllegalArgumentException("give either --index DIR or the SolrCloud options (--solr-zk, --solr-collection),"
                    + " not both");
        }
        return solr.given();
    }

    /** The index folder, checking that exactly one of --index and the SolrCloud options was given. */
    private Path requireOne() {
        if (index == null) {
            throw new IllegalArgumentException("give --index DIR, or --solr-zk HOSTS and --solr-collection NAME");
        }
        return index;
    }

    /** What the options name, for messages. */
    String describe() {
        return solr.given() ? solr.describe() : "index " + index;
    }

    /** An engine and the image loader it uses, closed together. */
    record OpenEngine(Lookalike engine, ImageLoader images) implements AutoCloseable {

        /** An engine over {@code store} with models from the default cache. */
        static OpenEngine of(ProductStore store) {
            return of(store, ModelCache.fromEnvironment());
        }

        static OpenEngine of(ProductStore store, ModelCache models) {
            return of(store, models, FetchPolicy.DEFAULT);
        }

        /** An engine over {@code store}; on failure (a model missing from {@code models}) the store is closed. */
        static OpenEngine of(ProductStore store, ModelCache models, FetchPolicy fetch) {
            ImageLoader images = new ImageLoader(ImageLimits.DEFAULT, fetch);
            try {
                return new OpenEngine(Lookalike.open(store, images::load, models), images);
            } catch (RuntimeException e) {
                images.close();
                try {
                    store.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
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
