package dev.lookalike.lucene;

import dev.lookalike.catalog.Product;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.projection.Projection;
import dev.lookalike.projection.ProjectionFile;
import dev.lookalike.search.Hit;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.SearchMode;
import dev.lookalike.search.SearchResult;
import dev.lookalike.search.SearchSnapshot;
import dev.lookalike.search.VectorQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.search.join.ToChildBlockJoinQuery;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one Lucene 10 index in a folder, with a versioned manifest ({@code lookalike-store.json})
 * holding the fusion settings the index was built with, and the image projection file when the settings name one.
 * See docs/index-format.md.
 *
 * <p>Thread-safe: searches run concurrently with each other and with writes (from any number of threads). Writes
 * become visible on {@link #refresh()} (near-real-time: Lucene's {@link SearcherManager} over the {@link IndexWriter}
 * opens a reader on the writer's unflushed changes, no commit needed) and durable on {@link #commit()}, which also
 * refreshes. Each product is one document replaced atomically by id, so a search sees the whole product or none of it;
 * a search holds one point-in-time reader throughout. A batch written while another thread refreshes may become
 * visible a part at a time.
 */
public final class LuceneProductStore implements ProductStore {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneProductStore.class);

    /**
     * A filtered search scores every matching product exactly, instead of walking the graph, when the filter keeps at
     * most this share of the index (or fewer than {@link #EXACT_MIN_CANDIDATES} products).
     */
    static final double EXACT_FILTER_SHARE = 0.05;
    static final int EXACT_MIN_CANDIDATES = 2_000;

    /**
     * A graph search collects at least this many candidates (Lucene's {@code k}, which is also its search beam) and
     * keeps the best k. With Lucene's default (beam = k) a filter keeping 30 % of 20,000 random 64-d vectors gave
     * recall@10 of 0.55; with 100 it is 1.0, most of those walks ending in Lucene's exact fallback (docs/benchmarks.md,
     * {@code FilteredRecallTest}).
     */
    static final int ANN_MIN_CANDIDATES = 100;

    /**
     * {@link #nearest} drops up to this many excluded ids from its results instead of filtering them in Lucene (see
     * there); more become a Lucene filter.
     */
    static final int MAX_POST_FILTERED_EXCLUSIONS = 16;

    /** Deepest page {@link #list} serves (offset + limit). */
    static final int MAX_BROWSE_WINDOW = 100_000;

    private final Path directory;
    private final FusionSettings settings;
    /** {@code null} when the settings name no image projection. */
    private final Projection imageProjection;
    private final FSDirectory luceneDirectory;
    /** {@code null} when the store was opened read-only. */
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int exactMinCandidates;
    /**
     * Whether products are written as blocks with picture documents (format 3); indexes of formats 1 and 2 keep one
     * document per product, replaced and deleted by its id, and match products by the mean of their pictures only.
     */
    private final boolean pictureBlocks;
    /** The product (parent) documents, per segment, cached with the segment: block boundaries for the picture join. */
    private final BitSetProducer parents = new QueryBitSetProducer(IndexSchema.PARENTS);
    /** Every vector search scans exactly (evaluations: the ground truth for the graph's recall). */
    private final boolean exactOnly;
    /** How the vector graphs are quantized (from the manifest); candidates are re-ranked on float32 either way. */
    private final VectorQuantization quantization;
    /** The index-time analyzer, for analysing keyword queries the same way. */
    private final Analyzer analyzer = IndexSchema.analyzer();

    /** Held (an OS file lock) while a writer reads or creates the manifest and takes Lucene's write lock. */
    static final String CREATE_LOCK_FILE = "lookalike-create.lock";
    private static final java.util.Map<Path, Object> CREATE_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private LuceneProductStore(Path directory, FusionSettings settings, Projection imageProjection, int exactMinCandidates,
                               boolean pictureBlocks, VectorQuantization quantization, boolean readOnly, boolean exactOnly)
            throws IOException {
        this.directory = directory;
        this.pictureBlocks = pictureBlocks;
        this.quantization = quantization;
        this.exactOnly = exactOnly;
        this.exactMinCandidates = exactMinCandidates;
        this.settings = settings;
        this.imageProjection = imageProjection;
        this.luceneDirectory = FSDirectory.open(directory);
        if (readOnly) {
            this.writer = null;
            try {
                this.searchers = new SearcherManager(luceneDirectory, null);
            } catch (IOException | RuntimeException e) {
                luceneDirectory.close();
                throw e;
            }
            return;
        }
        IndexWriterConfig config = new IndexWriterConfig(IndexSchema.analyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCodec(IndexSchema.codec(quantization))
                .setRAMBufferSizeMB(128);
        IndexWriter w;
        try {
            w = new IndexWriter(luceneDirectory, config);
            if (!DirectoryReader.indexExists(luceneDirectory)) {
                w.commit(); // an empty first commit, so that read-only openers always find one
            }
        } catch (LockObtainFailedException e) {
            luceneDirectory.close();
            throw new IllegalStateException("index " + directory + " is open for writing in another process (a running"
                    + " `lookalike serve` or `ingest`?); read-only commands can still use it", e);
        } catch (IOException | RuntimeException e) {
            luceneDirectory.close();
            throw e;
        }
        this.writer = w;
        try {
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException | RuntimeException e) { // a damaged segment: give back the write lock, or every later
            try {                                    // open in this JVM reads "open in another process"
                w.rollback();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            luceneDirectory.close();
            throw e;
        }
    }

    /**
     * Opens the store in {@code directory}, creating it with {@code settingsIfNew} when the folder holds no store.
     * An existing store keeps the settings it was built with; they are returned by {@link #settings()}.
     *
     * @throws IllegalArgumentException when the folder holds a store of an unsupported format version, or when the new
     *                                  settings name an image projection (use {@link #open(Path, FusionSettings, Projection)})
     */
    public static LuceneProductStore open(Path directory, FusionSettings settingsIfNew) throws IOException {
        return open(directory, settingsIfNew, null, EXACT_MIN_CANDIDATES);
    }

    /**
     * Opens the store in {@code directory}, creating it when the folder holds none with {@code settingsIfNew} and, when
     * those name an image projection, {@code imageProjectionIfNew} (written to the folder as {@value
     * StoreManifest#IMAGE_PROJECTION_FILE}). An existing store keeps its own settings and projection; the arguments
     * are then ignored.
     *
     * @throws IllegalArgumentException when the projection is not the one the new settings name, the folder holds a
     *                                  store of an unsupported format version, or its projection file is missing or
     *                                  does not match its manifest
     */
    public static LuceneProductStore open(Path directory, FusionSettings settingsIfNew, Projection imageProjectionIfNew)
            throws IOException {
        return open(directory, settingsIfNew, imageProjectionIfNew, EXACT_MIN_CANDIDATES);
    }

    /**
     * As {@link #open(Path, FusionSettings, Projection)}; a new index quantizes its fused vectors' graph as
     * {@code quantizationIfNew} says (recorded in the manifest; an existing index keeps its own).
     */
    public static LuceneProductStore open(Path directory, FusionSettings settingsIfNew, Projection imageProjectionIfNew,
                                          VectorQuantization quantizationIfNew) throws IOException {
        return open(directory, settingsIfNew, imageProjectionIfNew, EXACT_MIN_CANDIDATES, quantizationIfNew);
    }

    /** As {@link #open(Path, FusionSettings)}, with the candidate count under which filtered searches run exactly. */
    static LuceneProductStore open(Path directory, FusionSettings settingsIfNew, int exactMinCandidates) throws IOException {
        return open(directory, settingsIfNew, null, exactMinCandidates);
    }

    static LuceneProductStore open(Path directory, FusionSettings settingsIfNew, Projection imageProjectionIfNew,
                                   int exactMinCandidates) throws IOException {
        return open(directory, settingsIfNew, imageProjectionIfNew, exactMinCandidates, VectorQuantization.NONE);
    }

    static LuceneProductStore open(Path directory, FusionSettings settingsIfNew, Projection imageProjectionIfNew,
                                   int exactMinCandidates, VectorQuantization quantizationIfNew) throws IOException {
        Files.createDirectories(directory);
        // Reading the manifest, writing a new one and taking Lucene's write lock are one step: two processes creating
        // the same folder at once must not leave one's manifest over the other's vectors. The loser then finds the
        // winner's manifest, and the index open for writing.
        Path lockFile = directory.resolve(CREATE_LOCK_FILE);
        synchronized (CREATE_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new Object())) {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                 java.nio.channels.FileLock ignored = channel.lock()) {
                return openLocked(directory, settingsIfNew, imageProjectionIfNew, exactMinCandidates, quantizationIfNew);
            }
        }
    }

    private static LuceneProductStore openLocked(Path directory, FusionSettings settingsIfNew, Projection imageProjectionIfNew,
                                                 int exactMinCandidates, VectorQuantization quantizationIfNew) throws IOException {
        Optional<StoreManifest.Contents> existing = StoreManifest.read(directory);
        FusionSettings settings;
        Projection projection;
        boolean pictureBlocks = true;
        VectorQuantization quantization;
        if (existing.isPresent()) {
            settings = existing.get().settings();
            pictureBlocks = existing.get().pictureBlocks();
            projection = loadProjection(directory, existing.get());
            quantization = existing.get().quantization();
        } else {
            if (settingsIfNew == null) {
                throw new IllegalArgumentException("no Lookalike index in " + directory + " (missing " + StoreManifest.FILE_NAME + ")");
            }
            requireProjectionMatches(settingsIfNew, imageProjectionIfNew);
            requireFusedDimension(settingsIfNew);
            settings = settingsIfNew;
            projection = imageProjectionIfNew;
            quantization = quantizationIfNew == null ? VectorQuantization.NONE : quantizationIfNew;
            if (projection != null) {
                // the projection first: a manifest is only ever written next to the files it names
                ProjectionFile.write(projection, directory.resolve(StoreManifest.IMAGE_PROJECTION_FILE));
            }
            StoreManifest.write(directory, settingsIfNew, projection, quantization);
        }
        requireFusedDimension(settings);
        LuceneProductStore store = new LuceneProductStore(directory, settings, projection, exactMinCandidates, pictureBlocks,
                quantization, false, false);
        if (!pictureBlocks) {
            LOG.info("Index {} is of format {}: products match by the mean of their pictures only; re-ingest the catalog"
                    + " into a new index to match them by their best picture too", directory, existing.get().formatVersion());
        }
        LOG.info("Opened index {} with {} products, fused dimension {}, vector quantization {}{}", directory, store.count(),
                settings.fusedDimension(), quantization,
                projection == null ? "" : ", image projection " + projection.id() + " (" + projection.inputDimension() + " -> "
                        + projection.outputDimension() + ")");
        return store;
    }

    private static void requireFusedDimension(FusionSettings settings) {
        if (settings.fusedDimension() > IndexSchema.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("fused dimension " + settings.fusedDimension() + " (image "
                    + settings.imageDimension() + " + text " + settings.textDimension() + " + attributes "
                    + settings.attributeDimension() + ") is above the index's maximum of " + IndexSchema.MAX_DIMENSIONS
                    + "; project the image vectors to fewer dimensions (ingest --image-pca 256, or a catalog-tuned"
                    + " --image-projection)");
        }
    }

    private static void requireProjectionMatches(FusionSettings settings, Projection projection) {
        if (settings.imageProjection() == null && projection != null) {
            throw new IllegalArgumentException("the settings name no image projection, but " + projection.id() + " was given");
        }
        if (settings.imageProjection() != null && (projection == null || !settings.imageProjection().equals(projection.descriptor()))) {
            throw new IllegalArgumentException("the settings name image projection " + settings.imageProjection() + ", got "
                    + (projection == null ? "none" : projection.descriptor()));
        }
    }

    /** The projection the manifest names, read from its file and checked against the manifest; null when none. */
    private static Projection loadProjection(Path directory, StoreManifest.Contents contents) throws IOException {
        if (contents.settings().imageProjection() == null) {
            return null;
        }
        Path file = directory.resolve(contents.imageProjectionFile());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(directory.resolve(StoreManifest.FILE_NAME) + " names image projection file "
                    + contents.imageProjectionFile() + ", which is missing from " + directory);
        }
        Projection projection = ProjectionFile.read(file);
        if (!projection.descriptor().equals(contents.settings().imageProjection())) {
            throw new IllegalArgumentException(file + ": holds projection " + projection.descriptor() + ", but "
                    + StoreManifest.FILE_NAME + " names " + contents.settings().imageProjection());
        }
        return projection;
    }

    /** Whether {@code directory} holds a Lookalike index (its manifest). */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(StoreManifest.FILE_NAME));
    }

    /** Opens an existing store; fails when the folder holds none. */
    public static LuceneProductStore openExisting(Path directory) throws IOException {
        if (StoreManifest.read(directory).isEmpty()) {
            throw new IllegalArgumentException("no Lookalike index in " + directory + " (missing " + StoreManifest.FILE_NAME + ")");
        }
        return open(directory, null);
    }

    /**
     * Opens an existing store for searching only: it takes no write lock, so it works beside a process that writes
     * (it sees that process's commits on {@link #refresh()}). Writes throw {@link IllegalStateException}.
     */
    public static LuceneProductStore openReadOnly(Path directory) throws IOException {
        StoreManifest.Contents contents = StoreManifest.read(directory).orElseThrow(() -> new IllegalArgumentException(
                "no Lookalike index in " + directory + " (missing " + StoreManifest.FILE_NAME + ")"));
        return new LuceneProductStore(directory, contents.settings(), loadProjection(directory, contents), EXACT_MIN_CANDIDATES,
                contents.pictureBlocks(), contents.quantization(), true, false);
    }

    /**
     * As {@link #openReadOnly}, but every vector search (more like this, and the nearest-neighbour step of searches)
     * scores every product the filter keeps exactly, through the vector field's scorer, instead of walking the graph.
     * For evaluations: it answers the same requests as the normal store, with the exact top k as ground truth for
     * the graph's recall; far slower on large indexes.
     */
    public static LuceneProductStore openReadOnlyExact(Path directory) throws IOException {
        StoreManifest.Contents contents = StoreManifest.read(directory).orElseThrow(() -> new IllegalArgumentException(
                "no Lookalike index in " + directory + " (missing " + StoreManifest.FILE_NAME + ")"));
        return new LuceneProductStore(directory, contents.settings(), loadProjection(directory, contents), EXACT_MIN_CANDIDATES,
                contents.pictureBlocks(), contents.quantization(), true, true);
    }

    private IndexWriter writer() {
        if (writer == null) {
            throw new IllegalStateException("index " + directory + " was opened read-only");
        }
        return writer;
    }

    public Path directory() {
        return directory;
    }

    /** How the fused vectors' graph is quantized (from the manifest). */
    public VectorQuantization quantization() {
        return quantization;
    }

    @Override
    public FusionSettings settings() {
        return settings;
    }

    @Override
    public Optional<Projection> imageProjection() {
        return Optional.ofNullable(imageProjection);
    }

    @Override
    public void upsert(List<IndexedProduct> products) throws IOException {
        IndexWriter w = writer();
        for (IndexedProduct p : products) {
            List<Document> block = IndexSchema.toDocuments(p, settings, pictureBlocks);
            // one atomic replacement of the product and its picture documents
            w.updateDocuments(blockTerm(p.id()), block);
        }
    }

    @Override
    public boolean delete(String id) throws IOException {
        Term term = new Term(IndexSchema.ID, id);
        IndexWriter w = writer();
        IndexSearcher searcher = searchers.acquire();
        boolean existed;
        try {
            existed = searcher.count(new TermQuery(term)) > 0; // no need to load the stored product and vectors
        } finally {
            searchers.release(searcher);
        }
        w.deleteDocuments(blockTerm(id));
        return existed;
    }

    /** The term every document of a product's block has: {@code block} in format 3, {@code id} before (no blocks). */
    private Term blockTerm(String id) {
        return new Term(pictureBlocks ? IndexSchema.BLOCK : IndexSchema.ID, id);
    }

    @Override
    public Optional<IndexedProduct> get(String id) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(IndexSchema.ID, id)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            int doc = top.scoreDocs[0].doc;
            return Optional.of(IndexSchema.load(searcher, doc, firstChild(searcher, doc), settings));
        } finally {
            searchers.release(searcher);
        }
    }

    /** Reads only the vector field: no stored fields, no JSON. */
    @Override
    public Optional<float[]> fusedVector(String id) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(IndexSchema.ID, id)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            float[] v = IndexSchema.fusedVector(searcher, top.scoreDocs[0].doc);
            return Optional.of(v == null ? new float[0] : v);
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public List<Product> list(int offset, int limit) throws IOException {
        if (offset < 0 || limit < 0 || (long) offset + limit > MAX_BROWSE_WINDOW) {
            throw new IllegalArgumentException("offset and limit must be >= 0 with offset + limit <= " + MAX_BROWSE_WINDOW
                    + ", got offset=" + offset + ", limit=" + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(IndexSchema.PARENTS, offset + limit, new Sort(new SortField(IndexSchema.ID, SortField.Type.STRING)));
            List<Product> out = new ArrayList<>(limit);
            for (int i = offset; i < top.scoreDocs.length; i++) {
                out.add(IndexSchema.productOf(searcher, top.scoreDocs[i].doc));
            }
            return out;
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public SearchResult nearest(VectorQuery query) throws IOException {
        if (query.vector().length != settings.fusedDimension()) {
            throw new IllegalArgumentException("query vector must have " + settings.fusedDimension() + " components, got "
                    + query.vector().length);
        }
        long start = System.nanoTime();
        IndexSearcher searcher = searchers.acquire();
        try {
            VectorTopDocs found;
            Set<Integer> dropped = Set.of();
            if (query.excludeIds().size() <= MAX_POST_FILTERED_EXCLUSIONS) {
                // a few excluded ids (the anchors) are dropped from the results rather than made a Lucene filter: a
                // filtered graph search first collects the filter's matches, here all the products, on every query
                Query filter = IndexSchema.filterQuery(query.filter(), Set.of());
                dropped = docIds(searcher, query.excludeIds());
                int k = query.k() + dropped.size();
                // products only: numDocs would count picture documents too (they have no fused vector, so they are
                // never hits and cannot take the place of a dropped anchor)
                found = filter == null && IndexSchema.productCount(searcher) <= exactMinCandidates + dropped.size()
                        ? new VectorTopDocs(ExactVectorSearch.search(searcher, IndexSchema.PARENTS, IndexSchema.FUSED_VECTOR,
                                query.vector(), k), SearchMode.EXACT) // as small a set as a filter searched exactly
                        : vectorSearch(searcher, query.vector(), k, filter);
            } else {
                found = vectorSearch(searcher, query.vector(), query.k(), IndexSchema.filterQuery(query.filter(), query.excludeIds()));
            }
            List<Hit> hits = new ArrayList<>(query.k());
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : found.top().scoreDocs) {
                if (hits.size() == query.k()) {
                    break;
                }
                if (dropped.contains(sd.doc)) {
                    continue;
                }
                Product product = IndexSchema.productOf(stored, sd.doc);
                hits.add(new Hit(product.id(), IndexSchema.cosineFromScore(sd.score), product));
            }
            return new SearchResult(hits, found.mode(), (System.nanoTime() - start) / 1_000);
        } finally {
            searchers.release(searcher);
        }
    }

    /** Doc ids of the live products with these ids. */
    private static Set<Integer> docIds(IndexSearcher searcher, Set<String> ids) throws IOException {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<Integer> docs = new java.util.HashSet<>();
        for (String id : ids) {
            for (ScoreDoc sd : searcher.search(new TermQuery(new Term(IndexSchema.ID, id)), 1).scoreDocs) {
                docs.add(sd.doc);
            }
        }
        return docs;
    }

    /** Top-k by the fused vector and how it ran; scores are Lucene's {@code (1 + cos) / 2}. */
    record VectorTopDocs(TopDocs top, SearchMode mode) {
    }

    /**
     * The graph (collecting at least {@link #ANN_MIN_CANDIDATES} and keeping the best k), or an exact scan when the
     * filter keeps few products ({@link #useExact}). The mode is {@code EXACT} also when Lucene gave up the graph walk
     * for an exact scan of the filtered documents in every segment.
     */
    VectorTopDocs vectorSearch(IndexSearcher searcher, float[] vector, int k, Query filter) throws IOException {
        if (exactOnly) {
            Query all = filter == null ? IndexSchema.PARENTS : filter;
            return new VectorTopDocs(ExactVectorSearch.search(searcher, all, IndexSchema.FUSED_VECTOR, vector, k), SearchMode.EXACT);
        }
        if (filter != null && useExact(searcher, filter)) {
            return new VectorTopDocs(ExactVectorSearch.search(searcher, filter, IndexSchema.FUSED_VECTOR, vector, k), SearchMode.EXACT);
        }
        // quantized graphs collect by approximate scores; the beam's candidates are then re-scored on the float32 vectors
        GraphSearch.Result found = GraphSearch.search(searcher, IndexSchema.FUSED_VECTOR, vector, k,
                Math.max(k, ANN_MIN_CANDIDATES), filter, quantization != VectorQuantization.NONE);
        return new VectorTopDocs(found.top(), found.graphAnswered() ? SearchMode.APPROXIMATE : SearchMode.EXACT);
    }

    /**
     * As {@link #vectorSearch(IndexSearcher, float[], int, Query)}; with {@code byPicture}, products are scored by
     * picture ({@code SearchSnapshot.similarities}): candidates are the filtered products (exact mode), or the union
     * of the fused vectors' graph and the picture documents' graph (diversified by product, so each product counts
     * once, by its best picture), each collecting at least {@link #ANN_MIN_CANDIDATES}; every candidate is then scored
     * exactly, the best of its fused vector and its pictures.
     */
    VectorTopDocs vectorSearch(IndexSearcher searcher, float[] vector, int k, Query filter, boolean byPicture) throws IOException {
        if (!byPicture || !IndexSchema.hasPictures(searcher)) {
            return vectorSearch(searcher, vector, k, filter);
        }
        int[] docs;
        SearchMode mode;
        if (exactOnly || (filter != null && useExact(searcher, filter))) { // the exact store's answers are ground truth
            docs = ExactVectorSearch.matches(searcher, filter == null ? IndexSchema.PARENTS : filter);
            mode = SearchMode.EXACT;
        } else {
            int beam = Math.max(k, ANN_MIN_CANDIDATES);
            GraphQuery means = new GraphQuery(IndexSchema.FUSED_VECTOR, vector, beam, filter);
            GraphQuery.Pictures pictures = new GraphQuery.Pictures(IndexSchema.PICTURE_VECTOR, vector,
                    filter == null ? null : new ToChildBlockJoinQuery(filter, parents), beam, parents);
            java.util.LinkedHashSet<Integer> union = new java.util.LinkedHashSet<>();
            for (ScoreDoc sd : searcher.search(means, beam).scoreDocs) {
                union.add(sd.doc);
            }
            for (ScoreDoc sd : searcher.search(pictures, beam).scoreDocs) {
                union.add(parentOf(searcher, sd.doc));
            }
            docs = union.stream().mapToInt(Integer::intValue).toArray();
            mode = means.graphAnswered() || pictures.graphAnswered() ? SearchMode.APPROXIMATE : SearchMode.EXACT;
        }
        float[][] raw = ExactVectorSearch.scores(searcher, IndexSchema.FUSED_VECTOR, docs, List.of(vector));
        raiseToBestPicture(searcher, docs, List.of(vector), new boolean[] {true}, raw);
        float[] scores = raw[0];
        List<ScoreDoc> scored = new ArrayList<>(docs.length);
        for (int i = 0; i < docs.length; i++) {
            if (!Float.isNaN(scores[i])) {
                scored.add(new ScoreDoc(docs[i], scores[i]));
            }
        }
        scored.sort((a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
        ScoreDoc[] top = scored.subList(0, Math.min(k, scored.size())).toArray(ScoreDoc[]::new);
        return new VectorTopDocs(new TopDocs(new TotalHits(scored.size(), TotalHits.Relation.EQUAL_TO), top), mode);
    }

    /**
     * Turns the fused-vector scores {@code raw[q][i]} (Lucene's {@code (1 + cos) / 2}) of the queries flagged in
     * {@code byPicture} into scores by picture: the best of the fused vector's and the product's picture documents'.
     */
    void raiseToBestPicture(IndexSearcher searcher, int[] docs, List<float[]> queries, boolean[] byPicture, float[][] raw)
            throws IOException {
        List<float[]> flagged = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            if (byPicture[q]) {
                flagged.add(queries.get(q));
            }
        }
        if (flagged.isEmpty() || !IndexSchema.hasPictures(searcher)) {
            return;
        }
        float[][] children = ExactVectorSearch.bestChildScores(searcher, parents, IndexSchema.PICTURE_VECTOR, docs, flagged, null);
        for (int q = 0, f = 0; q < queries.size(); q++) {
            if (!byPicture[q]) {
                continue;
            }
            for (int i = 0; i < docs.length; i++) {
                float child = children[f][i];
                if (!Float.isNaN(child) && (Float.isNaN(raw[q][i]) || child > raw[q][i])) {
                    raw[q][i] = child;
                }
            }
            f++;
        }
    }

    /** The product document a picture document belongs to: the next parent in its segment. */
    int parentOf(IndexSearcher searcher, int child) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(child, leaves));
        return leaf.docBase + parents.getBitSet(leaf).nextSetBit(child - leaf.docBase);
    }

    /** The first document of a product's block: its first picture document, or itself when it has none. */
    int firstChild(IndexSearcher searcher, int parent) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(parent, leaves));
        int local = parent - leaf.docBase;
        BitSet bits = parents.getBitSet(leaf);
        return leaf.docBase + (local == 0 || bits == null ? local : bits.prevSetBit(local - 1) + 1);
    }

    BitSetProducer parents() {
        return parents;
    }

    private boolean useExact(IndexSearcher searcher, Query filter) throws IOException {
        int total = IndexSchema.productCount(searcher);
        int threshold = (int) Math.max(exactMinCandidates, total * EXACT_FILTER_SHARE);
        return searcher.count(filter) <= threshold;
    }

    /**
     * A point-in-time view for multi-step searches; it holds one searcher until closed. See {@link SearchSnapshot}.
     */
    @Override
    public SearchSnapshot snapshot() throws IOException {
        return new LuceneSearchSnapshot(this, searchers);
    }

    Analyzer analyzer() {
        return analyzer;
    }

    @Override
    public long count() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return IndexSchema.productCount(searcher);
        } finally {
            searchers.release(searcher);
        }
    }

    /** Merges the index down to at most {@code maxSegments} segments and commits (maintenance, benchmarks). */
    public void forceMerge(int maxSegments) throws IOException {
        writer().forceMerge(maxSegments);
        commit();
    }

    /** Segments in the current searcher's view. */
    public int segmentCount() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    @Override
    public void commit() throws IOException {
        writer().commit();
        searchers.maybeRefreshBlocking();
    }

    @Override
    public void close() throws IOException {
        try {
            try {
                searchers.close();
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
        } finally {
            analyzer.close();
            luceneDirectory.close();
        }
    }
}
