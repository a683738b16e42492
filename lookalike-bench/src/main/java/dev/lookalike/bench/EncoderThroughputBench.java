package dev.lookalike.bench;

import dev.lookalike.catalog.CatalogSink;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.RowError;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.demo.DemoTruth;
import dev.lookalike.encoder.MiniLmTextEncoder;
import dev.lookalike.encoder.ProductImageDescriptor;
import dev.lookalike.image.ImageDecoder;
import dev.lookalike.image.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3's throughput targets, in the units they are stated in: titles per second through the bundled MiniLM text
 * encoder and pictures per second through the training-free descriptor, {@value #BATCH} of each per call, as ingest
 * calls them. Picture decoding is done once in setup and is not timed.
 *
 * <p>{@code -p catalog=PATH} reads the first {@value #BATCH} products of a real catalog (any format {@code lookalike
 * ingest} takes, e.g. {@code ../shared/data/fashion-products}); by default the seeded demo catalog's titles and
 * pictures (80x80) are used, so the benchmark runs on a fresh clone. {@code titles} runs on one calling thread
 * because the encoder spreads a call over the cores itself; {@code pictures} runs on two calling threads, one per
 * core, because the descriptor encodes a call's pictures on the caller's thread and ingest calls it from several.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Djava.awt.headless=true"})
public class EncoderThroughputBench {

    static final int BATCH = 1000;

    /** A catalog to read titles and pictures from; empty: the seeded demo catalog. */
    @Param("")
    public String catalog;

    List<String> titles;
    List<BufferedImage> pictures;
    final MiniLmTextEncoder text = new MiniLmTextEncoder();
    final ProductImageDescriptor descriptor = new ProductImageDescriptor();

    @Setup
    public void setUp() throws IOException {
        if (catalog.isEmpty()) {
            DemoCatalogGenerator.Options options = DemoCatalogGenerator.Options.defaults().withCount(BATCH).withImageSize(80);
            DemoCatalogGenerator generator = new DemoCatalogGenerator();
            Map<String, DemoTruth> truth = generator.generateTruth(options);
            titles = new ArrayList<>();
            pictures = new ArrayList<>();
            for (Product p : generator.generateProducts(options)) {
                titles.add(p.title());
                pictures.add(DemoCatalogGenerator.renderImage(truth.get(p.id()), options));
            }
        } else {
            readCatalog(Path.of(catalog));
        }
        if (titles.size() < BATCH || pictures.size() < BATCH) {
            throw new IllegalArgumentException("catalog " + catalog + " has " + titles.size() + " titles and "
                    + pictures.size() + " readable pictures; the benchmark needs " + BATCH + " of each");
        }
        text.embedAll(titles.subList(0, 10)); // loads the model outside the first iteration
    }

    private void readCatalog(Path path) throws IOException {
        List<Product> products = new ArrayList<>();
        Catalogs.open(path).read(new CatalogSink() {
            @Override
            public void accept(Product product) {
                if (products.size() < BATCH) {
                    products.add(product);
                }
            }

            @Override
            public void reject(RowError error) {
                // rejected rows are not benchmarked
            }
        });
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        titles = new ArrayList<>();
        pictures = new ArrayList<>();
        for (Product p : products) {
            if (!p.title().isBlank()) {
                titles.add(p.title());
            }
            if (!p.images().isEmpty() && !p.images().get(0).isRemote()) {
                Path file = Path.of(p.images().get(0).uri());
                if (Files.isRegularFile(file)) {
                    try {
                        pictures.add(decoder.decode(Files.readAllBytes(file), file.toString()));
                    } catch (IOException e) {
                        // an unreadable picture is skipped, as ingest counts it unusable
                    }
                }
            }
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public List<float[]> titles() {
        return text.embedAll(titles);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public List<float[]> pictures() {
        return descriptor.embedAll(pictures);
    }
}
