package dev.lookalike.encoder.onnx;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of {@link OnnxImageEncoder} on the tiny CNN ({@link TinyOnnxModels#cnn}) with 224x224 pictures and the
 * ResNet-50 preprocessing (resize to 256, centre crop 224, ImageNet normalisation): images per second for one
 * caller with 2 ONNX Runtime threads and for 2 callers with 1 thread each, plus preprocessing alone. Not a test; run
 * from the module directory after {@code test-compile}:
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.lookalike.encoder.onnx.OnnxImageEncoderBench [seconds per measurement, default 5] [batch, default 32]
 * }</pre>
 * where {@code cp.txt} comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}. The tiny model
 * costs about 2.7 million multiply-adds per picture, so the figures measure the encoder's own overhead (preprocessing, tensor
 * copies, pooling), not a real network.
 */
public final class OnnxImageEncoderBench {

    private OnnxImageEncoderBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        byte[] model = TinyOnnxModels.cnn(42, 224, 224).onnx();
        ImagePreprocessing p = ImagePreprocessing.resnet50();
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            images.add(OnnxTestImages.noise(i, 224, 224));
        }
        System.out.printf(Locale.ROOT, "tiny CNN 3->8 3x3/2, 224x224 pictures, resnet50 preprocessing, batch %d, %d cores%n",
                batch, Runtime.getRuntime().availableProcessors());

        float[] scratch = new float[p.valuesPerImage()];
        double pre = measure(seconds, 1, () -> {
            for (BufferedImage img : images) {
                p.write(img, scratch, 0);
            }
            return images.size();
        });
        System.out.printf(Locale.ROOT, "preprocessing only, 1 thread:            %8.1f images/s%n", pre);

        try (OnnxImageEncoder e = new OnnxImageEncoder("bench", model, p, batch, 2)) {
            double r = measure(seconds, 1, () -> e.embedAll(images).size());
            System.out.printf(Locale.ROOT, "embedAll, 1 caller, intraOpThreads 2:    %8.1f images/s%n", r);
        }
        try (OnnxImageEncoder e = new OnnxImageEncoder("bench", model, p, batch, 1)) {
            double r = measure(seconds, 2, () -> e.embedAll(images).size());
            System.out.printf(Locale.ROOT, "embedAll, 2 callers, intraOpThreads 1:   %8.1f images/s%n", r);
            double single = measure(seconds, 2, () -> {
                for (BufferedImage img : images) {
                    e.embed(img);
                }
                return images.size();
            });
            System.out.printf(Locale.ROOT, "embed one by one, 2 callers, 1 thread:   %8.1f images/s%n", single);
        }
    }

    private interface Work {
        int run() throws Exception;
    }

    /** Images per second over all threads, after a warm-up of a third of the time. */
    private static double measure(double seconds, int threads, Work work) throws Exception {
        run(seconds / 3, threads, work);
        return run(seconds, threads, work);
    }

    private static double run(double seconds, int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        n += work.run();
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : futures) {
                total += f.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
