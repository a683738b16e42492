package dev.lookalike.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.search.IndexedProduct;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CatalogService} over the Lucene store with stub encoders: durability, refresher, jobs, body parsing. */
class CatalogServiceTest {

    static final FusionSettings SETTINGS = new FusionSettings(1f, 0.6f, 0.4f, "img-test", 8, "txt-test", 8, 8, List.of());
    static final Duration REFRESH = Duration.ofMillis(200);

    @TempDir
    Path dir;
    /** Armed: loading a picture whose path contains "slow" signals {@link #entered} and waits for {@link #release}. */
    volatile boolean gateArmed;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    Lookalike engine;
    CatalogService catalog;

    @BeforeEach
    void open() throws Exception {
        ProductVectorizer vectorizer = new ProductVectorizer(SETTINGS, new StubEncoders.Image(), new StubEncoders.Text(), ref -> {
            if (gateArmed && ref.toString().contains("slow")) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return picture(ref.toString().contains("red") ? Color.RED : Color.BLUE);
        });
        engine = new Lookalike(LuceneProductStore.open(index(), SETTINGS), vectorizer);
        catalog = new CatalogService(engine, CatalogService.Options.defaults().withRefreshInterval(REFRESH)
                .withImageRoot(dir).withJobBatchSize(4));
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        catalog.close();
        engine.close();
    }

    Path index() {
        return dir.resolve("index");
    }

