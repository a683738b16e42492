package dev.lookalike.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.engine.ImageProjectionTrainer;
import dev.lookalike.engine.IngestOptions;
import dev.lookalike.engine.IngestReport;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.ProductNotFoundException;
import dev.lookalike.eval.GoldenQuery;
import dev.lookalike.eval.GoldenSet;
import dev.lookalike.eval.QueryKind;
import dev.lookalike.eval.RankingMetrics;
import dev.lookalike.eval.RankingMetrics.Gain;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.model.ModelCache;
import dev.lookalike.projection.Projection;
import dev.lookalike.projection.ProjectionSpec;
import dev.lookalike.query.SearchHit;
import dev.lookalike.query.SearchJson;
import dev.lookalike.query.SearchResponse;
import dev.lookalike.search.SearchMode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The golden-set evaluation of {@code lookalike eval --golden / --judgments-from-attributes} (docs/golden-sets.md):
 * builds one index per distinct index configuration (in a work folder), then runs every golden query through the
 * engine's search ({@code Lookalike.search}, as {@code POST /v1/search} does) twice: on the index as served (HNSW
 * graph) and on the same index opened with exact vector search; scores both rankings against the judgments and times
 * every query. Returns the report as JSON ({@link GoldenReportHtml} renders it). Not thread-safe (a command runs it once).
 */
final class GoldenEval {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param k             the headline cut-off (nDCG@k, precision@k, recall@k, ANN recall@k)
     * @param maxK          hits asked per query; the nDCG curve runs from 1 to it, MRR looks this deep
     * @param gain          DCG gain
     * @param relevantGrade lowest grade that counts as relevant for precision, recall and MRR
     * @param warmup        queries run untimed before each timed pass
     * @param seed          seed of the projection fit sample
     */
    record Options(int k, int maxK, Gain gain, int relevantGrade, int warmup, long seed) {
        Options {
            if (k < 1 || maxK < k || maxK > 1000) {
                throw new IllegalArgumentException("k must be in [1, max k] and max k at most 1000, got k=" + k + ", max k=" + maxK);
            }
            if (relevantGrade < 1) {
                throw new IllegalArgumentException("the relevant grade must be >= 1, got " + relevantGrade);
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("warm-up queries must be >= 0, got " + warmup);
            }
        }
    }

    private final List<Product> products;
    private final GoldenSet golden;
    private final ModelCache models;
    private final Options options;
    private final Path workDir;
    private final PrintStream out;

    /**
     * @param products the catalog as indexed
     * @param workDir  where the indexes are built (one sub-folder each)
     */
    GoldenEval(List<Product> products, GoldenSet golden, ModelCache models, Options options, Path workDir, PrintStream out) {
        this.products = List.copyOf(products);
        this.golden = golden;
        this.models = models;
        this.options = options;
        this.workDir = workDir;
        this.out = out;
    }

