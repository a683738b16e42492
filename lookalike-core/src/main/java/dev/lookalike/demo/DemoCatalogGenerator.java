package dev.lookalike.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generates a small, plausible fashion catalog with drawn product pictures, for demos and for tests that need
 * ground truth: every product's true type, colour, pattern, gender and style are known ({@link DemoTruth}), and
 * the catalog's attributes can be degraded on purpose (some dropped, some wrong) while the truth stays intact.
 *
 * <p>Output of {@link #generate(Path, Options)}: {@code outDir/catalog.jsonl}, one JSON object per line with the
 * keys {@code id, title, description, brand, category, price, currency, in_stock, group_id (only for colour
 * variants), images, attributes}, and {@code outDir/images/<id>.png}, referenced as {@code images/<id>.png}.
 *
 * <p>Everything is a pure function of the {@link Options}: one seed always gives the same bytes, whatever the
 * number of threads. Products come in styles (one brand, type, pattern, gender, material, price); about a third of
 * the products are colour variants of a style with 2–4 variants, which share a {@code group_id} and a drawing
 * that differs only in colour. Instances are immutable and thread-safe.
 */
public final class DemoCatalogGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCatalogGenerator.class);

    /** Name of the catalog file written into the output folder. */
    public static final String CATALOG_FILE = "catalog.jsonl";
    /** Name of the picture folder inside the output folder. */
    public static final String IMAGES_DIR = "images";
    /** Currency of every generated price. */
    public static final String CURRENCY = "EUR";
    /** Attribute names, in the order they are written. */
    public static final List<String> ATTRIBUTES = List.of("type", "colour", "pattern", "gender", "material", "season");

    static final List<String> SEASONS = List.of("spring-summer", "autumn-winter", "all-season");
    /** The attributes {@link Options#wrongAttributeRate()} may corrupt: those with ground truth. */
    static final List<String> TRUTH_ATTRIBUTES = List.of("type", "colour", "pattern", "gender");
    /** Chance that a style has 2-4 colour variants; with a mean of 3 variants, a third of products are grouped. */
    static final double GROUP_CHANCE = 1.0 / 7.0;
    static final double IN_STOCK_RATE = 0.85;
    private static final long NOISE_SALT = 0x6E6F_6973_655FL;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to generate. Immutable.
     *
     * @param count                number of products, 1 to {@value #MAX_COUNT}
     * @param seed                 seed of everything random
     * @param imageSize            width and height of each picture in pixels, {@value DemoRenderer#MIN_SIZE} to
     *                             {@value DemoRenderer#MAX_SIZE}
     * @param missingAttributeRate fraction of products (rounded to a whole number of products) that lose one of their
     *                             {@link #ATTRIBUTES} in the catalog, in [0, 1]
     * @param wrongAttributeRate   fraction of products whose catalog shows a wrong value for one of {@code type},
     *                             {@code colour}, {@code pattern}, {@code gender}, in [0, 1]
     */
    public record Options(int count, long seed, int imageSize, double missingAttributeRate, double wrongAttributeRate) {

        public static final int MAX_COUNT = 1_000_000;
        /** 3000 products, seed 42, 128 px, 5 % with a missing attribute, none wrong. */
        public static final Options DEFAULTS = new Options(3000, 42, 128, 0.05, 0.0);

        public Options {
            if (count < 1 || count > MAX_COUNT) {
                throw new IllegalArgumentException("count must be in [1, " + MAX_COUNT + "], got " + count);
            }
            if (imageSize < DemoRenderer.MIN_SIZE || imageSize > DemoRenderer.MAX_SIZE) {
                throw new IllegalArgumentException("imageSize must be in [" + DemoRenderer.MIN_SIZE + ", "
                        + DemoRenderer.MAX_SIZE + "], got " + imageSize);
            }
            requireRate("missingAttributeRate", missingAttributeRate);
            requireRate("wrongAttributeRate", wrongAttributeRate);
        }

        public static Options defaults() {
            return DEFAULTS;
        }

        public Options withCount(int newCount) {
            return new Options(newCount, seed, imageSize, missingAttributeRate, wrongAttributeRate);
        }

        public Options withSeed(long newSeed) {
            return new Options(count, newSeed, imageSize, missingAttributeRate, wrongAttributeRate);
        }

        public Options withImageSize(int newSize) {
            return new Options(count, seed, newSize, missingAttributeRate, wrongAttributeRate);
        }

        public Options withMissingAttributeRate(double rate) {
            return new Options(count, seed, imageSize, rate, wrongAttributeRate);
        }

        public Options withWrongAttributeRate(double rate) {
            return new Options(count, seed, imageSize, missingAttributeRate, rate);
        }

        private static void requireRate(String name, double rate) {
            if (!(rate >= 0.0 && rate <= 1.0)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + rate);
            }
        }
    }

    /** One planned product: as written (without images), its truth and the seed of its picture. */
    record Item(Product product, DemoTruth truth, long imageSeed) {
    }

    private final int threads;

    /** A generator that renders pictures on as many threads as there are processors. */
    public DemoCatalogGenerator() {
        this(Runtime.getRuntime().availableProcessors());
    }

    DemoCatalogGenerator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /**
     * Writes {@code outDir/catalog.jsonl} and {@code outDir/images/<id>.png}, creating the folders as needed and
     * replacing files of the same names (other files in {@code outDir} are left alone).
     *
     * @return the catalog file, the products as written (images as absolute {@code file:} URIs) and their truth
     * @throws IOException when a file cannot be written
     */
    public DemoCatalog generate(Path outDir, Options options) throws IOException {
        if (outDir == null || options == null) {
            throw new IllegalArgumentException("outDir and options must be non-null, got " + outDir + ", " + options);
        }
        long start = System.nanoTime();
        List<Item> items = plan(options);
        Path imagesDir = outDir.resolve(IMAGES_DIR);
        Files.createDirectories(imagesDir);
        writeImages(items, imagesDir, options.imageSize());
        Path catalogFile = outDir.resolve(CATALOG_FILE);
        writeCatalog(items, catalogFile);

        List<Product> products = new ArrayList<>(items.size());
        Map<String, DemoTruth> truth = new LinkedHashMap<>();
        for (Item item : items) {
            Product p = item.product();
            products.add(p.toBuilder().images(List.of(ImageRef.parse(imagePath(p.id()), outDir))).build());
            truth.put(p.id(), item.truth());
        }
        LOG.info("Generated demo catalog {} with {} products and {}px images in {} ms", catalogFile, items.size(),
                options.imageSize(), (System.nanoTime() - start) / 1_000_000);
        return new DemoCatalog(catalogFile, products, truth);
    }

    /**
     * The products {@link #generate} would write, without pictures ({@link Product#images()} is empty) and without
     * touching the disk.
     */
    public List<Product> generateProducts(Options options) {
        return plan(options).stream().map(Item::product).toList();
    }

    /** Product id to the true parameters for {@code options}, in catalog order, without touching the disk. */
    public Map<String, DemoTruth> generateTruth(Options options) {
        Map<String, DemoTruth> truth = new LinkedHashMap<>();
        for (Item item : plan(options)) {
            truth.put(item.product().id(), item.truth());
        }
        return Collections.unmodifiableMap(truth);
    }

    /**
     * Draws {@code truth} as a {@code size} x {@code size} RGB picture on white. All variation (proportions,
     * placement, colour jitter, pattern geometry and accent colour) comes from {@code seed}.
     *
     * @throws IllegalArgumentException for a null truth or a size outside [32, 2048]
     */
    public static BufferedImage render(DemoTruth truth, long seed, int size) {
        return DemoRenderer.render(truth, seed, size);
    }

    /** {@link #render(DemoTruth, long, int)} at the default 128 px. */
    public static BufferedImage render(DemoTruth truth, long seed) {
        return DemoRenderer.render(truth, seed, Options.DEFAULTS.imageSize());
    }

    /**
     * Exactly the picture {@link #generate} writes for the product with this truth under {@code options}; the colour
     * variants of one style get the same drawing in their own colours.
     */
    public static BufferedImage renderImage(DemoTruth truth, Options options) {
        if (truth == null || options == null) {
            throw new IllegalArgumentException("truth and options must be non-null, got " + truth + ", " + options);
        }
        return DemoRenderer.render(truth, imageSeed(options.seed(), truth.style()), options.imageSize());
    }

    // ---------------------------------------------------------------------------------------------- planning

    static List<Item> plan(Options options) {
        List<Draft> drafts = drafts(options);
        Noise noise = noise(drafts, options);
        List<Item> items = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            attributes.put("type", List.of(d.truth.type().label()));
            attributes.put("colour", List.of(d.truth.colour().label()));
            attributes.put("pattern", List.of(d.truth.pattern().label()));
            attributes.put("gender", List.of(d.truth.gender()));
            attributes.put("material", List.of(d.material));
            attributes.put("season", List.of(d.season));
            String wrong = noise.wrong.get(i);
            if (wrong != null) {
                attributes.put(wrong, List.of(wrongValue(wrong, d.truth, noise.rnd)));
            }
            String missing = noise.missing.get(i);
            if (missing != null) {
                attributes.remove(missing);
            }
            Product.Builder b = Product.builder(d.id).title(d.title).description(d.description).brand(d.brand.name())
                    .categoryPath(d.truth.type().categoryPath()).price(d.price).currency(CURRENCY)
                    .inStock(d.inStock).groupId(d.groupId);
            attributes.forEach(b::attribute);
            Product product = b.build();
            items.add(new Item(product, d.truth, imageSeed(options.seed(), d.truth.style())));
        }
        return items;
    }

    /** A product before attribute noise. */
    private record Draft(String id, DemoTruth truth, Brand brand, String title, String description, double price,
                         boolean inStock, String groupId, String material, String season) {
    }

    private static List<Draft> drafts(Options options) {
        SplittableRandom rnd = new SplittableRandom(options.seed());
        DemoType[] types = DemoType.values();
        List<Draft> drafts = new ArrayList<>(options.count());
        int style = 0;
        while (drafts.size() < options.count()) {
            style++;
            int variants = rnd.nextDouble() < GROUP_CHANCE ? 2 + rnd.nextInt(3) : 1;
            variants = Math.min(variants, options.count() - drafts.size());
            DemoType type = types[rnd.nextInt(types.length)];
            Brand brand = Brand.pick(type, rnd);
            DemoPattern pattern = pickPattern(rnd);
            String gender = DemoTruth.GENDERS.get(pickIndex(DemoTruth.GENDERS.size(), type::genderWeight, rnd));
            String material = type.materials().get(rnd.nextInt(type.materials().size()));
            String season = SEASONS.get(pickIndex(SEASONS.size(), type::seasonWeight, rnd));
            String occasion = type.occasions().get(rnd.nextInt(type.occasions().size()));
            String second = secondSentence(type, brand, season, rnd);
            double price = price(type, brand, rnd);
            List<DemoColour> colours = pickColours(variants, rnd);
            String styleId = String.format(Locale.ROOT, "style-%05d", style);
            String groupId = variants > 1 ? String.format(Locale.ROOT, "demo-g%05d", style) : null;
            for (DemoColour colour : colours) {
                String id = String.format(Locale.ROOT, "demo-%05d", drafts.size() + 1);
                DemoTruth truth = new DemoTruth(type, colour, pattern, gender, styleId);
                boolean inStock = rnd.nextDouble() < IN_STOCK_RATE;
                drafts.add(new Draft(id, truth, brand, title(brand, truth), description(truth, material, occasion, second),
                        price, inStock, groupId, material, season));
            }
        }
        return drafts;
    }

    static String title(Brand brand, DemoTruth t) {
        String gender = switch (t.gender()) {
            case "women" -> "Women's";
            case "men" -> "Men's";
            default -> "Unisex";
        };
        String pattern = t.pattern().adjective().isEmpty() ? "" : t.pattern().adjective() + " ";
        return brand.name() + " " + gender + " " + t.colour().displayName() + " " + pattern + t.type().displayName();
    }

    static String description(DemoTruth t, String material, String occasion, String second) {
        String pattern = switch (t.pattern()) {
            case SOLID -> "";
            case STRIPES -> " striped";
            case DOTS -> " polka-dot";
            case CHECKS -> " checked";
        };
        String first = t.colour().displayName() + pattern + " " + t.type().label() + " in " + material + ", " + occasion + ".";
        return second == null ? first : first + " " + second;
    }

    private static String secondSentence(DemoType type, Brand brand, String season, SplittableRandom rnd) {
        double r = rnd.nextDouble();
        int feature = rnd.nextInt(type.features().size());
        if (r < 0.6) {
            return type.features().get(feature);
        }
        if (r < 0.85) {
            return switch (season) {
                case "spring-summer" -> "From the " + brand.name() + " spring/summer collection.";
                case "autumn-winter" -> "From the " + brand.name() + " autumn/winter collection.";
                default -> "A year-round favourite from " + brand.name() + ".";
            };
        }
        return null;
    }

    /** The type's price range scaled by the brand's premium, ending in .99, .95 or .50. */
    private static double price(DemoType type, Brand brand, SplittableRandom rnd) {
        double raw = (type.minPrice() + (type.maxPrice() - type.minPrice()) * rnd.nextDouble()) * brand.premium();
        double e = rnd.nextDouble();
        String ending = e < 0.7 ? "0.99" : e < 0.9 ? "0.95" : "0.50";
        long whole = Math.max(0, (long) Math.floor(raw) - 1);
        return BigDecimal.valueOf(whole).add(new BigDecimal(ending)).doubleValue();
    }

    private static DemoPattern pickPattern(SplittableRandom rnd) {
        DemoPattern[] all = DemoPattern.values();
        return all[pickIndex(all.length, i -> all[i].weight(), rnd)];
    }

    /** {@code n} distinct colours, drawn by weight without replacement. */
    private static List<DemoColour> pickColours(int n, SplittableRandom rnd) {
        List<DemoColour> left = new ArrayList<>(List.of(DemoColour.values()));
        List<DemoColour> picked = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = pickIndex(left.size(), j -> left.get(j).weight(), rnd);
            picked.add(left.remove(i));
        }
        return picked;
    }

    private static int pickIndex(int n, java.util.function.IntToDoubleFunction weight, SplittableRandom rnd) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += weight.applyAsDouble(i);
        }
        double x = rnd.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < n; i++) {
            double w = weight.applyAsDouble(i);
            if (w > 0) {
                last = i;
                x -= w;
                if (x < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    // ---------------------------------------------------------------------------------------------- noise

    /** Which attribute each product loses and which one is wrong (index to name), plus the stream for wrong values. */
    private record Noise(Map<Integer, String> missing, Map<Integer, String> wrong, SplittableRandom rnd) {
    }

    /**
     * Picks exactly round(rate x count) products for each kind of noise, from a stream of its own so the rest of the
     * catalog does not depend on the rates. A product chosen for both loses one attribute and has another wrong.
     */
    private static Noise noise(List<Draft> drafts, Options options) {
        SplittableRandom rnd = new SplittableRandom(mix64(options.seed() ^ NOISE_SALT));
        int n = drafts.size();
        Map<Integer, String> missing = new HashMap<>();
        for (int i : sample(n, (int) Math.round(options.missingAttributeRate() * n), rnd)) {
            missing.put(i, ATTRIBUTES.get(rnd.nextInt(ATTRIBUTES.size())));
        }
        Map<Integer, String> wrong = new HashMap<>();
        for (int i : sample(n, (int) Math.round(options.wrongAttributeRate() * n), rnd)) {
            List<String> candidates = new ArrayList<>(TRUTH_ATTRIBUTES);
            candidates.remove(missing.get(i));
            wrong.put(i, candidates.get(rnd.nextInt(candidates.size())));
        }
        return new Noise(missing, wrong, rnd);
    }

    /** {@code k} distinct indices out of [0, n), in sampling order (partial Fisher-Yates). */
    private static int[] sample(int n, int k, SplittableRandom rnd) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, k);
    }

    /** A plausible-looking value for {@code attribute} that differs from the truth. */
    private static String wrongValue(String attribute, DemoTruth t, SplittableRandom rnd) {
        List<String> options = switch (attribute) {
            case "type" -> EnumSet.complementOf(EnumSet.of(t.type())).stream().map(DemoType::label).toList();
            case "colour" -> EnumSet.complementOf(EnumSet.of(t.colour())).stream().map(DemoColour::label).toList();
            case "pattern" -> EnumSet.complementOf(EnumSet.of(t.pattern())).stream().map(DemoPattern::label).toList();
            case "gender" -> DemoTruth.GENDERS.stream().filter(g -> !g.equals(t.gender())).toList();
            default -> throw new IllegalStateException("no wrong values for attribute " + attribute);
        };
        return options.get(rnd.nextInt(options.size()));
    }

    // ---------------------------------------------------------------------------------------------- writing

    static String imagePath(String id) {
        return IMAGES_DIR + "/" + id + ".png";
    }

    /** Seed of a style's drawing: its variants share proportions and placement and differ only in colour. */
    static long imageSeed(long seed, String style) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the style id's chars
        for (int i = 0; i < style.length(); i++) {
            h = (h ^ style.charAt(i)) * 0x100000001b3L;
        }
        return mix64(seed * 0x9E3779B97F4A7C15L + mix64(h));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser, as used by {@link SplittableRandom}. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private void writeImages(List<Item> items, Path imagesDir, int size) throws IOException {
        int workers = Math.min(threads, Math.max(1, items.size() / 16));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "demo-render-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(workers);
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    try (PngWriter png = new PngWriter()) {
                        for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                            Item item = items.get(i);
                            BufferedImage img = DemoRenderer.render(item.truth(), item.imageSeed(), size);
                            Path file = imagesDir.resolve(item.product().id() + ".png");
                            try {
                                Files.write(file, png.encode(img));
                            } catch (IOException e) {
                                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing demo images to " + imagesDir, e);
        } catch (ExecutionException e) {
            next.set(items.size()); // stop the other workers early
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException("demo image rendering failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void writeCatalog(List<Item> items, Path catalogFile) throws IOException {
        Path tmp = catalogFile.resolveSibling(catalogFile.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Item item : items) {
                w.write(JSON.writeValueAsString(toJson(item.product())));
                w.write('\n');
            }
        }
        try {
            Files.move(tmp, catalogFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, catalogFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static ObjectNode toJson(Product p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", p.id());
        o.put("title", p.title());
        o.put("description", p.description());
        o.put("brand", p.brand());
        ArrayNode category = o.putArray("category");
        p.categoryPath().forEach(category::add);
        o.put("price", p.price());
        o.put("currency", p.currency());
        o.put("in_stock", p.inStock());
        if (p.groupId() != null) {
            o.put("group_id", p.groupId());
        }
        o.putArray("images").add(imagePath(p.id()));
        ObjectNode attributes = o.putObject("attributes");
        p.attributes().forEach((name, values) -> attributes.put(name, values.get(0)));
        return o;
    }
}
