package dev.lookalike.lucene;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
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
 * One unfiltered top-10 graph search of a one-segment index, by the store's {@link GraphSearch} (the segment's graph
 * walked directly) against Lucene's {@link KnnFloatVectorQuery} through an {@link IndexSearcher} (what the store ran
 * before), each path in its own JVM forks so that neither inherits the other's JIT profile. 20,000 clustered 256-d
 * unit vectors, {@code DOT_PRODUCT}, the store's float32 codec (M 16, efConstruction 100), built in memory once per
 * trial. This class sits in the store's package to reach the package-private {@code GraphSearch}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class GraphPathBench {

    static final int VECTORS = 20_000;
    static final int DIM = 256;
    static final String FIELD = "v";

    @Param({"store", "query"})
    String path;

    @Param({"10", "100"})
    int ef;

    ByteBuffersDirectory directory;
    DirectoryReader reader;
    IndexSearcher searcher;
    float[][] queries;
    int next;

    @Setup(Level.Trial)
    public void build() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        float[][] centres = new float[500][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = unit(r, null, 0);
        }
        directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig().setCodec(IndexSchema.codec(VectorQuantization.NONE, 16, 100))
                .setRAMBufferSizeMB(512);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < VECTORS; i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, unit(r, centres[i % centres.length], 0.3), VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
        }
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        queries = new float[1024][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = unit(r, centres[r.nextInt(centres.length)], 0.3);
        }
    }

    /** A unit vector: gaussian noise of scale {@code noise} around {@code centre}, or a random direction. */
    private static float[] unit(SplittableRandom r, float[] centre, double noise) {
        float[] v = new float[DIM];
        double norm = 0;
        for (int j = 0; j < DIM; j++) {
            v[j] = centre == null ? (float) r.nextGaussian() : centre[j] + (float) (noise * r.nextGaussian() / Math.sqrt(DIM));
            norm += v[j] * v[j];
        }
        for (int j = 0; j < DIM; j++) {
            v[j] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        reader.close();
        directory.close();
    }

    @Benchmark
    public int search() throws IOException {
        float[] query = queries[next++ & (queries.length - 1)];
        if (path.equals("store")) {
            return GraphSearch.search(searcher, FIELD, query, 10, ef, null, false).top().scoreDocs[0].doc;
        }
        return searcher.search(new KnnFloatVectorQuery(FIELD, query, ef), 10).scoreDocs[0].doc;
    }
}
