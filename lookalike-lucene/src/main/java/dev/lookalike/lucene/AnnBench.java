package dev.lookalike.lucene;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.VectorUtil;

/**
 * An ANN benchmark of the store's vector format on a standard data set (Fashion-MNIST, L2): the base vectors are
 * indexed with {@link IndexSchema#codec(VectorQuantization, int, int)} (the store's codec, at the given M and
 * efConstruction, {@code EUCLIDEAN} so that recall is comparable with hnswlib and FAISS), in one segment on disk, then
 * each query is searched single-threaded for every ef of a sweep (ef = Lucene's k, the search beam; the best k of
 * the ef candidates are kept; quantized graphs re-rank their ef candidates on the float32 vectors). Three query paths
 * are timed: {@code store} is what the store runs ({@link GraphSearch}, as {@code LuceneProductStore} calls it),
 * {@code query} is Lucene's {@link KnnFloatVectorQuery} through an {@link IndexSearcher} (the store's path before
 * {@link GraphSearch}; kept to show the difference), {@code leaf} calls the segment's {@code searchNearestVectors}
 * in the benchmark's own loop (no query planning), the path a library such as hnswlib compares with. Each query is
 * timed by the wall clock and by the thread's CPU time. Stateless.
 */
public final class AnnBench {

    private static final String FIELD = "v";

    /** The timed query paths, in the order of {@link Result#points()}. */
    static final List<String> PATHS = List.of("store", "query", "leaf");

    private AnnBench() {
    }

    /**
     * One point of an ef sweep.
     *
     * @param path         {@code store}, {@code query} or {@code leaf}
     * @param ef           search beam
     * @param recall       recall@k against the exact neighbours
     * @param qps          queries per wall-clock second, one thread
     * @param cpuQps       queries per CPU-second of the querying thread
     * @param p50Ms        median latency, wall clock
     * @param p99Ms        99th percentile, wall clock
     */
    public record Point(String path, int ef, double recall, double qps, double cpuQps, double p50Ms, double p99Ms) {
    }

    /**
     * @param buildSeconds  indexing, flush and (when there was more than one) merge into one segment, wall clock
     * @param indexBytes    size of the index folder
     * @param points        the sweep, path by path, ef ascending
     */
    public record Result(VectorQuantization quantization, int m, int efConstruction, double buildSeconds, long indexBytes,
                         List<Point> points) {
        public Result {
            points = List.copyOf(points);
        }
    }

    /** Exact top-k by L2 of each query over the base vectors (row indices, nearest first); parallel. */
    public static int[][] exactTopK(float[][] base, float[][] queries, int k) {
        return IntStream.range(0, queries.length).parallel().mapToObj(q -> exactTopK(base, queries[q], k)).toArray(int[][]::new);
    }

    static int[] exactTopK(float[][] base, float[] query, int k) {
        PriorityQueue<long[]> heap = new PriorityQueue<>(k + 1, (a, b) -> Long.compare(b[0], a[0])); // worst on top
        for (int i = 0; i < base.length; i++) {
            float d = VectorUtil.squareDistance(base[i], query);
            long key = ((long) Float.floatToIntBits(d) << 20) | i; // non-negative floats order as their bits; ties by row
            if (heap.size() < k) {
                heap.add(new long[] {key, i});
            } else if (key < heap.peek()[0]) {
                heap.poll();
                heap.add(new long[] {key, i});
            }
        }
        int[] out = new int[heap.size()];
        for (int j = out.length - 1; j >= 0; j--) {
            out[j] = (int) heap.poll()[1];
        }
        return out;
    }

