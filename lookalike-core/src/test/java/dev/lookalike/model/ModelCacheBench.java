package dev.lookalike.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the model cache costs per megabyte: a pull over loopback HTTP (download, SHA-256 while streaming, fsync,
 * atomic move) and the SHA-256 verification every model load does ({@link ModelCache#verifiedFile}), on a random
 * file of the given size. Not a test; run from {@code lookalike-core} after {@code test-compile}:
 *
 * <pre>{@code
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.lookalike.model.ModelCacheBench [MB, default 256]
 * }</pre>
 * where {@code cp.txt} comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}. The temporary
 * files go to {@code java.io.tmpdir} and are deleted.
 */
public final class ModelCacheBench {

    private ModelCacheBench() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        byte[] bytes = new byte[megabytes << 20];
        new Random(1).nextBytes(bytes);
        ModelFile file = ModelFile.pinned("onnx/model.onnx", bytes.length, HubServer.sha256(bytes));
        ModelSpec spec = new ModelSpec("bench", "", "bench/model", "main", "", "", List.of(file),
                List.of(new ModelEncoder.Image("bench", ModelKind.IMAGE, 4, file.path(), ImagePreset.RESNET50, null, null)));
        Path dir = Files.createTempDirectory("lookalike-cache-bench");
        try (HubServer hub = HubServer.start()) {
            hub.put(HubServer.hubPath("bench/model", "main", file.path()), bytes);
            System.out.printf(Locale.ROOT, "%d MB file, %d cores%n", megabytes, Runtime.getRuntime().availableProcessors());
            for (int round = 1; round <= 3; round++) {
                Path root = dir.resolve("round" + round);
                ModelCache cache = ModelCache.open(root, ModelRegistry.of(List.of(spec)));
                long t0 = System.nanoTime();
                cache.pull("bench", PullOptions.defaults().withBaseUrl(hub.baseUrl())
                        .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)));
                long t1 = System.nanoTime();
                cache.verifiedFile(spec, file.path());
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "round %d: pull %.0f MB/s (%.2f s), verify %.0f MB/s (%.2f s)%n", round,
                        megabytes / ((t1 - t0) / 1e9), (t1 - t0) / 1e9, megabytes / ((t2 - t1) / 1e9), (t2 - t1) / 1e9);
                Files.delete(cache.path(spec, file));
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
