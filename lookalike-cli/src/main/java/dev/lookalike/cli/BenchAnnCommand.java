package dev.lookalike.cli;

import dev.lookalike.eval.IdxImages;
import dev.lookalike.lucene.AnnBench;
import dev.lookalike.lucene.VectorQuantization;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ann", mixinStandardHelpOptions = true,
        description = {"ANN benchmark of the store's vector format on Fashion-MNIST (60,000 base vectors of 784 pixels,"
                + " 10,000 queries, L2): build time, recall@k and single-thread queries/s over an ef sweep, exact brute force.",
                "Prints a table, and one tab-separated line per figure (ANN_BUILD, ANN_POINT, ANN_EXACT) for tools/ann-compare."})
final class BenchAnnCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Folder with train-images-idx3-ubyte.gz and t10k-images-idx3-ubyte.gz.")
    Path data;

    @Option(names = "--m", defaultValue = "16", description = "HNSW neighbours per node (default ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--ef-construction", defaultValue = "200", description = "HNSW build beam (default ${DEFAULT-VALUE}).")
    int efConstruction;

    @Option(names = "--ef", defaultValue = "10,20,40,80,160,320", split = ",", description = "Search beams to sweep (default ${DEFAULT-VALUE}).")
    int[] efs;

    @Option(names = "--quant", defaultValue = "none", split = ",",
            description = "Graph quantization(s): none, int8, int4 (comma-separated; default ${DEFAULT-VALUE}).")
    List<String> quant;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--queries", defaultValue = "10000", description = "Queries, the first N test images (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--base", defaultValue = "0", description = "Use only the first N base vectors (0: all 60,000).")
    int baseLimit;

    @Option(names = "--exact-queries", defaultValue = "500", description = "Queries timed for the brute-force figure (default ${DEFAULT-VALUE}).")
    int exactQueries;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed passes over the first 1,000 queries per path (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Timed sweeps per path, in a rotating path order; each figure is the median (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--work-dir", defaultValue = ".lookalike/bench", paramLabel = "DIR",
            description = "Where the index is built (deleted after) and the exact neighbours cached (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        List<VectorQuantization> quantizations = quant.stream().map(VectorQuantization::parse).toList();
        if (efs.length == 0 || Arrays.stream(efs).anyMatch(e -> e < k)) {
            throw new IllegalArgumentException("--ef values must be >= k (" + k + "), got " + Arrays.toString(efs));
        }
        Path trainFile = data.resolve("train-images-idx3-ubyte.gz");
        Path testFile = data.resolve("t10k-images-idx3-ubyte.gz");
        long t = System.nanoTime();
        float[][] base = IdxImages.readPixels(trainFile, baseLimit);
        float[][] query = IdxImages.readPixels(testFile, queries);
        System.out.printf(Locale.ROOT, "read %d base and %d query vectors of %d dimensions in %.1f s%n", base.length, query.length,
                base[0].length, (System.nanoTime() - t) / 1e9);
        Files.createDirectories(workDir);
        int[][] exact = exactNeighbours(base, query);
        double[] exactQps = AnnBench.exactQps(base, query, exactQueries, k);
        System.out.printf(Locale.ROOT, "ANN_EXACT\tlucene-java\t%.1f\t%.1f%n", exactQps[0], exactQps[1]);
        Arrays.sort(efs);
        System.out.printf(Locale.ROOT, "%n| quant | path | ef | recall@%d | QPS (wall) | QPS (CPU) | p50 ms | p99 ms |%n|---|---|---|---|---|---|---|---|%n", k);
        for (VectorQuantization q : quantizations) {
            Path dir = workDir.resolve("ann-index-" + q.id());
            deleteTree(dir);
            try {
                AnnBench.Result r = AnnBench.run(dir, base, query, exact, k, q, m, efConstruction, efs, warmup, rounds);
                System.out.printf(Locale.ROOT, "ANN_BUILD\tlucene-%s\t%.1f\t%d%n", q.id(), r.buildSeconds(), r.indexBytes());
                for (AnnBench.Point p : r.points()) {
                    System.out.printf(Locale.ROOT, "ANN_POINT\tlucene-%s-%s\t%d\t%.4f\t%.1f\t%.1f\t%.3f\t%.3f%n", q.id(), p.path(), p.ef(),
                            p.recall(), p.qps(), p.cpuQps(), p.p50Ms(), p.p99Ms());
                    System.out.printf(Locale.ROOT, "| %s | %s | %d | %.4f | %,.0f | %,.0f | %.3f | %.3f |%n", q.id(), p.path(), p.ef(),
                            p.recall(), p.qps(), p.cpuQps(), p.p50Ms(), p.p99Ms());
                }
            } finally {
                deleteTree(dir);
            }
        }
        System.out.printf(Locale.ROOT, "exact brute force (one thread, %d queries): %,.0f QPS wall, %,.0f QPS CPU%n",
                Math.min(exactQueries, query.length), exactQps[0], exactQps[1]);
        return 0;
    }

    /** Exact top-100 neighbours, computed once and cached in the work folder (keyed by the data sizes). */
    private int[][] exactNeighbours(float[][] base, float[][] query) throws IOException {
        int depth = Math.max(k, 100);
        Path cache = workDir.resolve(String.format(Locale.ROOT, "exact-%s-%d-%d-%d-k%d.bin", data.getFileName(), base.length,
                query.length, Files.size(data.resolve("train-images-idx3-ubyte.gz")), depth));
        if (Files.isRegularFile(cache)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                int n = in.readInt();
                int kk = in.readInt();
                if (n == query.length && kk == depth) {
                    int[][] out = new int[n][kk];
                    for (int[] row : out) {
                        for (int j = 0; j < kk; j++) {
                            row[j] = in.readInt();
                        }
                    }
                    System.out.println("exact neighbours from " + cache);
                    return out;
                }
            }
        }
        long t = System.nanoTime();
        int[][] out = AnnBench.exactTopK(base, query, depth);
        System.out.printf(Locale.ROOT, "exact neighbours computed in %.1f s, cached in %s%n", (System.nanoTime() - t) / 1e9, cache);
        Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
        try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
            o.writeInt(out.length);
            o.writeInt(depth);
            for (int[] row : out) {
                for (int v : row) {
                    o.writeInt(v);
                }
            }
        }
        Files.move(tmp, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