    /**
     * Brute-force top-k queries per second (one thread, wall clock and CPU) over the first {@code n} queries.
     *
     * @return {wall qps, cpu qps}
     */
    public static double[] exactQps(float[][] base, float[][] queries, int n, int k) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int count = Math.min(n, queries.length);
        for (int i = 0; i < Math.min(20, count); i++) {
            exactTopK(base, queries[i], k); // warm-up
        }
        long c = threads.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        long sink = 0;
        for (int i = 0; i < count; i++) {
            sink += exactTopK(base, queries[i], k)[0];
        }
        double wall = (System.nanoTime() - t) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - c) / 1e9;
        if (sink == Long.MIN_VALUE) {
            throw new AssertionError();
        }
        return new double[] {count / wall, count / cpu};
    }

    /**
     * Builds the index in {@code dir} (must be empty or absent; left there for the caller to delete), runs the sweep.
     *
     * @param exact   exact top-k row indices per query (from {@link #exactTopK})
     * @param warmup  untimed passes over the first queries per path before any timing
     * @param rounds  timed sweeps per path (the path order rotates from round to round); each figure is the median
     */
    public static Result run(Path dir, float[][] base, float[][] queries, int[][] exact, int k, VectorQuantization quantization,
                             int m, int efConstruction, int[] efs, int warmup, int rounds)
            throws IOException {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
        if (exact.length != queries.length) {
            throw new IllegalArgumentException("exact neighbours for " + exact.length + " queries, got " + queries.length + " queries");
        }
        for (int ef : efs) {
            if (ef < k) {
                throw new IllegalArgumentException("ef " + ef + " is below k " + k + ": the beam must hold the k results");
            }
        }
        long start = System.nanoTime();
        try (FSDirectory directory = FSDirectory.open(dir)) {
            long ramMb = Math.max(256, (long) base.length * base[0].length * 4 * 3 / (1 << 20)); // one flush: one segment
            IndexWriterConfig config = new IndexWriterConfig().setCodec(IndexSchema.codec(quantization, m, efConstruction))
                    .setRAMBufferSizeMB(Math.min(ramMb, 2000));
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                for (float[] v : base) {
                    Document doc = new Document();
                    doc.add(new KnnFloatVectorField(FIELD, v, VectorSimilarityFunction.EUCLIDEAN));
                    writer.addDocument(doc); // doc id = row: one thread, no deletes, one segment
                }
                writer.forceMerge(1);
            }
            double build = (System.nanoTime() - start) / 1e9;
            long bytes;
            try (Stream<Path> files = Files.list(dir)) {
                bytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            List<Point> points = new ArrayList<>();
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader); // no executor: one thread
                LeafReader leaf = reader.leaves().get(0).reader();
                boolean rescore = quantization != VectorQuantization.NONE;
                for (String path : PATHS) {
                    for (int w = 0; w < warmup; w++) {
                        for (int i = 0; i < Math.min(queries.length, 1000); i++) {
                            search(path, searcher, leaf, queries[i], efs[efs.length - 1], k, rescore);
                        }
                    }
                }
                // timed[p][e][r]: every path is timed once per round, in an order that rotates, so that neither JIT
                // compilation still going on nor a burst of load on a shared machine favours the path timed last
                Point[][][] timed = new Point[PATHS.size()][efs.length][rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int j = 0; j < PATHS.size(); j++) {
                        int p = (j + r) % PATHS.size();
                        for (int e = 0; e < efs.length; e++) {
                            timed[p][e][r] = sweepPoint(PATHS.get(p), searcher, leaf, queries, exact, efs[e], k, rescore);
                        }
                    }
                }
                for (Point[][] byEf : timed) {
                    for (Point[] byRound : byEf) {
                        points.add(median(byRound));
                    }
                }
            }
            return new Result(quantization, m, efConstruction, build, bytes, points);
        }
    }

    /** The median of each figure over the rounds (recall is the same in every round: the searches are deterministic). */
    private static Point median(Point[] timed) {
        return new Point(timed[0].path(), timed[0].ef(), timed[0].recall(),
                medianOf(timed, Point::qps), medianOf(timed, Point::cpuQps), medianOf(timed, Point::p50Ms), medianOf(timed, Point::p99Ms));
    }

    private static double medianOf(Point[] timed, java.util.function.ToDoubleFunction<Point> figure) {
        double[] values = Arrays.stream(timed).mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static Point sweepPoint(String path, IndexSearcher searcher, LeafReader leaf, float[][] queries, int[][] exact,
                                    int ef, int k, boolean rescore) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[queries.length];
        int[][] found = new int[queries.length][];
        long c = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        for (int i = 0; i < queries.length; i++) {
            long t = System.nanoTime();
            found[i] = search(path, searcher, leaf, queries[i], ef, k, rescore);
            nanos[i] = System.nanoTime() - t;
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - c) / 1e9;
        long hits = 0;
        long wanted = 0;
        for (int i = 0; i < queries.length; i++) {
            int[] truth = Arrays.copyOf(exact[i], Math.min(k, exact[i].length));
            Arrays.sort(truth);
            for (int doc : found[i]) {
                if (Arrays.binarySearch(truth, doc) >= 0) {
                    hits++;
                }
            }
            wanted += truth.length;
        }
        Arrays.sort(nanos);
        return new Point(path, ef, (double) hits / wanted, queries.length / wall, queries.length / cpu,
                nanos[nanos.length / 2] / 1e6, nanos[(int) Math.ceil(0.99 * nanos.length) - 1] / 1e6);
    }

    /** The k nearest doc ids (= rows) found with beam {@code ef}. */
    private static int[] search(String path, IndexSearcher searcher, LeafReader leaf, float[] query, int ef, int k,
                                boolean rescore) throws IOException {
        ScoreDoc[] top;
        if (path.equals("store")) {
            top = GraphSearch.search(searcher, FIELD, query, k, ef, null, rescore).top().scoreDocs;
        } else if (path.equals("query")) {
            Query q = new KnnFloatVectorQuery(FIELD, query, ef);
            if (rescore) {
                q = RescoreTopNQuery.createFullPrecisionRescorerQuery(q, query, FIELD, ef);
            }
            top = searcher.search(q, k).scoreDocs;
        } else {
            TopKnnCollector collector = new TopKnnCollector(ef, Integer.MAX_VALUE);
            leaf.searchNearestVectors(FIELD, query, collector, AcceptDocs.fromLiveDocs(null, leaf.maxDoc()));
            top = collector.topDocs().scoreDocs;
            if (rescore) {
                top = rescore(leaf, query, top);
            }
        }
        int n = Math.min(k, top.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = top[i].doc;
        }
        return out;
    }

    /** The candidates re-scored on the float32 vectors, best first. */
    private static ScoreDoc[] rescore(LeafReader leaf, float[] query, ScoreDoc[] candidates) throws IOException {
        FloatVectorValues values = leaf.getFloatVectorValues(FIELD);
        VectorScorer scorer = values.rescorer(query);
        var it = scorer.iterator();
        ScoreDoc[] sorted = candidates.clone();
        Arrays.sort(sorted, (a, b) -> Integer.compare(a.doc, b.doc));
        for (ScoreDoc sd : sorted) {
            if (it.advance(sd.doc) == sd.doc) {
                sd.score = scorer.score();
            }
        }
        Arrays.sort(sorted, (a, b) -> Float.compare(b.score, a.score));
        return sorted;
    }
}
