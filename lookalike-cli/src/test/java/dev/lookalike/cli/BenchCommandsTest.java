package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.lucene.VectorQuantization;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lookalike bench ann} on tiny idx files, {@code lookalike bench scale} on a small generated catalog and
 * {@code lookalike bench http} over one.
 */
class BenchCommandsTest {

    @TempDir
    Path dir;

    @Test
    void annPrintsASweepPerQuantizationAndCachesTheExactNeighbours() throws Exception {
        Path data = Files.createDirectories(dir.resolve("mnist-like"));
        writeIdx(data.resolve("train-images-idx3-ubyte.gz"), 800, 1);
        writeIdx(data.resolve("t10k-images-idx3-ubyte.gz"), 40, 2);
        String[] args = {"bench", "ann", "--data", data.toString(), "--m", "8", "--ef-construction", "50", "--ef", "10,100",
                "--quant", "none,int8", "--exact-queries", "10", "--warmup", "0", "--rounds", "1", "--work-dir", dir.resolve("work").toString()};
        String out = stdout(args);
        List<String[]> points = out.lines().filter(l -> l.startsWith("ANN_POINT")).map(l -> l.split("\t")).toList();
        assertThat(points).hasSize(12); // 2 quantizations x 3 paths x 2 ef
        assertThat(points).extracting(p -> p[1]).contains("lucene-none-store", "lucene-none-query", "lucene-none-leaf", "lucene-int8-store", "lucene-int8-query", "lucene-int8-leaf");
        for (String[] p : points) {
            if (p[2].equals("100")) {
                assertThat(Double.parseDouble(p[3])).as(String.join(" ", p)).isGreaterThanOrEqualTo(0.95);
            }
        }
        assertThat(out).contains("ANN_EXACT").contains("exact neighbours computed");
        assertThat(stdout(args)).contains("exact neighbours from"); // cached
        assertThat(Files.list(dir.resolve("work")).map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("ann-index"));
    }

    @Test
    void scaleBuildsTheGeneratedCatalogAndReportsEveryFigure() throws Exception {
        Path index = dir.resolve("scale");
        String out = stdout("bench", "scale", "--products", "2500", "--dim", "32", "--quant", "int8", "--index", index.toString(),
                "--queries", "20", "--warmup", "5", "--threads", "2");
        for (String figure : List.of("SCALE_INGEST", "SCALE_BYTES_PER_PRODUCT", "SCALE_HEAP_AFTER_INGEST_MB", "SCALE_HEAP_PEAK_QUERIES_MB",
                "SCALE_THROUGHPUT")) {
            assertThat(out).contains(figure);
        }
        List<String[]> latency = out.lines().filter(l -> l.startsWith("SCALE_LATENCY")).map(l -> l.split("\t")).toList();
        assertThat(latency).extracting(l -> l[1]).containsExactly("more-like-this, no filter", "more-like-this, 1 % filter",
                "more-like-this, 10 % filter", "sort-by-similar, 1,000 keyword candidates");
        assertThat(out).contains("sort-by-similar, 1,000 keyword candidates, 1 thread").contains("(1000 hits or candidates per query)");
        try (LuceneProductStore store = LuceneProductStore.openReadOnly(index)) {
            assertThat(store.count()).isEqualTo(2500);
            assertThat(store.quantization()).isEqualTo(VectorQuantization.INT8);
            assertThat(store.settings().fusedDimension()).isEqualTo(32);
        }
        assertThat(LookalikeCli.run("bench", "scale", "--products", "2500", "--index", index.toString())).isEqualTo(1); // not over an index
        // reusing it with another --quant would report one setting and measure another
        assertThat(LookalikeCli.run("bench", "scale", "--products", "2500", "--dim", "32", "--quant", "none", "--reuse",
                "--index", index.toString())).isEqualTo(1);
        // bad numbers are refused before anything is built
        Path other = dir.resolve("scale-bad");
        assertThat(LookalikeCli.run("bench", "scale", "--products", "2500", "--threads", "0", "--index", other.toString())).isEqualTo(1);
        assertThat(other).doesNotExist();
    }

