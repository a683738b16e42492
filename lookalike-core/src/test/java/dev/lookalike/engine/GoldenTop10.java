package dev.lookalike.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.search.Hit;
import dev.lookalike.search.ProductFilter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A golden file of "more like this" results that both store backends are compared with, although they can never run
 * in one JVM (the embedded store is Lucene 10, SolrCloud Lucene 9): the seeded demo catalog of {@value #PRODUCTS}
 * products ingested with the default encoders ({@code Encoders.defaultSettings()}), a seeded set of {@value #ANCHORS}
 * anchors (some with a category or in-stock filter), and the embedded store's top {@value #K} ids for each, kept in
 * {@value #RESOURCE} of lookalike-core's test-jar.
 *
 * <p>The comparison is on ids, never on scores: the image descriptor is pure Java and the fused vectors are the same
 * from run to run, but MiniLM's ONNX Runtime output may differ in the last bits between machines, and HNSW results may
 * differ between graph builds. Stateless; safe to use from any thread.
 */
public final class GoldenTop10 {

    /** Class-path name of the golden file, in lookalike-core's test-jar. */
    public static final String RESOURCE = "/dev/lookalike/engine/embedded-top10.json";
    /** Where the golden file lives in the source tree, relative to the repository root. */
    public static final String SOURCE = "lookalike-core/src/test/resources" + RESOURCE;
    /** Set to {@code true} to (re)write the golden file instead of comparing with it. */
    public static final String WRITE_PROPERTY = "lookalike.golden.write";
    public static final int PRODUCTS = 800;
    public static final int ANCHORS = 100;
    public static final int K = 10;
    /** The catalog: seeded, {@value #PRODUCTS} products, the generator's defaults otherwise (128 px pictures). */
    public static final DemoCatalogGenerator.Options CATALOG = DemoCatalogGenerator.Options.defaults().withCount(PRODUCTS).withSeed(2026);
    private static final long ANCHOR_SEED = 97;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One "more like this" query: an anchor and a filter (possibly {@link ProductFilter#NONE}). */
    public record Query(String anchorId, ProductFilter filter) {

        public SimilarRequest request() {
            return new SimilarRequest(anchorId, K, filter);
        }

        /** The filter as written in the golden file: {@link ProductFilter#describe()} joined, empty for none. */
        public String filterText() {
            return String.join("; ", filter.describe());
        }
    }

    /** One query's expected ids, best first. */
    public record Expected(Query query, List<String> ids) {
        public Expected {
            ids = List.copyOf(ids);
        }
    }

    private GoldenTop10() {
    }

    /** Generates the catalog (file and pictures) into {@code dir}. */
    public static DemoCatalog generate(Path dir) throws IOException {
        return new DemoCatalogGenerator().generate(dir, CATALOG);
    }

    /** Ingests the generated catalog through the engine (fail fast), so it runs on the store's own write path. */
    public static void ingest(Lookalike engine, DemoCatalog demo) throws IOException {
        IngestReport report = engine.ingest(Catalogs.open(demo.catalogFile(), CatalogOptions.defaults()), IngestOptions.failFast());
        if (report.indexed() != PRODUCTS) {
            throw new IllegalStateException("ingested " + report.indexed() + " of " + PRODUCTS + " products: " + report.summary());
        }
    }

    /**
     * The queries: {@value #ANCHORS} distinct anchors drawn with a fixed seed; the first 80 unfiltered, the next 10
     * restricted to the anchor's own second-level category (e.g. Topwear), the last 10 to products in stock.
     */
    public static List<Query> queries(List<Product> products) {
        Random random = new Random(ANCHOR_SEED);
        Set<String> seen = new HashSet<>();
        List<Query> out = new ArrayList<>(ANCHORS);
        while (out.size() < ANCHORS) {
            Product anchor = products.get(random.nextInt(products.size()));
            if (!seen.add(anchor.id())) {
                continue;
            }
            ProductFilter filter;
            if (out.size() < 80) {
                filter = ProductFilter.NONE;
            } else if (out.size() < 90) {
                filter = ProductFilter.builder().category(anchor.categoryPath().get(1)).build();
            } else {
                filter = ProductFilter.builder().inStockOnly(true).build();
            }
            out.add(new Query(anchor.id(), filter));
        }
        return out;
    }

    /** Runs every query through the engine's "more like this". */
    public static List<Expected> run(Lookalike engine, List<Query> queries) throws IOException {
        List<Expected> out = new ArrayList<>(queries.size());
        for (Query q : queries) {
            out.add(new Expected(q, engine.similar(q.request()).hits().stream().map(Hit::id).toList()));
        }
        return out;
    }

    /** Whether this run should write the golden file ({@code -Dlookalike.golden.write=true}). */
    public static boolean writing() {
        return Boolean.getBoolean(WRITE_PROPERTY);
    }

    /**
     * Writes the golden file into the source tree: {@value #SOURCE} under the repository root, found from the module's
     * folder (surefire's {@code basedir}).
     *
     * @return the file written
     */
    public static Path write(List<Expected> results) throws IOException {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        Path file = root.resolve(SOURCE);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("about", "embedded store's top-" + K + " \"more like this\" ids on the demo catalog; written by "
                + "EmbeddedTop10GoldenTest with -D" + WRITE_PROPERTY + "=true (lookalike-lucene), read by SolrCloudIT");
        ObjectNode catalog = doc.putObject("catalog");
        catalog.put("count", CATALOG.count());
        catalog.put("seed", CATALOG.seed());
        catalog.put("image_size", CATALOG.imageSize());
        catalog.put("missing_attribute_rate", CATALOG.missingAttributeRate());
        catalog.put("wrong_attribute_rate", CATALOG.wrongAttributeRate());
        doc.put("k", K);
        ArrayNode queries = doc.putArray("queries");
        for (Expected e : results) {
            ObjectNode q = queries.addObject();
            q.put("anchor", e.query().anchorId());
            q.put("filter", e.query().filterText());
            ArrayNode ids = q.putArray("top");
            e.ids().forEach(ids::add);
        }
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), doc);
        return file;
    }

    /**
     * Reads the golden file from the class path and checks it was written for these queries on this catalog.
     *
     * @throws IllegalStateException when it is missing or was written for another catalog or other queries (rewrite it)
     */
    public static List<Expected> read(List<Query> queries) throws IOException {
        JsonNode doc;
        try (InputStream in = GoldenTop10.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path; write it with -D" + WRITE_PROPERTY + "=true");
            }
            doc = JSON.readTree(in);
        }
        JsonNode c = doc.path("catalog");
        if (c.path("count").asInt() != CATALOG.count() || c.path("seed").asLong() != CATALOG.seed()
                || c.path("image_size").asInt() != CATALOG.imageSize() || doc.path("k").asInt() != K) {
            throw new IllegalStateException(RESOURCE + " was written for another catalog or k: " + c + ", k " + doc.path("k")
                    + "; rewrite it with -D" + WRITE_PROPERTY + "=true");
        }
        JsonNode rows = doc.path("queries");
        if (rows.size() != queries.size()) {
            throw new IllegalStateException(RESOURCE + " has " + rows.size() + " queries, expected " + queries.size());
        }
        List<Expected> out = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            JsonNode row = rows.get(i);
            Query q = queries.get(i);
            if (!row.path("anchor").asText().equals(q.anchorId()) || !row.path("filter").asText().equals(q.filterText())) {
                throw new IllegalStateException(RESOURCE + " query " + i + " is " + row.path("anchor") + " [" + row.path("filter")
                        + "], expected " + q.anchorId() + " [" + q.filterText() + "]; rewrite it with -D" + WRITE_PROPERTY + "=true");
            }
            List<String> ids = new ArrayList<>();
            row.path("top").forEach(n -> ids.add(n.asText()));
            out.add(new Expected(q, ids));
        }
        return out;
    }

    /** Share of {@code expected}'s ids found in {@code actual} (order ignored); 1 when both are empty. */
    public static double overlap(List<String> expected, List<String> actual) {
        if (expected.isEmpty()) {
            return actual.isEmpty() ? 1.0 : 0.0;
        }
        Set<String> got = new HashSet<>(actual);
        return expected.stream().filter(got::contains).count() / (double) expected.size();
    }

    /** Per-query overlaps of {@code actual} with {@code expected}, in query order. */
    public static double[] overlaps(List<Expected> expected, List<Expected> actual) {
        if (expected.size() != actual.size()) {
            throw new IllegalArgumentException("expected " + expected.size() + " results, got " + actual.size());
        }
        double[] out = new double[expected.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = overlap(expected.get(i).ids(), actual.get(i).ids());
        }
        return out;
    }
}
