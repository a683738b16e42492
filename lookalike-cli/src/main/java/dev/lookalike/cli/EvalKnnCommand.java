package dev.lookalike.cli;

import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.eval.IdxImages;
import dev.lookalike.eval.KnnAccuracy;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval-knn", mixinStandardHelpOptions = true,
        description = {"k-NN classification accuracy of an image encoder on an idx data set (Fashion-MNIST):",
                "each test image takes the majority class of its k most similar training images (exact cosine)."})
final class EvalKnnCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Folder with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz.")
    Path data;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--encoder", description = "Image encoder id (default: the default image encoder).")
    String encoderId;

    @Option(names = "--limit-train", defaultValue = "0", description = "Use only the first N training images (0: all).")
    int limitTrain;

    @Option(names = "--limit-test", defaultValue = "0", description = "Use only the first N test images (0: all).")
    int limitTest;

    @picocli.CommandLine.Mixin
    ModelCacheOption models = new ModelCacheOption();

    @Override
    public Integer call() throws Exception {
        if (k < 1 || limitTrain < 0 || limitTest < 0) {
            throw new IllegalArgumentException("--k must be >= 1 and --limit-train, --limit-test >= 0, got " + k + ", "
                    + limitTrain + ", " + limitTest);
        }
        Encoder<BufferedImage> encoder = Encoders.image(encoderId != null ? encoderId : Encoders.defaultSettings().imageEncoder(),
                models.cache());
        Encoders.load(encoder);
        List<BufferedImage> trainImages = IdxImages.readImages(data.resolve("train-images-idx3-ubyte.gz"), limitTrain);
        int[] trainLabels = IdxImages.readLabels(data.resolve("train-labels-idx1-ubyte.gz"), limitTrain);
        List<BufferedImage> testImages = IdxImages.readImages(data.resolve("t10k-images-idx3-ubyte.gz"), limitTest);
        int[] testLabels = IdxImages.readLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), limitTest);
        // checked before encoding 70,000 images, not after
        requireSameCount("train", trainImages.size(), trainLabels.length);
        requireSameCount("t10k", testImages.size(), testLabels.length);
        if (k > trainImages.size()) {
            throw new IllegalArgumentException("--k " + k + " is more than the " + trainImages.size() + " training images");
        }
        long start = System.nanoTime();
        float[][] train = embed(encoder, trainImages);
        float[][] test = embed(encoder, testImages);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = KnnAccuracy.accuracy(train, trainLabels, test, testLabels, k);
        System.out.printf(Locale.ROOT, "%s: %d train, %d test images, %d dimensions, encoded at %.0f images/s; %d-NN accuracy %.4f%n",
                encoder.id(), train.length, test.length, encoder.dimension(), (train.length + test.length) / seconds, k, accuracy);
        return 0;
    }

    private void requireSameCount(String set, int images, int labels) {
        if (images != labels) {
            throw new IllegalArgumentException(data.resolve(set) + ": " + images + " images but " + labels + " labels");
        }
    }

    private static float[][] embed(Encoder<BufferedImage> encoder, List<BufferedImage> images) {
        return images.parallelStream().map(encoder::embed).toArray(float[][]::new);
    }
}
