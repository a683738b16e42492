package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short, bounded version of {@link LoadBench}: 8 clients query while a writer upserts and deletes, on loopback. No
 * errors, no read staler than the refresh interval, heap after GC not growing by more than a bound. Correctness only:
 * the figures are taken by {@link LoadBench} (docs/benchmarks.md).
 */
class LoadTest {

    private static final Duration REFRESH = Duration.ofMillis(250);

    @TempDir
    Path dir;

    @Test
    void eightReadersAndAWriterRunWithoutErrorsOrStaleReads() throws Exception {
        try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT);
             Lookalike engine = TestCatalog.build(dir, images);
             LookalikeServer server = LookalikeServer.create(engine, ServerConfig.load(null, Map.of(
                     "LOOKALIKE_AUTH_WRITE_KEYS", HardeningTest.WRITE_KEY,
                     "LOOKALIKE_CATALOG_REFRESH_MS", Long.toString(REFRESH.toMillis()),
                     "LOOKALIKE_CATALOG_IMAGE_ROOT", dir.toString()))).start("127.0.0.1", 0)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add("p" + i);
            }
            LoadRun.Report report = new LoadRun(server.port(), ids, List.of("boot", "shirt", "red", "leather", "cotton"), REFRESH,
                    HardeningTest.WRITE_KEY).run(8, Duration.ofSeconds(3), Duration.ofSeconds(8));

            System.out.println("LoadTest: " + report.summary());
            assertThat(report.errorSamples()).isEmpty();
            assertThat(report.errors()).isZero();
            assertThat(report.staleReads()).isZero();
            assertThat(report.reads()).isGreaterThan(50);
            assertThat(report.writes()).isGreaterThan(1); // few on a loaded 2-core machine: each write waits for a commit
            assertThat(report.deletes()).isPositive();
            assertThat(report.heapAtEnd() - report.heapAfterWarmup()).as("heap growth after GC").isLessThan(64L << 20);
        }
    }
}
