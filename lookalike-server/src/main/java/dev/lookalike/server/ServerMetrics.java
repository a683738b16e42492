package dev.lookalike.server;

import dev.lookalike.engine.Lookalike;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The service's metrics (Micrometer, scraped by Prometheus at {@code /metrics}): request latency per route template,
 * errors per code, index size, and the catalog-write counters and job progress that write services report through
 * {@link #productsUpserted}, {@link #productsDeleted}, {@link #productsRejected} and {@link #startJob}. With metrics
 * off every call is a no-op. Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final JvmGcMetrics gc;
    private final Map<String, JobGauges> jobs = new ConcurrentHashMap<>();

    private ServerMetrics(boolean enabled) {
        if (enabled) {
            this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            this.registry = prometheus;
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            this.gc = new JvmGcMetrics();
            gc.bindTo(registry);
        } else {
            this.prometheus = null;
            this.registry = new CompositeMeterRegistry(); // with no registries in it, meters record nothing
            this.gc = null;
        }
    }

    static ServerMetrics create(boolean enabled) {
        return new ServerMetrics(enabled);
    }

    /** Whether metrics are collected and served. */
    public boolean enabled() {
        return prometheus != null;
    }

    /** The registry, for meters of one's own. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts products written by an upsert (any route or job). */
    public void productsUpserted(long n) {
        registry.counter("lookalike.products.upserted").increment(n);
    }

    /** Counts products deleted. */
    public void productsDeleted(long n) {
        registry.counter("lookalike.products.deleted").increment(n);
    }

    /** Counts products refused by validation or vectorizing. */
    public void productsRejected(long n) {
        registry.counter("lookalike.products.rejected").increment(n);
    }

    /**
     * Starts tracking a job of {@code kind} (a fixed word such as {@code ingest} or {@code reindex}: it is a label, so
     * never an id) expected to process {@code expectedItems} (0 when unknown). While it runs, the gauges
     * {@code lookalike_jobs_running}, {@code lookalike_jobs_items_done} and {@code lookalike_jobs_items_expected}
     * (labelled {@code kind}) include it; close it when it ends, however it ends.
     */
    public JobProgress startJob(String kind, long expectedItems) {
        if (kind == null || !kind.matches("[a-z][a-z0-9_]{0,31}")) {
            throw new IllegalArgumentException("job kind must be a short lower-case word, got '" + kind + "'");
        }
        if (expectedItems < 0) {
            throw new IllegalArgumentException("expectedItems must be >= 0, got " + expectedItems);
        }
        JobGauges g = jobs.computeIfAbsent(kind, k -> new JobGauges(registry, k));
        g.running.incrementAndGet();
        g.expected.addAndGet(expectedItems);
        return new JobProgress(g, expectedItems);
    }

    /** A running job's progress; {@link #close()} once. Thread-safe. */
    public static final class JobProgress implements AutoCloseable {
        private final JobGauges gauges;
        private final long expected;
        private final AtomicLong done = new AtomicLong();
        private final AtomicBoolean closed = new AtomicBoolean();

        private JobProgress(JobGauges gauges, long expected) {
            this.gauges = gauges;
            this.expected = expected;
        }

        /** Records {@code items} more processed. */
        public void advance(long items) {
            if (!closed.get()) {
                done.addAndGet(items);
                gauges.done.addAndGet(items);
            }
        }

        /** Items processed so far. */
        public long done() {
            return done.get();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                gauges.running.decrementAndGet();
                gauges.done.addAndGet(-done.get());
                gauges.expected.addAndGet(-expected);
            }
        }
    }

    private static final class JobGauges {
        final AtomicLong running = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        final AtomicLong expected = new AtomicLong();

        JobGauges(MeterRegistry registry, String kind) {
            gauge(registry, "lookalike.jobs.running", kind, running);
            gauge(registry, "lookalike.jobs.items.done", kind, done);
            gauge(registry, "lookalike.jobs.items.expected", kind, expected);
        }

        private static void gauge(MeterRegistry registry, String name, String kind, AtomicLong value) {
            Gauge.builder(name, value, AtomicLong::get).tag("kind", kind).strongReference(true).register(registry);
        }
    }

    /** One answered request: {@code route} is the route template ({@code /v1/products/{id}}), never the raw path. */
    void request(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests").description("HTTP requests by route template")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .publishPercentiles(PERCENTILES)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One error response, by its stable code. */
    void error(String code, int status) {
        Counter.builder("lookalike.http.errors").description("error responses by code")
                .tags("code", code, "status", Integer.toString(status)).register(registry).increment();
    }

    /** Gauges for the index: products visible to searches and, when the folder is known, bytes on disk. */
    void index(Lookalike engine, Path dir) {
        Gauge.builder("lookalike.index.products", engine, ServerMetrics::products).strongReference(true).register(registry);
        if (dir != null) {
            Gauge.builder("lookalike.index.size", dir, ServerMetrics::bytesUnder).baseUnit("bytes")
                    .strongReference(true).register(registry);
        }
    }

    private static double products(Lookalike engine) {
        try {
            return engine.store().count();
        } catch (IOException | RuntimeException e) {
            return Double.NaN; // a closed index: /ready says so
        }
    }

    private static double bytesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a segment file merged away between the listing and here
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return Double.NaN;
        }
    }

    /** The Prometheus text exposition, or null when metrics are off. */
    String scrape() {
        return prometheus == null ? null : prometheus.scrape();
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
