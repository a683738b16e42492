package dev.lookalike.bench;

import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.lucene.VectorQuantization;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchResult;
import dev.lookalike.search.VectorQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's query path: {@link LuceneProductStore#get} (the anchor) and {@link LuceneProductStore#nearest} (graph
 * search, top 10, stored products of the hits) on a 20,000-product index of clustered 256-d vectors, built once per
 * trial in a temporary folder, one segment.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class StoreQueryBench {

    static final int PRODUCTS = 20_000;
    static final int DIM = 256;

    @Param({"none", "int8"})
    String quantization;

    Path dir;
    LuceneProductStore store;
    float[][] queries;
    int next;

    @Setup(Level.Trial)
    public void build() throws IOException {
        dir = Files.createTempDirectory("lookalike-jmh");
        FusionSettings settings = new FusionSettings(1f, 0.6f, 0.4f, "bench-image", 128, "bench-text", 64, 64, List.of());
        SplittableRandom r = new SplittableRandom(7);
        float[][] centres = new float[500][DIM];
        for (float[] c : centres) {
            for (int j = 0; j < DIM; j++) {
                c[j] = (float) r.nextGaussian();
            }
            VectorMath.normalizeInPlace(c);
        }
        store = LuceneProductStore.open(dir, settings, null, VectorQuantization.parse(quantization));
        List<IndexedProduct> batch = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            float[] v = new float[DIM];
            for (int j = 0; j < DIM; j++) {
                v[j] = centres[i % centres.length][j] + (float) (0.02 * r.nextGaussian());
            }
            Product p = Product.builder("p" + i).title("product " + i).brand("brand" + i % 50).price(10.0 + i % 90).build();
            batch.add(new IndexedProduct(p, new ProductVectors(Map.of(), VectorMath.normalizeInPlace(v))));
            if (batch.size() == 2000) {
                store.upsert(batch);
                batch.clear();
            }
        }
        store.commit();
        store.forceMerge(1);
        queries = new float[1024][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = store.get("p" + r.nextInt(PRODUCTS)).orElseThrow().vectors().fused();
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public SearchResult nearest() throws IOException {
        float[] q = queries[next++ & (queries.length - 1)];
        return store.nearest(new VectorQuery(q, 10, ProductFilter.NONE, Set.of()));
    }

    @Benchmark
    public Object anchor() throws IOException {
        return store.get("p" + (next++ % PRODUCTS)).orElseThrow();
    }
}
