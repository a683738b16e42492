package dev.lookalike.engine;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.CatalogReader;
import dev.lookalike.catalog.CatalogSink;
import dev.lookalike.catalog.JsonArrayCatalogReader;
import dev.lookalike.catalog.JsonLinesCatalogReader;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.RowError;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.SearchSnapshot;
import dev.lookalike.search.Selection;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalog management while the engine serves searches: upserts and deletes that are durable when they return, a
 * refresher that keeps searches near real time, and asynchronous jobs (large upserts, re-indexing) that report
 * progress. This is what the HTTP API's write routes call.
 *
 * <p><b>Durability.</b> {@link #upsert} and {@link #delete} return (and the HTTP API acknowledges) only after a commit
 * of the store that includes their writes, so an acknowledged write survives a crash or a kill of the process. Writers
 * that arrive together share one commit (group commit). A job commits after every batch of
 * {@link Options#jobBatchSize()} products, and its {@link JobStatus#processed()} counts committed products only; a job
 * stopped by a crash may have written part of its current batch, never more. Jobs are kept in memory: a restarted
 * service knows none of them.
 *
 * <p><b>Visibility.</b> A commit also refreshes the store's searchers, so an acknowledged write is seen by every
 * search that starts after the acknowledgement. Independently, a refresher thread refreshes the store every
 * {@link Options#refreshInterval()} (1 s by default), so writes made to the store by other means become visible
 * within that interval without a commit. Each product is one store document: a search sees a product entirely before
 * or entirely after a write, never half of it; a batch may become visible a part at a time.
 *
 * <p><b>Re-indexing</b> ({@link #submitReindex}) re-reads every stored product (with its picture locations),
 * fetches its pictures again and re-vectorises it with the engine's encoders. A product upserted or deleted while the
 * job runs keeps that newer write: the job skips it.
 *
 * <p>Thread-safe: any number of threads may upsert, delete, submit and read jobs concurrently with each other and
 * with searches. Jobs run one at a time, in submission order, on one background thread. {@link #close()} stops the
 * refresher, stops a running job after its current batch, fails queued ones and commits; it does not close the engine.
 */
public final class CatalogService implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

    /** Finished jobs remembered for {@link #job}; the oldest finished ones are forgotten first. */
    static final int MAX_REMEMBERED_JOBS = 100;

    /**
     * How the service behaves. Immutable.
     *
     * @param refreshInterval how often the refresher makes writes visible to searches; positive
     * @param maxBatchItems   most items in one synchronous batch ({@link #parse} refuses more)
     * @param maxJobItems     most items in one asynchronous upsert
     * @param jobBatchSize    products vectorised, written and committed together by a job
     * @param imageRoot       the folder local picture paths in request bodies must lie in (relative paths resolve
     *                        against it); {@code null}: bodies may name only {@code http(s)} pictures
     */
    public record Options(Duration refreshInterval, int maxBatchItems, int maxJobItems, int jobBatchSize, Path imageRoot) {

        public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
        public static final int DEFAULT_MAX_BATCH_ITEMS = 1_000;
        public static final int DEFAULT_MAX_JOB_ITEMS = 100_000;

        public Options {
            if (refreshInterval == null || refreshInterval.isNegative() || refreshInterval.isZero()) {
                throw new IllegalArgumentException("refreshInterval must be > 0, got " + refreshInterval);
            }
            if (maxBatchItems < 1) {
                throw new IllegalArgumentException("maxBatchItems must be >= 1, got " + maxBatchItems);
            }
            if (maxJobItems < maxBatchItems) {
                throw new IllegalArgumentException("maxJobItems must be >= maxBatchItems (" + maxBatchItems + "), got " + maxJobItems);
            }
            if (jobBatchSize < 1 || jobBatchSize > 100_000) {
                throw new IllegalArgumentException("jobBatchSize must be between 1 and 100000, got " + jobBatchSize);
            }
            imageRoot = imageRoot == null ? null : imageRoot.toAbsolutePath().normalize();
        }

        public static Options defaults() {
            return new Options(DEFAULT_REFRESH_INTERVAL, DEFAULT_MAX_BATCH_ITEMS, DEFAULT_MAX_JOB_ITEMS,
                    IngestOptions.DEFAULT_BATCH_SIZE, null);
        }

        public Options withRefreshInterval(Duration d) {
            return new Options(d, maxBatchItems, maxJobItems, jobBatchSize, imageRoot);
        }

        public Options withImageRoot(Path root) {
            return new Options(refreshInterval, maxBatchItems, maxJobItems, jobBatchSize, root);
        }

        public Options withJobBatchSize(int n) {
            return new Options(refreshInterval, maxBatchItems, maxJobItems, n, imageRoot);
        }
    }

    /** How a request body holds its products. */
    public enum BodyFormat {
        /** One JSON array of product objects. */
        JSON_ARRAY,
        /** JSON Lines: one product object per line. */
        JSON_LINES
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Lookalike engine;
    private final ProductStore store;
    private final Options options;
    private final GroupCommit commits;
    /**
     * Ordinary writers hold the read lock while writing (they run concurrently); a re-index batch holds the write lock
     * to write only products nobody wrote since its snapshot.
     */
    private final ReadWriteLock writeOrder = new ReentrantReadWriteLock();
    /** Ids written or deleted since the running re-index took its snapshot; {@code null} when none runs. */
    private volatile Set<String> touchedDuringReindex;
    private final ScheduledExecutorService refresher;
    private final ExecutorService jobRunner;
    /** Insertion-ordered; guarded by itself. */
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong upsertedCount = new AtomicLong();
    private final AtomicLong deletedCount = new AtomicLong();
    private final AtomicLong rejectedCount = new AtomicLong();
    private volatile boolean closing;

    public CatalogService(Lookalike engine, Options options) {
        if (engine == null || options == null) {
            throw new IllegalArgumentException("engine and options must be non-null, got " + engine + ", " + options);
        }
        this.engine = engine;
        this.store = engine.store();
        this.options = options;
        this.commits = new GroupCommit(store);
        this.refresher = Executors.newSingleThreadScheduledExecutor(daemon("lookalike-refresher"));
        long every = options.refreshInterval().toNanos();
        refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.NANOSECONDS);
        this.jobRunner = Executors.newSingleThreadExecutor(daemon("lookalike-catalog-jobs"));
    }

    /**
     * What the service has done since it was created, for metrics: products written (by any route, job or re-index),
     * deleted, and refused by validation; and the jobs queued or running now.
     */
    public record Activity(long upserted, long deleted, long rejected, List<JobStatus> activeJobs) {
        public Activity {
            activeJobs = List.copyOf(activeJobs);
        }
    }

    /** A consistent-enough view for metrics (each counter is read atomically, not all together). */
    public Activity activity() {
        List<JobStatus> active = new ArrayList<>();
        synchronized (jobs) {
            for (Job job : jobs.values()) {
                if (!job.state.done()) {
                    active.add(job.status());
                }
            }
        }
        return new Activity(upsertedCount.get(), deletedCount.get(), rejectedCount.get(), active);
    }

    public Options options() {
        return options;
    }

    private void refresh() {
        try {
            store.refresh();
        } catch (IOException | RuntimeException e) {
            // at most once per interval; the next run tries again
            LOG.warn("Refreshing the index failed: {}", e.toString());
        }
    }

    /**
     * Splits a request body into products and refused items (each naming its index, line and field). Local picture
     * paths must lie in {@link Options#imageRoot()} (relative ones resolve against it); an item naming another is
     * refused for its {@code images} field.
     *
     * @param maxItems most items accepted
     * @throws BatchTooLargeException   when the body holds more than {@code maxItems} items (reading stops there)
     * @throws IllegalArgumentException when the body cannot be split into items (not a JSON array, a syntax error in
     *                                  one); the message names line and column
     */
    public ParsedBatch parse(byte[] body, BodyFormat format, int maxItems) throws IOException {
        CatalogReader reader = format == BodyFormat.JSON_ARRAY
                ? new JsonArrayCatalogReader("request body", body, options.imageRoot(), CatalogOptions.defaults())
                : JsonLinesCatalogReader.fromText("request body", new String(body, StandardCharsets.UTF_8),
                        options.imageRoot(), CatalogOptions.defaults());
        Collector collector = new Collector(maxItems);
        reader.read(collector);
        rejectedCount.addAndGet(collector.rejections.size());
        return new ParsedBatch(collector.products, collector.rejections);
    }

    /** Collects a body's items and numbers them. */
    private final class Collector implements CatalogSink {
        private final int maxItems;
        private final List<Product> products = new ArrayList<>();
        private final List<ItemRejection> rejections = new ArrayList<>();
        private long index;

        Collector(int maxItems) {
            this.maxItems = maxItems;
        }

        @Override
        public void accept(Product product) {
            next();
            products.add(product);
        }

        @Override
        public void reject(RowError error) {
            rejections.add(new ItemRejection(next(), error.line(), error.field(), error.message()));
        }

        private long next() {
            if (index >= maxItems) {
                throw new BatchTooLargeException("the body holds more than " + maxItems + " products, the most one request"
                        + " may carry" + (maxItems < options.maxJobItems() ? " (send larger batches with ?async=true, up to "
                        + options.maxJobItems() + ")" : ""));
            }
            return index++;
        }
    }

    /** Parses one product object for {@code id} (a missing id is taken from it; another id is refused). */
    public Product parseOne(byte[] body, String id) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("request body is not valid JSON" + (at == null ? "" : " (line "
                    + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("request body must be one product object");
        }
        if (!object.hasNonNull("id")) {
            object.put("id", id);
        } else if (!object.get("id").asText().equals(id)) {
            throw new IllegalArgumentException("field 'id': the body's id '" + object.get("id").asText()
                    + "' differs from the path's id '" + id + "'");
        }
        ParsedBatch parsed = parse(object.toString().getBytes(StandardCharsets.UTF_8), BodyFormat.JSON_LINES, 1);
        if (!parsed.rejections().isEmpty()) {
            ItemRejection r = parsed.rejections().get(0);
            throw new IllegalArgumentException((r.field() == null ? "" : "field '" + r.field() + "': ") + r.message());
        }
        return parsed.products().get(0);
    }

    /**
     * Vectorises and upserts the products (by id: a product with an existing id replaces it), then returns once they
     * are committed: durable, and visible to searches that start afterwards.
     *
     * @throws ServiceUnavailableException when the service is closed or closing
     */
    public UpsertResult upsert(List<Product> products) throws IOException {
        requireOpen();
        if (products.isEmpty()) {
            return new UpsertResult(0, List.of());
        }
        ProductVectorizer.Batch batch = engine.vectorizer().vectorizeAll(products);
        write(indexed(products, batch));
        commits.awaitDurable(commits.written());
        return new UpsertResult(products.size(), batch.problems());
    }

    /**
     * {@link Lookalike#upsertAttributes} through this service: the products (whose attributes alone changed) keep
     * their stored image and text vectors, count as written during a running reindex (which then leaves them alone),
     * and are committed when this returns.
     *
     * @throws ProductNotFoundException     when a product is not stored
     * @throws IllegalArgumentException     when a product differs from the stored one in more than its attributes
     * @throws ServiceUnavailableException when the service is closed or closing
     */
    public UpsertResult upsertAttributes(List<Product> products) throws IOException {
        requireOpen();
        if (products.isEmpty()) {
            return new UpsertResult(0, List.of());
        }
        write(engine.withNewAttributes(products));
        commits.awaitDurable(commits.written());
        return new UpsertResult(products.size(), List.of());
    }

    /**
     * Deletes a product and returns once the delete is committed; {@code false} (and nothing to commit) when no
     * product has that id.
     */
    public boolean delete(String id) throws IOException {
        requireOpen();
        boolean existed;
        writeOrder.readLock().lock();
        try {
            Set<String> touched = touchedDuringReindex;
            if (touched != null) {
                touched.add(id);
            }
            existed = store.delete(id);
        } finally {
            writeOrder.readLock().unlock();
        }
        if (existed) {
            commits.awaitDurable(commits.written());
            deletedCount.incrementAndGet();
        }
        return existed;
    }

    private static List<IndexedProduct> indexed(List<Product> products, ProductVectorizer.Batch batch) {
        List<IndexedProduct> out = new ArrayList<>(products.size());
        for (int i = 0; i < products.size(); i++) {
            out.add(new IndexedProduct(products.get(i), batch.vectors().get(i)));
        }
        return out;
    }

    private void write(List<IndexedProduct> products) throws IOException {
        writeOrder.readLock().lock();
        try {
            Set<String> touched = touchedDuringReindex;
            if (touched != null) {
                products.forEach(p -> touched.add(p.id()));
            }
            store.upsert(products);
        } finally {
            writeOrder.readLock().unlock();
        }
        upsertedCount.addAndGet(products.size());
    }

    /** Upserts {@code products} in the background, a batch (committed) at a time; returns the queued job. */
    public JobStatus submitUpsert(List<Product> products) {
        if (products.size() > options.maxJobItems()) {
            throw new BatchTooLargeException("a job may upsert at most " + options.maxJobItems() + " products, got " + products.size());
        }
        List<Product> copy = List.copyOf(products);
        return submit("upsert", job -> runUpsert(job, copy));
    }

    /** Re-vectorises every stored product in the background (see the class comment); returns the queued job. */
    public JobStatus submitReindex() {
        return submit("reindex", this::runReindex);
    }

    /** A job's current status; empty when no job has that id (or it finished long ago and was forgotten). */
    public Optional<JobStatus> job(String id) {
        synchronized (jobs) {
            Job job = jobs.get(id);
            return job == null ? Optional.empty() : Optional.of(job.status());
        }
    }

    @FunctionalInterface
    private interface JobBody {
        void run(Job job) throws IOException;
    }

    private JobStatus submit(String type, JobBody body) {
        requireOpen();
        Job job = new Job(UUID.randomUUID().toString(), type);
        synchronized (jobs) {
            jobs.put(job.id, job);
            forgetOldJobs();
        }
        try {
            jobRunner.execute(() -> run(job, body));
        } catch (RejectedExecutionException e) {
            job.fail("not started: the service is closing");
            throw new ServiceUnavailableException("the catalog service is closing; job not started", e);
        }
        return job.status();
    }

    private void forgetOldJobs() {
        Iterator<Job> it = jobs.values().iterator();
        while (jobs.size() > MAX_REMEMBERED_JOBS && it.hasNext()) {
            if (it.next().state.done()) {
                it.remove();
            }
        }
    }

    private void run(Job job, JobBody body) {
        if (closing) {
            job.fail("not started: the service closed first");
            return;
        }
        job.start();
        try {
            body.run(job);
            job.succeed();
            LOG.info("Job {} ({}) done: {} products", job.id, job.type, job.processed.get());
        } catch (JobStopped e) {
            job.fail(e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("Job {} ({}) failed after {} products", job.id, job.type, job.processed.get(), e);
            job.fail(e.toString());
        }
    }

    private void runUpsert(Job job, List<Product> products) throws IOException {
        job.total = products.size();
        for (int from = 0; from < products.size(); from += options.jobBatchSize()) {
            stopIfClosing(job);
            List<Product> batch = products.subList(from, Math.min(products.size(), from + options.jobBatchSize()));
            ProductVectorizer.Batch vectors = engine.vectorizer().vectorizeAll(batch);
            write(indexed(batch, vectors));
            commits.awaitDurable(commits.written());
            job.progress(batch.size(), vectors.problems());
        }
    }

    private void runReindex(Job job) throws IOException {
        SearchSnapshot snapshot;
        writeOrder.writeLock().lock();
        try {
            touchedDuringReindex = ConcurrentHashMap.newKeySet();
            store.refresh(); // every write before this point is in the snapshot; every later one is in the touched set
            snapshot = store.snapshot();
        } finally {
            writeOrder.writeLock().unlock();
        }
        try (snapshot) {
            long size = snapshot.size();
            job.total = size;
            if (size == 0) {
                return;
            }
            int[] docs = snapshot.select(Selection.ALL, (int) Math.min(size, Integer.MAX_VALUE)).docs();
            for (int from = 0; from < docs.length; from += options.jobBatchSize()) {
                stopIfClosing(job);
                List<Product> batch = new ArrayList<>(options.jobBatchSize());
                for (int i = from; i < Math.min(docs.length, from + options.jobBatchSize()); i++) {
                    batch.add(snapshot.product(docs[i]));
                }
                ProductVectorizer.Batch vectors = engine.vectorizer().vectorizeAll(batch);
                List<IndexedProduct> fresh = indexed(batch, vectors);
                writeOrder.writeLock().lock();
                try {
                    Set<String> touched = touchedDuringReindex;
                    List<IndexedProduct> kept = fresh.stream().filter(p -> !touched.contains(p.id())).toList();
                    store.upsert(kept);
                    upsertedCount.addAndGet(kept.size());
                } finally {
                    writeOrder.writeLock().unlock();
                }
                commits.awaitDurable(commits.written());
                job.progress(batch.size(), vectors.problems());
            }
        } finally {
            touchedDuringReindex = null;
        }
    }

    /** Reported when the service closes under a running job. */
    private static final class JobStopped extends RuntimeException {
        JobStopped(String message) {
            super(message, null, false, false);
        }
    }

    private void stopIfClosing(Job job) {
        if (closing) {
            throw new JobStopped("stopped: the service closed after " + job.processed.get() + " of " + job.total
                    + " products (those are committed)");
        }
    }

    private void requireOpen() {
        if (closing) {
            throw new ServiceUnavailableException("the catalog service is closed");
        }
    }

    /**
     * Stops the refresher, lets a running job finish its current batch and stop, fails queued jobs and commits what
     * was written. Waits at most a minute for the running batch. Idempotent; does not close the engine.
     */
    @Override
    public void close() throws IOException {
        if (closing) {
            return;
        }
        closing = true;
        refresher.shutdownNow();
        jobRunner.shutdown();
        try {
            if (!jobRunner.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("A catalog job is still running after a minute; closing without waiting for it");
            }
            refresher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commits.flush();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A job's mutable state; written by the job thread, read by any. */
    private static final class Job {
        final String id;
        final String type;
        final Instant created = Instant.now();
        volatile JobStatus.State state = JobStatus.State.QUEUED;
        volatile long total = -1;
        final AtomicLong processed = new AtomicLong();
        final AtomicLong warningCount = new AtomicLong();
        final List<String> warnings = new ArrayList<>(); // guarded by itself
        volatile String error;
        volatile Instant started;
        volatile Instant finished;

        Job(String id, String type) {
            this.id = id;
            this.type = type;
        }

        void start() {
            started = Instant.now();
            state = JobStatus.State.RUNNING;
        }

        void progress(int products, List<ProductVectorizer.Problem> problems) {
            warningCount.addAndGet(problems.size());
            synchronized (warnings) {
                for (ProductVectorizer.Problem p : problems) {
                    if (warnings.size() < JobStatus.MAX_LISTED_WARNINGS) {
                        warnings.add("product '" + p.productId() + "': image " + p.image() + " not used: " + p.message());
                    }
                }
            }
            processed.addAndGet(products);
        }

        void succeed() {
            finished = Instant.now();
            state = JobStatus.State.SUCCEEDED;
        }

        void fail(String message) {
            error = message;
            finished = Instant.now();
            state = JobStatus.State.FAILED;
        }

        JobStatus status() {
            List<String> w;
            synchronized (warnings) {
                w = List.copyOf(warnings);
            }
            return new JobStatus(id, type, state, total, processed.get(), warningCount.get(), w, error, created, started, finished);
        }
    }
}