    static BufferedImage picture(Color c) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        return img;
    }

    Product product(String id, String title, String picture) {
        return Product.builder(id).title(title).brand("Acme")
                .images(List.of(new ImageRef(dir.resolve(picture).toUri()))).build();
    }

    List<Product> products(String prefix, int n) {
        List<Product> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(product(prefix + i, "item " + prefix + " " + i, (i % 2 == 0 ? "red" : "blue") + i + ".png"));
        }
        return out;
    }

    long committedCount() throws Exception {
        try (LuceneProductStore committed = LuceneProductStore.openReadOnly(index())) {
            return committed.count();
        }
    }

    static boolean within(Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    @Test
    void anUpsertIsCommittedWhenItReturns() throws Exception {
        UpsertResult result = catalog.upsert(products("a", 10));
        assertThat(result.upserted()).isEqualTo(10);
        assertThat(result.imageProblems()).isEmpty();
        assertThat(committedCount()).isEqualTo(10); // what a process opening the index after a kill would find
        assertThat(engine.store().count()).isEqualTo(10); // and visible at once
        assertThat(catalog.delete("a3")).isTrue();
        assertThat(committedCount()).isEqualTo(9);
        assertThat(catalog.delete("a3")).isFalse();
    }

    @Test
    void theRefresherShowsWritesWithinItsIntervalWithoutACommit() throws Exception {
        Product p = product("nrt", "near real time", "red.png");
        ProductVectorizer.Batch vectors = engine.vectorizer().vectorizeAll(List.of(p));
        engine.store().upsert(List.of(new IndexedProduct(p, vectors.vectors().get(0)))); // no refresh, no commit
        assertThat(within(REFRESH.multipliedBy(5), () -> engine.product("nrt").isPresent())).isTrue();
        assertThat(committedCount()).isZero();
    }

    @Test
    void concurrentWritersAreAllDurable() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<UpsertResult>> writes = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String prefix = "w" + t + "-";
                writes.add(pool.submit(() -> {
                    UpsertResult last = null;
                    for (int i = 0; i < 5; i++) {
                        last = catalog.upsert(products(prefix + i + "-", 3));
                    }
                    return last;
                }));
            }
            for (Future<UpsertResult> f : writes) {
                assertThat(f.get(60, TimeUnit.SECONDS).upserted()).isEqualTo(3);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(committedCount()).isEqualTo(6 * 5 * 3);
    }

    @Test
    void reindexReportsProgressAndKeepsWritesMadeWhileItRuns() throws Exception {
        List<Product> initial = new ArrayList<>(products("r", 10));
        initial.add(product("slow", "slow one", "slow-red.png"));
        catalog.upsert(initial);
        float[] before = engine.store().get("r4").orElseThrow().vectors().fused();

        gateArmed = true;
        JobStatus queued = catalog.submitReindex();
        assertThat(queued.type()).isEqualTo("reindex");
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("the job reached the slow picture").isTrue();
        // while the job holds its snapshot: one product it will re-vectorise is deleted, another replaced
        JobStatus running = catalog.job(queued.id()).orElseThrow();
        assertThat(running.state()).isEqualTo(JobStatus.State.RUNNING);
        assertThat(running.total()).isEqualTo(11);
        assertThat(catalog.delete("slow")).isTrue();
        catalog.upsert(List.of(product("r0", "replaced while re-indexing", "blue.png")));
        release.countDown();

        assertThat(within(Duration.ofSeconds(30), () -> catalog.job(queued.id()).orElseThrow().state().done())).isTrue();
        JobStatus done = catalog.job(queued.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(done.processed()).isEqualTo(11);
        assertThat(done.started()).isNotNull();
        assertThat(done.finished()).isAfterOrEqualTo(done.started());
        assertThat(engine.product("slow")).isEmpty(); // not brought back by the job
        assertThat(engine.product("r0").orElseThrow().title()).isEqualTo("replaced while re-indexing");
        assertThat(engine.store().get("r4").orElseThrow().vectors().fused()).containsExactly(before); // deterministic
        assertThat(committedCount()).isEqualTo(10);
    }

    @Test
    void anUpsertJobCommitsBatchByBatch() throws Exception {
        JobStatus job = catalog.submitUpsert(products("j", 10));
        assertThat(within(Duration.ofSeconds(30), () -> catalog.job(job.id()).orElseThrow().state().done())).isTrue();
        JobStatus done = catalog.job(job.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(done.total()).isEqualTo(10);
        assertThat(done.processed()).isEqualTo(10);
        assertThat(committedCount()).isEqualTo(10);
        assertThat(catalog.job("no-such-job")).isEmpty();
    }

    @Test
    void parsingNumbersItemsAndConfinesLocalPictures() throws Exception {
        String jsonl = "{\"id\":\"x1\",\"images\":[\"pics/x1.png\"]}\n\n# a comment\n{\"id\":\"x2\",\"price\":-1}\n"
                + "{\"id\":\"x3\",\"images\":\"../outside.png\"}\n{\"id\":\"x4\",\"images\":[\"https://cdn.example.com/x4.jpg\"]}\n";
        ParsedBatch lines = catalog.parse(jsonl.getBytes(StandardCharsets.UTF_8), CatalogService.BodyFormat.JSON_LINES, 10);
        assertThat(lines.products()).extracting(Product::id).containsExactly("x1", "x4");
        assertThat(lines.products().get(0).images().get(0).uri()).isEqualTo(dir.resolve("pics/x1.png").toUri());
        assertThat(lines.rejections()).extracting(ItemRejection::index, ItemRejection::line, ItemRejection::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 4L, "price"),
                        org.assertj.core.groups.Tuple.tuple(2L, 5L, "images"));

        String array = "[\n {\"id\":\"y1\"},\n {\"id\":\"y2\",\"in_stock\":\"maybe\"},\n {\"id\":\"y3\"}\n]";
        ParsedBatch items = catalog.parse(array.getBytes(StandardCharsets.UTF_8), CatalogService.BodyFormat.JSON_ARRAY, 10);
        assertThat(items.products()).extracting(Product::id).containsExactly("y1", "y3");
        assertThat(items.rejections()).containsExactly(new ItemRejection(1, 3, "in_stock",
                items.rejections().get(0).message()));
        assertThat(items.rejections().get(0).message()).contains("maybe");

        assertThatThrownBy(() -> catalog.parse(array.getBytes(StandardCharsets.UTF_8), CatalogService.BodyFormat.JSON_ARRAY, 2))
                .isInstanceOf(BatchTooLargeException.class).hasMessageContaining("more than 2");
        assertThatThrownBy(() -> catalog.parse("{\"id\":\"z\"}".getBytes(StandardCharsets.UTF_8), CatalogService.BodyFormat.JSON_ARRAY, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a JSON array");

        assertThat(catalog.parseOne("{\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8), "given").id()).isEqualTo("given");
        assertThatThrownBy(() -> catalog.parseOne("{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8), "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'").hasMessageContaining("'b'");
    }

    @Test
    void withoutAnImageRootLocalPicturesAreRefused() throws Exception {
        try (CatalogService noRoot = new CatalogService(engine, CatalogService.Options.defaults())) {
            ParsedBatch parsed = noRoot.parse("{\"id\":\"l1\",\"image\":\"/tmp/x.png\"}\n".getBytes(StandardCharsets.UTF_8),
                    CatalogService.BodyFormat.JSON_LINES, 10);
            assertThat(parsed.products()).isEmpty();
            assertThat(parsed.rejections().get(0).field()).isEqualTo("image");
            assertThat(parsed.rejections().get(0).message()).contains("no image root");
        }
    }

    @Test
    void closingFailsQueuedJobsAndRefusesNewWork() throws Exception {
        catalog.upsert(List.of(product("slow", "slow", "slow.png")));
        gateArmed = true;
        JobStatus first = catalog.submitReindex();
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        JobStatus second = catalog.submitReindex();
        Thread closer = new Thread(() -> {
            try {
                catalog.close();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        closer.start();
        release.countDown();
        closer.join(30_000);
        assertThat(catalog.job(first.id()).orElseThrow().state()).isEqualTo(JobStatus.State.SUCCEEDED); // one batch: done
        JobStatus never = catalog.job(second.id()).orElseThrow();
        assertThat(never.state()).isEqualTo(JobStatus.State.FAILED);
        assertThat(never.error()).contains("closed");
        assertThatThrownBy(() -> catalog.upsert(products("late", 1))).isInstanceOf(IllegalStateException.class);
    }
}