    /** Runs every configuration; the result is the report's {@code configs} array. */
    ArrayNode run(List<EvalConfig> configs) throws IOException {
        Map<String, List<EvalConfig>> byIndex = new LinkedHashMap<>();
        for (EvalConfig c : configs) {
            byIndex.computeIfAbsent(c.indexKey(), x -> new ArrayList<>()).add(c);
        }
        Map<String, ObjectNode> results = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, List<EvalConfig>> e : byIndex.entrySet()) {
            Path dir = workDir.resolve("index-" + (++n));
            ObjectNode index = build(dir, e.getValue().get(0));
            index.put("key", e.getKey());
            try (IndexOptions.OpenEngine ann = IndexOptions.OpenEngine.of(LuceneProductStore.openReadOnly(dir), models);
                 IndexOptions.OpenEngine exact = IndexOptions.OpenEngine.of(LuceneProductStore.openReadOnlyExact(dir), models)) {
                for (EvalConfig c : e.getValue()) {
                    ObjectNode r = evaluate(c, ann.engine(), exact.engine());
                    r.set("index", index.deepCopy());
                    results.put(c.name(), r);
                }
            }
        }
        ArrayNode array = MAPPER.createArrayNode();
        configs.forEach(c -> array.add(results.get(c.name())));
        return array;
    }

    private ObjectNode build(Path dir, EvalConfig config) throws IOException {
        long start = System.nanoTime();
        FusionSettings d = Encoders.defaultSettings();
        FusionSettings settings = Encoders.settings(config.imageEncoder() != null ? config.imageEncoder() : d.imageEncoder(),
                config.textEncoder() != null ? config.textEncoder() : d.textEncoder(), models);
        ProjectionSpec spec = config.projectionSpec();
        Projection projection = null;
        ObjectNode index = MAPPER.createObjectNode();
        if (spec != null) {
            try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT)) {
                ProductVectorizer plain = new ProductVectorizer(settings, Encoders.image(settings.imageEncoder(), models),
                        Encoders.text(settings.textEncoder(), models), images::load);
                ImageProjectionTrainer.Result fit = ImageProjectionTrainer.fit(sink -> products.forEach(sink::accept), plain, spec,
                        new ImageProjectionTrainer.Options(Math.max(2, Math.min(products.size(), ImageProjectionTrainer.Options.DEFAULT_SAMPLE_SIZE)),
                                options.seed(), 0));
                out.println(fit.summary());
                projection = fit.projection();
                index.put("projection", fit.summary());
            }
            settings = settings.withImageProjection(projection.descriptor());
        }
        out.printf(Locale.ROOT, "building index %s (%s) with %d products%n", dir.getFileName(), config.indexKey(), products.size());
        IngestReport report;
        try (LuceneProductStore store = LuceneProductStore.open(dir, settings, projection);
             IndexOptions.OpenEngine engine = IndexOptions.OpenEngine.of(store, models)) {
            report = engine.engine().ingest(sink -> products.forEach(sink::accept), IngestOptions.failFast());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "  %s; %.1f s in all%n", report.summary(), seconds);
        index.put("products", report.indexed());
        index.put("image_problems", report.imageProblems());
        index.put("image_encoder", settings.imageEncoder());
        index.put("text_encoder", settings.textEncoder());
        index.put("image_dimension", settings.imageDimension());
        index.put("fused_dimension", settings.fusedDimension());
        put(index, "build_seconds", seconds);
        index.put("size_bytes", folderSize(dir));
        return index;
    }

    /** One configuration: every query, graph then exact. */
    private ObjectNode evaluate(EvalConfig config, Lookalike annEngine, Lookalike exactEngine) throws IOException {
        List<GoldenQuery> queries = golden.queries();
        Pass ann = pass(config, annEngine, queries);
        Pass exact = pass(config, exactEngine, queries);
        ObjectNode r = MAPPER.createObjectNode();
        r.put("name", config.name());
        r.set("config", config.json());
        ObjectNode counts = r.putObject("queries");
        counts.put("total", queries.size());
        counts.put("product", queries.stream().filter(q -> q.kind() == QueryKind.PRODUCT).count());
        counts.put("text", queries.stream().filter(q -> q.kind() == QueryKind.TEXT).count());
        counts.put("failed", ann.failed);
        counts.put("without_relevant_judgment", queries.stream().filter(q -> q.count(options.relevantGrade()) == 0).count());
        if (ann.firstFailure != null) {
            counts.put("first_failure", ann.firstFailure);
        }
        r.set("ann", metrics(ann, queries, null));
        r.set("exact", metrics(exact, queries, null));
        double[] overlap = new double[queries.size()];
        for (int i = 0; i < overlap.length; i++) {
            overlap[i] = ann.rankings[i] == null || exact.rankings[i] == null ? Double.NaN
                    : RankingMetrics.overlap(ann.rankings[i], exact.rankings[i], options.k());
        }
        put(r, "ann_recall", RankingMetrics.mean(overlap));
        ObjectNode byKind = r.putObject("by_kind");
        for (QueryKind kind : QueryKind.values()) {
            if (queries.stream().anyMatch(q -> q.kind() == kind)) {
                ObjectNode m = byKind.putObject(kind.label());
                m.set("ann", metrics(ann, queries, kind));
                m.set("exact", metrics(exact, queries, kind));
            }
        }
        ObjectNode a = (ObjectNode) r.get("ann");
        out.printf(Locale.ROOT, "%-20s nDCG@%d %.4f (exact %.4f)  P@%d %.4f  R@%d %.4f  MRR %.4f  ANN recall@%d %.4f  p50 %.3f ms  p99 %.3f ms%n",
                config.name(), options.k(), a.path("ndcg").asDouble(Double.NaN), r.path("exact").path("ndcg").asDouble(Double.NaN),
                options.k(), a.path("precision").asDouble(Double.NaN), options.k(), a.path("recall").asDouble(Double.NaN),
                a.path("mrr").asDouble(Double.NaN), options.k(), r.path("ann_recall").asDouble(Double.NaN),
                a.path("latency_ms").path("p50").asDouble(Double.NaN), a.path("latency_ms").path("p99").asDouble(Double.NaN));
        out.flush();
        return r;
    }

    /** Rankings and timings of every query on one engine. */
    private static final class Pass {
        List<String>[] rankings;
        double[] millis;
        boolean[] graph;
        int failed;
        String firstFailure;
    }

    @SuppressWarnings("unchecked")
    private Pass pass(EvalConfig config, Lookalike engine, List<GoldenQuery> queries) throws IOException {
        Pass p = new Pass();
        p.rankings = new List[queries.size()];
        p.millis = new double[queries.size()];
        p.graph = new boolean[queries.size()];
        for (int i = 0; i < Math.min(options.warmup(), queries.size()); i++) {
            try {
                search(config, engine, queries.get(i));
            } catch (ProductNotFoundException | IllegalArgumentException e) {
                // counted as failed below, where it is timed
            }
        }
        for (int i = 0; i < queries.size(); i++) {
            long t = System.nanoTime();
            SearchResponse response;
            try {
                response = search(config, engine, queries.get(i));
            } catch (ProductNotFoundException | IllegalArgumentException e) {
                p.millis[i] = Double.NaN;
                p.failed++;
                if (p.firstFailure == null) {
                    p.firstFailure = queries.get(i).kind().label() + " query '" + queries.get(i).anchor() + "': " + e.getMessage();
                }
                continue;
            }
            p.millis[i] = (System.nanoTime() - t) / 1e6;
            p.rankings[i] = response.hits().stream().map(SearchHit::id).toList();
            p.graph[i] = response.mode() == SearchMode.APPROXIMATE;
        }
        return p;
    }

    private SearchResponse search(EvalConfig config, Lookalike engine, GoldenQuery q) throws IOException {
        ObjectNode query = MAPPER.createObjectNode();
        if (q.kind() == QueryKind.PRODUCT) {
            query.putArray("anchors").addObject().put("id", q.anchor());
        } else {
            switch (config.textQueries()) {
                case "keywords" -> query.put("q", q.anchor());
                case "hybrid" -> query.put("q", q.anchor()).put("hybrid", "rrf");
                default -> query.put("text", q.anchor());
            }
        }
        query.put("k", options.maxK());
        return engine.search(SearchJson.parse(config.request(query), null));
    }

    /** Means over the queries of one kind (all when null) that ran and have a relevant judgment. */
    private ObjectNode metrics(Pass p, List<GoldenQuery> queries, QueryKind kind) {
        int k = options.k();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            if ((kind == null || queries.get(i).kind() == kind) && p.rankings[i] != null) {
                rows.add(i);
            }
        }
        double[][] curves = new double[rows.size()][];
        double[] precision = new double[rows.size()];
        double[] recall = new double[rows.size()];
        double[] rr = new double[rows.size()];
        double[] millis = new double[rows.size()];
        int graph = 0;
        for (int j = 0; j < rows.size(); j++) {
            int i = rows.get(j);
            Map<String, Integer> judged = queries.get(i).judgments();
            List<String> ranking = p.rankings[i];
            if (queries.get(i).count(options.relevantGrade()) == 0) {
                // no relevant judgment: no value for any metric (docs/golden-sets.md), nDCG included, so that every
                // metric averages over the same queries also when --relevant-grade is above 1
                curves[j] = new double[options.maxK()];
                java.util.Arrays.fill(curves[j], Double.NaN);
            } else {
                curves[j] = RankingMetrics.ndcgCurve(ranking, judged, options.maxK(), options.gain());
            }
            precision[j] = RankingMetrics.precision(ranking, judged, k, options.relevantGrade());
            recall[j] = RankingMetrics.recall(ranking, judged, k, options.relevantGrade());
            rr[j] = RankingMetrics.reciprocalRank(ranking, judged, options.relevantGrade());
            millis[j] = p.millis[i];
            graph += p.graph[i] ? 1 : 0;
        }
        ObjectNode m = MAPPER.createObjectNode();
        m.put("queries", rows.size());
        m.put("scored", RankingMetrics.defined(precision));
        ArrayNode curve = m.putArray("ndcg_at");
        for (int c = 0; c < options.maxK(); c++) {
            int cut = c;
            double v = round(RankingMetrics.mean(Stream.of(curves).mapToDouble(x -> x[cut]).toArray()));
            if (Double.isNaN(v)) {
                curve.addNull();
            } else {
                curve.add(v);
            }
        }
        m.set("ndcg", curve.get(k - 1));
        put(m, "precision", RankingMetrics.mean(precision));
        put(m, "recall", RankingMetrics.mean(recall));
        put(m, "mrr", RankingMetrics.mean(rr));
        put(m, "graph_share", rows.isEmpty() ? Double.NaN : (double) graph / rows.size());
        ObjectNode latency = m.putObject("latency_ms");
        put(latency, "p50", RankingMetrics.percentile(millis, 50));
        put(latency, "p90", RankingMetrics.percentile(millis, 90));
        put(latency, "p99", RankingMetrics.percentile(millis, 99));
        put(latency, "mean", RankingMetrics.mean(millis));
        return m;
    }

    /** The machine, for the report: cores, load average, JVM. */
    static ObjectNode machine() {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        put(m, "load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    /** Puts the value rounded to four decimals, or null for NaN. */
    static void put(ObjectNode o, String field, double v) {
        double r = round(v);
        if (Double.isNaN(r)) {
            o.putNull(field);
        } else {
            o.put(field, r);
        }
    }

    /** Four significant decimals; NaN stays NaN (written as JSON null by the report). */
    static double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? Double.NaN : Math.round(v * 10_000) / 10_000.0;
    }

    private static long folderSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Deletes a work folder the evaluation created. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
