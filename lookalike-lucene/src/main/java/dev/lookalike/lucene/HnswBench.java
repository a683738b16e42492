package dev.lookalike.lucene;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * HNSW query latency of a set of vectors, for offline evaluations: the vectors go into an in-memory Lucene index with
 * the store's vector format (HNSW, M = {@value IndexSchema#HNSW_M}, beam width {@value IndexSchema#HNSW_BEAM_WIDTH},
 * {@code DOT_PRODUCT}), merged into one segment, then each query vector is searched for its k nearest, one thread,
 * after a warm-up. Recall is measured against exact search over the same vectors. Each query is timed twice: by the
 * wall clock, and by the querying thread's CPU time (which a machine shared with other jobs inflates far less).
 * Stateless and thread-safe.
 */
public final class HnswBench {

    /** Widest vectors it measures: the index's limit. */
    public static final int MAX_DIMENSIONS = IndexSchema.MAX_DIMENSIONS;

    private static final String FIELD = "v";

    private HnswBench() {
    }

    /**
     * @param buildSeconds    time to index and merge (wall clock)
     * @param p50Ms           median query latency, wall clock
     * @param p99Ms           99th percentile, wall clock
     * @param cpuP50Ms        median query latency, CPU time of the querying thread
     * @param cpuP99Ms        99th percentile, CPU time
     * @param cpuQueriesPerSecond one thread: queries per CPU-second of the querying thread
     * @param recall          share of the exact top k found
     * @param meanVisited     graph nodes scored per query, on average (Lucene's visited count)
     */
    public record Result(double buildSeconds, double p50Ms, double p99Ms, double cpuP50Ms, double cpuP99Ms,
                         double cpuQueriesPerSecond, double recall, double meanVisited) {
    }

    /**
     * @param vectors   L2-normalised, all of one length (at most {@link #MAX_DIMENSIONS})
     * @param queries   indices of the vectors to use as queries (searched in this order; the first
     *                  {@code warmup} are not timed)
     * @param exactTopK for each query, the exact top-k row indices (to measure recall)
     */
    public static Result measure(float[][] vectors, int[] queries, int warmup, int k, int[][] exactTopK) throws IOException {
        if (queries.length <= warmup) {
            throw new IllegalArgumentException("need more queries than the " + warmup + " warm-up ones, got " + queries.length);
        }
        long start = System.nanoTime();
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            IndexWriterConfig config = new IndexWriterConfig().setCodec(IndexSchema.codec()).setRAMBufferSizeMB(256);
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                for (int i = 0; i < vectors.length; i++) {
                    Document doc = new Document();
                    doc.add(new StoredField("row", i));
                    doc.add(new KnnFloatVectorField(FIELD, vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
                    writer.addDocument(doc);
                }
                writer.forceMerge(1);
            }
            double build = (System.nanoTime() - start) / 1e9;
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                int[] docToRow = new int[reader.maxDoc()];
                var stored = searcher.storedFields();
                for (int d = 0; d < docToRow.length; d++) {
                    docToRow[d] = stored.document(d, Set.of("row")).getField("row").numericValue().intValue();
                }
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long[] nanos = new long[queries.length - warmup];
                long[] cpuNanos = new long[queries.length - warmup];
                long found = 0;
                long wanted = 0;
                long visited = 0;
                for (int i = 0; i < queries.length; i++) {
                    long c = threads.getCurrentThreadCpuTime();
                    long t = System.nanoTime();
                    TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, vectors[queries[i]], k), k);
                    long took = System.nanoTime() - t;
                    long cpu = threads.getCurrentThreadCpuTime() - c;
                    if (i >= warmup) {
                        nanos[i - warmup] = took;
                        cpuNanos[i - warmup] = cpu;
                        Set<Integer> exact = new HashSet<>();
                        for (int r : exactTopK[i]) {
                            exact.add(r);
                        }
                        for (ScoreDoc sd : top.scoreDocs) {
                            if (exact.contains(docToRow[sd.doc])) {
                                found++;
                            }
                        }
                        wanted += exact.size();
                    }
                }
                // untimed: nodes the graph search scores per query (one segment after the merge)
                var leaf = reader.leaves().get(0).reader();
                for (int i = warmup; i < queries.length; i++) {
                    TopKnnCollector collector = new TopKnnCollector(k, Integer.MAX_VALUE);
                    leaf.searchNearestVectors(FIELD, vectors[queries[i]], collector, AcceptDocs.fromLiveDocs(leaf.getLiveDocs(), leaf.maxDoc()));
                    visited += collector.visitedCount();
                }
                double cpuSeconds = Arrays.stream(cpuNanos).sum() / 1e9;
                Arrays.sort(nanos);
                Arrays.sort(cpuNanos);
                return new Result(build, percentile(nanos, 50), percentile(nanos, 99), percentile(cpuNanos, 50),
                        percentile(cpuNanos, 99), nanos.length / cpuSeconds, wanted == 0 ? Double.NaN : (double) found / wanted,
                        (double) visited / nanos.length);
            }
        }
    }

    private static double percentile(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
