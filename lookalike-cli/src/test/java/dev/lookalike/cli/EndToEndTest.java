package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.search.Hit;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generate the demo catalog, ingest it through the CLI, query it through the engine and the CLI. */
class EndToEndTest {

    private static final int PRODUCTS = 600;

    @TempDir
    static Path dir;
    static DemoCatalog demo;
    static Path index;

    @BeforeAll
    static void ingestDemo() throws Exception {
        demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(PRODUCTS).withSeed(7));
        index = dir.resolve("index");
        assertThat(LookalikeCli.run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString())).isZero();
    }

    @Test
    void topTenSharesTheAnchorsGeneratedTypeFarMoreOftenThanChance() throws Exception {
        Map<String, Integer> typeCounts = new HashMap<>();
        demo.truth().values().forEach(t -> typeCounts.merge(t.type().name(), 1, Integer::sum));
        double chance = typeCounts.values().stream().mapToDouble(c -> (double) c * (c - 1)).sum() / ((double) PRODUCTS * (PRODUCTS - 1));
        int same = 0;
        int total = 0;
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.openExisting(index))) {
            assertThat(open.engine().store().count()).isEqualTo(PRODUCTS);
            for (int i = 0; i < PRODUCTS; i += 6) {
                String anchor = demo.products().get(i).id();
                SearchResult r = open.engine().similar(new SimilarRequest(anchor, 10, ProductFilter.NONE));
                assertThat(r.hits()).hasSize(10).extracting(Hit::id).doesNotContain(anchor);
                for (Hit h : r.hits()) {
                    total++;
                    if (demo.truthOf(h.id()).type() == demo.truthOf(anchor).type()) {
                        same++;
                    }
                }
            }
        }
        double precision = (double) same / total;
        assertThat(chance).isLessThan(0.15);
        assertThat(precision).as("same-type precision@10 (chance %.3f)", chance).isGreaterThan(0.8);
    }

    @Test
    void filtersAreHonoured() throws Exception {
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.openExisting(index))) {
            var anchor = demo.products().get(3);
            String brand = demo.products().get(10).brand();
            ProductFilter filter = ProductFilter.builder().brand(brand).inStockOnly(true).maxPrice(80.0).build();
            SearchResult r = open.engine().similar(new SimilarRequest(anchor.id(), 20, filter));
            assertThat(r.hits()).isNotEmpty();
            for (Hit h : r.hits()) {
                assertThat(h.product().brand()).isEqualTo(brand);
                assertThat(h.product().inStock()).isTrue();
                assertThat(h.product().price()).isLessThanOrEqualTo(80.0);
            }
            long expected = demo.products().stream().filter(p -> brand.equals(p.brand()) && p.inStock() && p.price() <= 80.0
                    && !p.id().equals(anchor.id())).count();
            assertThat(r.hits()).hasSize((int) Math.min(20, expected));
        }
    }

    @Test
    void malformedCatalogReportsBadRowsAndIndexesEveryGoodOne() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(demo.catalogFile()).subList(0, 30));
        lines.set(4, "{\"id\": \"broken\", \"price\": ");                        // line 5: malformed JSON
        lines.set(9, lines.get(9).replaceFirst("\"price\":[0-9.]+", "\"price\":-3"));  // line 10: negative price
        lines.set(14, lines.get(14).replaceFirst("\"id\":\"[^\"]+\",", ""));          // line 15: no id
        Path bad = demo.catalogFile().resolveSibling("bad.jsonl");
        Files.write(bad, lines);
        Path badIndex = dir.resolve("bad-index");
        Path rejects = dir.resolve("bad.rejects.jsonl");

        assertThat(LookalikeCli.run("ingest", "--catalog", bad.toString(), "--index", dir.resolve("fail-index").toString())).isEqualTo(1);
        assertThat(LookalikeCli.run("ingest", "--catalog", bad.toString(), "--index", badIndex.toString(),
                "--on-error=skip", "--rejects", rejects.toString())).isZero();

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rejected = Files.readAllLines(rejects).stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(rejected).extracting(r -> r.get("line").asInt()).containsExactly(5, 10, 15);
        assertThat(rejected.get(1).get("field").asText()).isEqualTo("price");
        assertThat(rejected.get(2).get("field").asText()).isEqualTo("id");

        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.openExisting(badIndex))) {
            assertThat(open.engine().store().count()).isEqualTo(27);
            for (int i = 0; i < 30; i++) {
                if (i == 4 || i == 9 || i == 14) {
                    continue;
                }
                String id = demo.products().get(i).id();
                assertThat(open.engine().product(id)).as(id).isPresent();
                assertThat(open.engine().similar(new SimilarRequest(id, 5, ProductFilter.NONE)).hits()).hasSize(5);
            }
        }
    }

    @Test
    void reopenedIndexAnswersTheSameAndTheCliPrintsJson() throws Exception {
        String anchor = demo.products().get(42).id();
        List<Hit> first;
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.openExisting(index))) {
            first = open.engine().similar(new SimilarRequest(anchor, 10, ProductFilter.NONE)).hits();
        }
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = LookalikeCli.run("similar", "--index", index.toString(), "--id", anchor, "--k", "10", "--json");
        } finally {
            System.setOut(original);
        }
        assertThat(code).isZero();
        JsonNode printed = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        List<String> ids = new ArrayList<>();
        printed.get("hits").forEach(h -> ids.add(h.get("id").asText()));
        assertThat(ids).containsExactlyElementsOf(first.stream().map(Hit::id).toList());
        assertThat(printed.get("hits").get(0).get("score").floatValue()).isEqualTo(first.get(0).score());
    }

    @Test
    void unknownAnchorIsAClearError() {
        assertThat(LookalikeCli.run("similar", "--index", index.toString(), "--id", "no-such-product")).isEqualTo(1);
    }

    private static String stdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(LookalikeCli.run(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void searchCommandSortsKeywordMatchesBySimilarityAndExplains() throws Exception {
        var anchor = demo.products().stream().filter(p -> demo.truthOf(p.id()).type() == dev.lookalike.demo.DemoType.SNEAKERS)
                .findFirst().orElseThrow();
        JsonNode res = new ObjectMapper().readTree(stdout("search", "--index", index.toString(), "--q", "sneakers",
                "--like", anchor.id() + ":2", "--k", "5", "--max-per-brand", "2", "--explain", "--json"));
        assertThat(res.get("retrieval").asText()).isEqualTo("keywords");
        assertThat(res.get("mode").asText()).isEqualTo("exact");
        assertThat(res.get("hits")).hasSize(5);
        Map<String, Integer> perBrand = new HashMap<>();
        double previous = Double.MAX_VALUE;
        for (JsonNode h : res.get("hits")) {
            assertThat(demo.truthOf(h.get("id").asText()).type()).isEqualTo(dev.lookalike.demo.DemoType.SNEAKERS);
            assertThat(h.get("score").asDouble()).isLessThanOrEqualTo(previous);
            previous = h.get("score").asDouble();
            perBrand.merge(h.get("product").get("brand").asText(), 1, Integer::sum);
            assertThat(h.get("explanation").get("anchor").asText()).isEqualTo(anchor.id());
        }
        assertThat(perBrand.values()).allMatch(n -> n <= 2);

        String table = stdout("search", "--index", index.toString(), "--like", anchor.id(), "--unlike", demo.products().get(1).id(),
                "--strategy", "max", "--weights", "text=0", "--k", "3", "--explain");
        assertThat(table.lines().filter(l -> l.contains("score by modality (vs " + anchor.id() + ")")).count()).isEqualTo(3);
        assertThat(table).contains("text n/a").contains("unlike anchor (" + demo.products().get(1).id() + ")");

        String photo = stdout("search", "--index", index.toString(), "--image", Path.of(anchor.images().get(0).uri()).toString(),
                "--text", "red", "--k", "1", "--json");
        assertThat(new ObjectMapper().readTree(photo).get("hits").get(0).get("id").asText()).isEqualTo(anchor.id());

        assertThat(LookalikeCli.run("search", "--index", index.toString(), "--like", anchor.id() + ":-1")).isEqualTo(1);
        assertThat(LookalikeCli.run("search", "--index", index.toString(), "--like", anchor.id(), "--strategy", "median")).isEqualTo(1);
        assertThat(LookalikeCli.run("search", "--index", index.toString(), "--like", anchor.id(), "--weights", "sound=1")).isEqualTo(1);
        assertThat(LookalikeCli.run("search", "--index", index.toString(), "--q", "sneakers", "--k", "5000")).isEqualTo(1);
    }

    @Test
    void likeSpecsSplitTheWeightOffOnlyWhenItIsANumber() {
        assertThat(SearchCommand.anchor("sku:12:0.5", 1, "--like")).isEqualTo(dev.lookalike.query.Anchor.product("sku:12", 0.5));
        assertThat(SearchCommand.anchor("sku:abc", 1, "--like")).isEqualTo(dev.lookalike.query.Anchor.product("sku:abc", 1));
        assertThat(SearchCommand.anchor("p1:2", -1, "--unlike")).isEqualTo(dev.lookalike.query.Anchor.product("p1", -2));
    }
}
