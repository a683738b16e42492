package dev.lookalike.cli;

import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.CatalogSink;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.RowError;
import dev.lookalike.encoder.AttributeEncoder;
import dev.lookalike.encoder.Encoders;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.OnError;
import dev.lookalike.eval.AttributeJudgments;
import dev.lookalike.eval.GoldenSet;
import dev.lookalike.eval.GoldenSetReader;
import dev.lookalike.eval.LeaveOneOutPrecision;
import dev.lookalike.eval.RankingMetrics;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import dev.lookalike.encoder.Encoder;
import dev.lookalike.model.ModelCache;
import java.awt.image.BufferedImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Leave-one-out precision@k of same attribute value, per modality and fused, by exact search.",
                "The attribute evaluated is removed from the attribute modality (and from the category path) so that it cannot leak.",
                "--pca: image-only precision@k and query speed per PCA dimension. --lda: k-fold cross-validation of the"
                        + " catalog-tuned image projection against the untuned image vectors.",
                "--golden FILE or --judgments-from-attributes RULES: graded judgments (docs/golden-sets.md) run through the search"
                        + " of one index per --config, graph and exact; writes report.json and report.html to --report."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--catalog", required = true, paramLabel = "PATH", description = "Catalog file or folder.")
    Path catalog;

    @Option(names = "--attribute", description = "Attribute whose value defines relevance (repeatable; --lda names its own).")
    List<String> attributes;

    @Option(names = "--pca", split = ",", paramLabel = "N|full",
            description = "Image only: precision@k and exact/HNSW query speed per PCA dimension, e.g. 32,64,128,256,full.")
    List<String> pcaDimensions;

    @Option(names = "--whiten", description = "With --pca: also whitened PCA rows.")
    boolean whiten;

    @Option(names = "--no-hnsw", description = "With --pca: skip the HNSW latency columns.")
    boolean noHnsw;

    @Option(names = "--queries", defaultValue = "2000", description = "With --pca: timed queries per row (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--lda", split = ",", paramLabel = "ATTR", description = "Image only: cross-validate the catalog-tuned projection"
            + " for these attributes, e.g. articleType,baseColour.")
    List<String> ldaAttributes;

    @Option(names = "--folds", defaultValue = "5", description = "With --lda: cross-validation folds (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--inner-folds", defaultValue = "3",
            description = "With --lda: folds for tuning inside each training set (default ${DEFAULT-VALUE}).")
    int innerFolds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of folds and query picks (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N products (0: all).")
    int limit;

    @Option(names = "--golden", paramLabel = "FILE", description = "Golden set: CSV kind,anchor,candidate,grade (docs/golden-sets.md).")
    Path golden;

    @Option(names = "--judgments-from-attributes", paramLabel = "RULES",
            description = "Judgments from attributes instead of --golden, e.g. 'articleType,baseColour=2;articleType=1'.")
    String judgmentRules;

    @Option(names = "--anchors", defaultValue = "500", description = "With --judgments-from-attributes: anchor products drawn"
            + " (seeded by --seed; default ${DEFAULT-VALUE}).")
    int anchors;

    @Option(names = "--keep-judged-attributes", description = "With --judgments-from-attributes: index the judged attributes too"
            + " (by default they are removed from the indexed products, so that the attribute vector cannot give the answer away).")
    boolean keepJudgedAttributes;

    @Option(names = "--write-judgments", paramLabel = "FILE", description = "Also write the judgments used as a golden-set CSV.")
    Path writeJudgments;

    @Option(names = "--config", paramLabel = "FILE", description = "A configuration to compare (JSON; repeatable; default: one"
            + " with the default settings). See docs/golden-sets.md.")
    List<Path> configFiles;

    @Option(names = "--report", defaultValue = "eval-report", paramLabel = "DIR",
            description = "Where report.json and report.html go (default ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--gain", defaultValue = "exponential", paramLabel = "exponential|linear",
            description = "DCG gain: 2^grade - 1 or grade (default ${DEFAULT-VALUE}).")
    String gain;

    @Option(names = "--relevant-grade", defaultValue = "1", description = "Lowest grade counted relevant by P@k, R@k and MRR (default ${DEFAULT-VALUE}).")
    int relevantGrade;

    @Option(names = "--max-k", defaultValue = "20", description = "Hits per query; the nDCG curve runs to it (default ${DEFAULT-VALUE}).")
    int maxK;

    @Option(names = "--warmup", defaultValue = "50", description = "Golden queries run untimed before each timed pass (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
            description = "Bad golden-set rows: stop at the first (fail) or report them and go on (skip).")
    String onError;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the evaluation's indexes are built, kept afterwards"
            + " (default: a temporary folder, deleted at the end).")
    Path workDir;

    @Mixin
    EncoderOptions encoders = new EncoderOptions();

    @Override
    public Integer call() throws Exception {
        if (golden != null || judgmentRules != null) {
            return goldenEvaluation();
        }
        boolean pca = pcaDimensions != null && !pcaDimensions.isEmpty();
        boolean lda = ldaAttributes != null && !ldaAttributes.isEmpty();
        if (pca && lda) {
            throw new IllegalArgumentException("give --pca or --lda, not both");
        }
        if (!lda && (attributes == null || attributes.isEmpty())) {
            throw new IllegalArgumentException("name at least one --attribute (or use --lda ATTR,...)");
        }
        List<Integer> dims = pca ? pcaDimensions.stream().map(EvalCommand::dimension).toList() : List.of();
        List<Product> products = readCatalog();
        ModelCache models = encoders.cache();
        FusionSettings settings = encoders.settingsForNewIndex(models);
        System.err.println(EncoderOptions.describe(settings));
        Encoder<BufferedImage> imageEncoder = Encoders.image(settings.imageEncoder(), models);
        Encoder<String> textEncoder = Encoders.text(settings.textEncoder(), models);
        Encoders.load(imageEncoder);
        Encoders.load(textEncoder);
        if (pca || lda) {
            long start = System.nanoTime();
            float[][] image;
            try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT)) {
                ProductVectorizer vectorizer = new ProductVectorizer(settings, imageEncoder, textEncoder, images::load);
                image = vectorizer.encodeImages(products);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%d products, image encoder %s, encoded in %.1f s (%.0f products/s)%n", products.size(),
                    settings.imageEncoder(), seconds, products.size() / seconds);
            ProjectionEval eval = new ProjectionEval(products, image, lda ? ldaAttributes : attributes, k, seed, System.out);
            if (pca) {
                eval.pca(dims, whiten, queries, !noHnsw);
            } else {
                eval.lda(folds, innerFolds);
            }
            return 0;
        }
        return multimodal(products, settings, imageEncoder, textEncoder);
    }

    private int goldenEvaluation() throws Exception {
        if (golden != null && judgmentRules != null) {
            throw new IllegalArgumentException("give --golden or --judgments-from-attributes, not both");
        }
        if (encoders.imageEncoder != null || encoders.textEncoder != null) {
            throw new IllegalArgumentException("with --golden or --judgments-from-attributes, name the encoders in the --config files"
                    + " (image_encoder, text_encoder), not with --image-encoder/--text-encoder");
        }
        List<EvalConfig> configs = new ArrayList<>();
        if (configFiles == null || configFiles.isEmpty()) {
            configs.add(EvalConfig.defaults());
        } else {
            for (Path f : configFiles) {
                configs.addAll(EvalConfig.read(f));
            }
        }
        EvalConfig.requireUniqueNames(configs);
        GoldenEval.Options opts = new GoldenEval.Options(k, maxK, RankingMetrics.Gain.parse(gain), relevantGrade, warmup, seed);
        List<Product> products = readCatalog();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode report = mapper.createObjectNode();
        report.put("generated", java.time.OffsetDateTime.now().withNano(0).toString());
        report.put("catalog", catalog.toString());
        report.put("products", products.size());
        report.put("k", k);
        report.put("max_k", maxK);
        report.set("machine", GoldenEval.machine());
        GoldenSet judgments;
        List<Product> indexed = products;
        ObjectNode source = report.putObject("judgments");
        if (golden != null) {
            GoldenSetReader.Result read = GoldenSetReader.read(golden, OnError.fromFlag(onError));
            read.rejected().forEach(e -> System.out.println("rejected: " + e.describe()));
            judgments = read.golden();
            source.put("source", golden.toString());
            source.put("rejected_rows", read.rejected().size());
        } else {
            AttributeJudgments rules = AttributeJudgments.parse(judgmentRules);
            judgments = rules.generate(products, anchors, seed);
            source.put("source", "attributes " + judgmentRules + ", " + judgments.queries().size() + " anchors (seed " + seed + ")");
            source.put("judged_attributes_indexed", keepJudgedAttributes);
            if (!keepJudgedAttributes) {
                indexed = products.stream().map(p -> {
                    Product q = p;
                    for (String a : rules.attributes()) {
                        q = withoutAttribute(q, a);
                    }
                    return q;
                }).toList();
            }
        }
        source.put("queries", judgments.queries().size());
        source.put("judgments", judgments.judgmentCount());
        source.put("gain", opts.gain().label());
        source.put("relevant_grade", relevantGrade);
        System.out.printf(Locale.ROOT, "%d products; %d golden queries, %d judgments; %d configurations%n", products.size(),
                judgments.queries().size(), judgments.judgmentCount(), configs.size());
        if (writeJudgments != null) {
            GoldenSetReader.write(writeJudgments, judgments, "judgments: " + source.path("source").asText());
            System.out.println("judgments written to " + writeJudgments);
        }
        if (judgments.queries().isEmpty()) {
            throw new IllegalArgumentException("no golden query to run");
        }
        Path work = workDir != null ? workDir : java.nio.file.Files.createTempDirectory("lookalike-eval-");
        try {
            GoldenEval eval = new GoldenEval(indexed, judgments, encoders.cache(), opts, work, System.out);
            report.set("configs", eval.run(configs));
        } finally {
            if (workDir == null) {
                GoldenEval.deleteTree(work);
            }
        }
        report.set("machine_end", GoldenEval.machine());
        java.nio.file.Files.createDirectories(reportDir);
        mapper.writerWithDefaultPrettyPrinter().writeValue(reportDir.resolve("report.json").toFile(), report);
        java.nio.file.Files.writeString(reportDir.resolve("report.html"), GoldenReportHtml.render(report));
        System.out.println("report: " + reportDir.resolve("report.json") + ", " + reportDir.resolve("report.html"));
        return 0;
    }

    /** "full" or a positive number of components; 0 stands for full. */
    static int dimension(String text) {
        if (text.strip().equalsIgnoreCase("full")) {
            return 0;
        }
        try {
            int d = Integer.parseInt(text.strip());
            if (d < 1) {
                throw new IllegalArgumentException("--pca dimensions must be >= 1 or 'full', got " + d);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--pca dimensions must be numbers or 'full', got '" + text + "'");
        }
    }

    private List<Product> readCatalog() throws java.io.IOException {
        // a repeated id is an upsert (docs/catalog-format.md): the later row wins, as it would in an index
        Map<String, Product> products = new java.util.LinkedHashMap<>();
        long[] rejected = {0};
        Catalogs.open(catalog, CatalogOptions.defaults()).read(new CatalogSink() {
            @Override
            public void accept(Product p) {
                if (products.containsKey(p.id()) || limit <= 0 || products.size() < limit) {
                    products.put(p.id(), p);
                }
            }

            @Override
            public void reject(RowError e) {
                rejected[0]++;
            }
        });
        if (rejected[0] > 0) {
            System.out.printf(Locale.ROOT, "%d catalog rows rejected%n", rejected[0]);
        }
        return new ArrayList<>(products.values());
    }

    private int multimodal(List<Product> products, FusionSettings settings, Encoder<BufferedImage> imageEncoder,
                           Encoder<String> textEncoder) {
        long start = System.nanoTime();
        List<ProductVectors> vectors;
        try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT)) {
            ProductVectorizer vectorizer = new ProductVectorizer(settings, imageEncoder, textEncoder, images::load);
            vectors = vectorizer.vectorizeAll(products).vectors();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%d products, vectorized in %.1f s (%.0f products/s), k=%d%n",
                products.size(), seconds, products.size() / seconds, k);
        System.out.printf(Locale.ROOT, "%-16s %8s %8s %8s %8s %8s%n", "attribute", "image", "text", "attrs", "fused", "chance");
        for (String attribute : attributes) {
            String[] labels = products.stream().map(p -> p.attribute(attribute)).toArray(String[]::new);
            List<Product> withoutLabel = products.stream().map(p -> withoutAttribute(p, attribute)).toList();
            List<float[]> attrVectors = new AttributeEncoder(settings.attributeDimension(), new HashSet<>(settings.attributeFields()))
                    .embedAll(withoutLabel);
            float[][] image = part(vectors, Modality.IMAGE, settings);
            float[][] text = part(vectors, Modality.TEXT, settings);
            float[][] attrs = attrVectors.toArray(float[][]::new);
            float[][] fused = new float[products.size()][];
            for (int i = 0; i < fused.length; i++) {
                Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
                vectors.get(i).part(Modality.IMAGE).ifPresent(v -> parts.put(Modality.IMAGE, v));
                vectors.get(i).part(Modality.TEXT).ifPresent(v -> parts.put(Modality.TEXT, v));
                parts.put(Modality.ATTRIBUTES, attrs[i]);
                float[] f = Fusion.fuse(settings, parts);
                fused[i] = f == null ? new float[settings.fusedDimension()] : f;
            }
            System.out.printf(Locale.ROOT, "%-16s %8.4f %8.4f %8.4f %8.4f %8.4f%n", attribute,
                    LeaveOneOutPrecision.precisionAtK(image, labels, k), LeaveOneOutPrecision.precisionAtK(text, labels, k),
                    LeaveOneOutPrecision.precisionAtK(attrs, labels, k), LeaveOneOutPrecision.precisionAtK(fused, labels, k),
                    chance(labels));
        }
        return 0;
    }

    private static float[][] part(List<ProductVectors> vectors, Modality m, FusionSettings s) {
        return vectors.stream().map(v -> v.part(m).orElseGet(() -> new float[s.dimension(m)])).toArray(float[][]::new);
    }

    /** The product without the evaluated attribute, and without category levels equal to its value. */
    static Product withoutAttribute(Product p, String attribute) {
        Set<String> leaked = new LinkedHashSet<>(p.attributes().getOrDefault(attribute, List.of()));
        Product.Builder b = p.toBuilder().attribute(attribute, List.of())
                .categoryPath(p.categoryPath().stream().filter(c -> !leaked.contains(c)).toList());
        return b.build();
    }

    /** Expected precision of a random ranking: the mean share of other items with the query's label. */
    private static double chance(String[] labels) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (String l : labels) {
            if (l != null) {
                counts.merge(l, 1, Integer::sum);
            }
        }
        long n = counts.values().stream().mapToLong(Integer::longValue).sum();
        // a random neighbour is any other product, labelled or not (unlabelled ones count as misses)
        double sum = 0;
        for (int c : counts.values()) {
            sum += (double) c * (c - 1) / Math.max(1, labels.length - 1);
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