    @Test
    void httpRunsEachQueryTypeInProcessAndOverHttp() throws Exception {
        Path index = dir.resolve("http");
        StringBuilder catalog = new StringBuilder();
        String[] colours = {"blue", "red", "green"};
        for (int i = 0; i < 60; i++) {
            catalog.append(String.format(java.util.Locale.ROOT, "{\"id\":\"p%d\",\"title\":\"%s cotton shirt %d\",\"brand\":\"B%d\","
                    + "\"price\":%d}%n", i, colours[i % 3], i, i % 5, 10 + i));
        }
        Path jsonl = Files.writeString(dir.resolve("catalog.jsonl"), catalog);
        stdout("ingest", "--catalog", jsonl.toString(), "--index", index.toString());
        String out = stdout("bench", "http", "--index", index.toString(), "--types", "mlt,search", "--q", "blue", "--queries", "30",
                "--warmup", "10", "--threads", "3");
        List<String[]> rows = out.lines().filter(l -> l.startsWith("mlt\t") || l.startsWith("search\t")).map(l -> l.split("\t")).toList();
        assertThat(rows).extracting(r -> r[0] + " " + r[1] + " " + r[2]).containsExactly("mlt engine 1", "mlt http 1", "mlt engine 3",
                "mlt http 3", "search engine 1", "search http 1", "search engine 3", "search http 3");
        for (String[] r : rows) {
            assertThat(Double.parseDouble(r[5])).as(String.join(" ", r)).isPositive(); // queries/s
            assertThat(Double.parseDouble(r[6])).as(String.join(" ", r)).isPositive(); // KB allocated per query
            if (r[1].equals("http")) {
                assertThat(Long.parseLong(r[7])).as("response bytes").isGreaterThan(100); // ten hits' JSON, every answer a 200
            }
        }
        // the catalog has no pictures to search by
        assertThat(LookalikeCli.run("bench", "http", "--index", index.toString(), "--types", "photo", "--queries", "1",
                "--warmup", "0")).isEqualTo(1);
    }

    @Test
    void evalKnnRunsOnIdxFilesAndRefusesMismatchedOnesBeforeEncoding() throws Exception {
        Path data = Files.createDirectories(dir.resolve("knn"));
        writeIdx(data.resolve("train-images-idx3-ubyte.gz"), 40, 3);
        writeIdx(data.resolve("t10k-images-idx3-ubyte.gz"), 8, 4);
        writeLabels(data.resolve("train-labels-idx1-ubyte.gz"), 40);
        writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), 8);
        // labels are i % 4, as the prototypes: the 8x8 prototypes are told apart
        assertThat(stdout("eval-knn", "--data", data.toString(), "--k", "3")).contains("40 train, 8 test images");
        assertThat(LookalikeCli.run("eval-knn", "--data", data.toString(), "--k", "0")).isEqualTo(1);
        assertThat(LookalikeCli.run("eval-knn", "--data", data.toString(), "--k", "41")).isEqualTo(1);
        writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), 7); // one label short
        assertThat(LookalikeCli.run("eval-knn", "--data", data.toString())).isEqualTo(1);
    }

    /** An idx1 file of n labels {@code i % 4}, matching {@link #writeIdx}'s prototypes. */
    private static void writeLabels(Path file, int n) throws Exception {
        try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            o.writeInt(2049);
            o.writeInt(n);
            for (int i = 0; i < n; i++) {
                o.writeByte(i % 4);
            }
        }
    }

    @Test
    void plainBenchStillNeedsAnIndex() {
        assertThat(LookalikeCli.run("bench")).isEqualTo(1);
    }

    /** An idx3 file of n 8x8 images: 4 prototypes plus noise, so neighbours are structured. */
    private static void writeIdx(Path file, int n, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            o.writeInt(2051);
            o.writeInt(n);
            o.writeInt(8);
            o.writeInt(8);
            byte[] img = new byte[64];
            for (int i = 0; i < n; i++) {
                int proto = i % 4;
                for (int p = 0; p < 64; p++) {
                    int v = (p % 4 == proto ? 200 : 30) + r.nextInt(-25, 26);
                    img[p] = (byte) Math.max(0, Math.min(255, v));
                }
                o.write(img);
            }
        }
    }

    private static String stdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(LookalikeCli.run(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
