package dev.lookalike.server;

import dev.lookalike.engine.CatalogService;
import dev.lookalike.engine.JobStatus;
import dev.lookalike.engine.Lookalike;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The service's metrics (Micrometer, scraped by Prometheus at {@code /metrics}): request latency per route template,
 * errors per code, index size, and the catalog's write counters and job progress ({@link #catalog}). With metrics
 * off every call is a no-op. Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final JvmGcMetrics gc;
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private static final List<String> JOB_TYPES = List.of("upsert", "reindex");

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

    /**
     * Exports what {@code catalog} has done, read when Prometheus scrapes: {@code lookalike_products_upserted_total},
     * {@code _deleted_total} and {@code _rejected_total} (every route, job and re-index), and per job type
     * ({@code upsert}, {@code reindex}) the jobs queued or running ({@code lookalike_jobs_active}), the products they
     * have committed ({@code lookalike_jobs_items_done}) and the products they will process
     * ({@code lookalike_jobs_items_expected}, 0 while a re-index has not counted them yet).
     */
    void catalog(CatalogService catalog) {
        FunctionCounter.builder("lookalike.products.upserted", catalog, c -> c.activity().upserted())
                .description("products written by an upsert, a job or a re-index").register(registry);
        FunctionCounter.builder("lookalike.products.deleted", catalog, c -> c.activity().deleted()).register(registry);
        FunctionCounter.builder("lookalike.products.rejected", catalog, c -> c.activity().rejected())
                .description("items refused by validation").register(registry);
        for (String type : JOB_TYPES) {
            Gauge.builder("lookalike.jobs.active", catalog, c -> jobs(c, type).count()).tag("type", type).register(registry);
            Gauge.builder("lookalike.jobs.items.done", catalog, c -> jobs(c, type).mapToLong(JobStatus::processed).sum())
                    .tag("type", type).register(registry);
            Gauge.builder("lookalike.jobs.items.expected", catalog,
                    c -> jobs(c, type).mapToLong(j -> Math.max(0, j.total())).sum()).tag("type", type).register(registry);
        }
    }

    private static Stream<JobStatus> jobs(CatalogService catalog, String type) {
        return catalog.activity().activeJobs().stream().filter(j -> j.type().equals(type));
    }

    /** One answered request: {@code route} is the route template ({@code /v1/products/{id}}), never the raw path. */
    void request(String method, String route, int status, long nanos) {
        // looked up in a map of our own: registering again per request built a meter id (tags sorted) each time
        requestTimers.computeIfAbsent(new RequestKey(method, route, status), key -> Timer.builder("http.server.requests")
                        .description("HTTP requests by route template")
                        .tags("method", key.method(), "route", key.route(), "status", Integer.toString(key.status()))
                        .publishPercentiles(PERCENTILES)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One series of {@code http.server.requests}. */
    private record RequestKey(String method, String route, int status) {
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
