package dev.lookalike.engine;

import dev.lookalike.catalog.CatalogReader;
import dev.lookalike.catalog.CatalogSink;
import dev.lookalike.catalog.ErrorPolicySink;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.RejectsWriter;
import dev.lookalike.catalog.RowError;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.ImageSource;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.image.ImageDecoder;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.query.SearchResponse;
import dev.lookalike.model.ModelCache;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.SearchResult;
import dev.lookalike.search.VectorQuery;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: ingests catalogs into a {@link ProductStore} and answers similarity queries ("more like this") and
 * searches (keywords, anchors, rules, explanations). This is the Java API that the CLI and the HTTP service call.
 *
 * <p>Thread-safe: queries run concurrently with each other and with an ingest. Closing it closes the store.
 */
public final class Lookalike implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Lookalike.class);

    private final ProductStore store;
    private final ProductVectorizer vectorizer;
    private final ImageLimits uploadLimits;
    private final SearchService search;

    public Lookalike(ProductStore store, ProductVectorizer vectorizer) {
        this(store, vectorizer, ImageLimits.DEFAULT);
    }

    /**
     * An engine whose searches decode uploaded pictures (search by photo) under {@code uploadLimits}: encoded size
     * and pixel count are checked before anything is decoded.
     */
    public Lookalike(ProductStore store, ProductVectorizer vectorizer, ImageLimits uploadLimits) {
        if (!store.settings().equals(vectorizer.settings())) {
            throw new IllegalArgumentException("the vectorizer's settings differ from the store's: " + vectorizer.settings()
                    + " vs " + store.settings());
        }
        if (uploadLimits == null) {
            throw new IllegalArgumentException("uploadLimits must be non-null");
        }
        this.store = store;
        this.vectorizer = vectorizer;
        this.uploadLimits = uploadLimits;
        this.search = new SearchService(store, vectorizer, new ImageDecoder(uploadLimits));
    }

    /**
     * An engine over {@code store} with the encoders its settings name (model-backed ones from the default model
     * cache, {@code $LOOKALIKE_MODEL_CACHE} or {@code ~/.cache/lookalike/models}) and the image projection stored
     * with it.
     */
    public static Lookalike open(ProductStore store, ImageSource images) {
        return open(store, images, ModelCache.fromEnvironment());
    }

    /**
     * An engine over {@code store} with the encoders its settings name, model-backed ones from {@code models}.
     *
     * @throws dev.lookalike.model.ModelNotCachedException when a model the settings name is not in the cache
     */
    public static Lookalike open(ProductStore store, ImageSource images, ModelCache models) {
        FusionSettings s = store.settings();
        return new Lookalike(store, new ProductVectorizer(s, Encoders.image(s.imageEncoder(), models),
                Encoders.text(s.textEncoder(), models), store.imageProjection().orElse(null), images));
    }

    public ProductStore store() {
        return store;
    }

    public ProductVectorizer vectorizer() {
        return vectorizer;
    }

    /** The caps applied to uploaded pictures (search by photo). */
    public ImageLimits uploadLimits() {
        return uploadLimits;
    }

    /**
     * Reads a catalog and upserts every valid product, in batches, then commits. With {@code FAIL} the first bad row
     * stops the ingest with a {@code CatalogFailedException} naming file, line and field; the batches written before it
     * stay committed.
     */
    public IngestReport ingest(CatalogReader reader, IngestOptions options) throws IOException {
        long start = System.nanoTime();
        // a model that is missing or damaged stops the ingest here, not picture by picture
        Encoders.load(vectorizer.imageEncoder());
        Encoders.load(vectorizer.textEncoder());
        Batcher batcher = new Batcher(options);
        try (RejectsWriter rejects = options.rejectsFile() == null ? null : new RejectsWriter(options.rejectsFile())) {
            ErrorPolicySink sink = new ErrorPolicySink(batcher, options.onError(), rejects);
            batcher.policy = sink;
            try {
                reader.read(sink);
                batcher.flush();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                store.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            IngestReport report = new IngestReport(batcher.indexed, sink.rejected(),
                    batcher.imageProblems, batcher.firstProblems, seconds);
            LOG.info("Ingest done: {}", report.summary());
            return report;
        }
    }

    /** Upserts products directly (already parsed), then makes them visible. Returns the image problems met. */
    public List<ProductVectorizer.Problem> upsert(List<Product> products) throws IOException {
        List<ProductVectorizer.Problem> problems = write(products);
        store.refresh();
        return problems;
    }

    /**
     * Rewrites products whose attributes alone changed (a catalog fix, such as an applied attribute suggestion),
     * then makes them visible. Their stored image and text vectors are kept: only the attributes are encoded again,
     * so no picture is fetched ({@link ProductVectorizer#withAttributesOf}).
     *
     * @throws ProductNotFoundException when a product is not stored
     * @throws IllegalArgumentException when a product differs from the stored one in more than its attributes
     */
    public void upsertAttributes(List<Product> products) throws IOException {
        store.upsert(withNewAttributes(products));
        store.refresh();
    }

    /** The products with their stored vectors, the attribute part encoded again; see {@link #upsertAttributes}. */
    List<IndexedProduct> withNewAttributes(List<Product> products) throws IOException {
        List<ProductVectors> stored = new ArrayList<>(products.size());
        for (Product p : products) {
            IndexedProduct s = store.get(p.id()).orElseThrow(() -> new ProductNotFoundException(p.id()));
            Product before = s.product();
            Product after = new Product(p.id(), p.title(), p.description(), p.brand(), p.categoryPath(), p.price(),
                    p.currency(), p.inStock(), p.groupId(), p.images(), before.attributes());
            if (!after.equals(before)) {
                throw new IllegalArgumentException("product '" + p.id() + "' differs from the stored one in more than"
                        + " its attributes (changed since it was read?); its vectors would be stale");
            }
            stored.add(s.vectors());
        }
        List<ProductVectors> vectors = vectorizer.withAttributesOf(products, stored);
        List<IndexedProduct> out = new ArrayList<>(products.size());
        for (int i = 0; i < products.size(); i++) {
            out.add(new IndexedProduct(products.get(i), vectors.get(i)));
        }
        return out;
    }

    private List<ProductVectorizer.Problem> write(List<Product> products) throws IOException {
        ProductVectorizer.Batch batch = vectorizer.vectorizeAll(products);
        List<IndexedProduct> indexed = new ArrayList<>(products.size());
        for (int i = 0; i < products.size(); i++) {
            indexed.add(new IndexedProduct(products.get(i), batch.vectors().get(i)));
        }
        store.upsert(indexed);
        return batch.problems();
    }

    public Optional<Product> product(String id) throws IOException {
        return store.get(id).map(IndexedProduct::product);
    }

    /**
     * "More like this": the products nearest to the anchor in the fused space, the anchor excluded.
     *
     * @throws ProductNotFoundException when no product has the anchor id
     */
    public SearchResult similar(SimilarRequest request) throws IOException {
        float[] vector = store.fusedVector(request.anchorId()).orElseThrow(() -> new ProductNotFoundException(request.anchorId()));
        if (vector.length == 0) {
            throw new IllegalArgumentException("product '" + request.anchorId() + "' has no vectors: no usable image, text or attributes");
        }
        return store.nearest(new VectorQuery(vector, request.k(), request.filter(), Set.of(request.anchorId())));
    }

    /**
     * Search: keywords, filters and anchors (products, an uploaded picture with an optional refining text, texts, raw
     * vectors; positive or negative weights) combined by a strategy, with per-query modality weights, business rules,
     * diversity, paging and explanations. See {@link SearchRequest} and README "Search".
     *
     * <p>Uploaded pictures are decoded in memory and never written anywhere; messages name them "uploaded image".
     *
     * @throws ProductNotFoundException when a product anchor does not exist
     * @throws IllegalArgumentException when the request cannot run on this index (wrong vector dimension, a rule that
     *                                  needs an anchor, a weight the index cannot honour, an undecodable picture…);
     *                                  the message names the field and the value
     */
    public SearchResponse search(SearchRequest request) throws IOException {
        return search.search(request);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    /** Collects products into batches, vectorizes and writes them. Single-threaded (the reader's thread). */
    private final class Batcher implements CatalogSink {
        private final IngestOptions options;
        private final List<Product> pending = new ArrayList<>();
        private ErrorPolicySink policy;
        private long indexed;
        private long imageProblems;
        private final List<ProductVectorizer.Problem> firstProblems = new ArrayList<>();

        Batcher(IngestOptions options) {
            this.options = options;
        }

        @Override
        public void accept(Product product) {
            pending.add(product);
            if (pending.size() >= options.batchSize()) {
                flush();
            }
        }

        @Override
        public void reject(RowError error) {
            // never called: the ErrorPolicySink in front of this sink handles rejected rows
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            try {
                List<ProductVectorizer.Problem> problems = write(List.copyOf(pending));
                imageProblems += problems.size();
                for (ProductVectorizer.Problem p : problems) {
                    if (firstProblems.size() < IngestReport.MAX_LISTED_PROBLEMS) {
                        firstProblems.add(p);
                        LOG.warn("Product {}: image {} not used: {}", p.productId(), p.image(), p.message());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            indexed += pending.size();
            pending.clear();
            options.listener().batchDone(indexed, policy.rejected());
        }
    }
}
