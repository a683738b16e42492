package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lookalike eval --judgments-from-attributes / --golden --config ...}: indexes, searches, report.json and report.html. */
class GoldenEvalTest {

    private static final int PRODUCTS = 240;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static DemoCatalog demo;

    @BeforeAll
    static void generate() throws Exception {
        demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(PRODUCTS).withSeed(5).withImageSize(64));
    }

    @Test
    void comparesConfigurationsOnJudgmentsFromAttributes() throws Exception {
        Path defaults = write("default.json", "{}");
        Path more = write("more.json", """
                [{"name": "image-only", "search": {"weights": {"image": 1, "text": 0, "attributes": 0}}},
                 {"name": "pca-16", "image_projection": "pca:16"}]""");
        Path report = dir.resolve("report-attributes");
        Path judgments = dir.resolve("judgments.csv");
        assertThat(LookalikeCli.run("eval", "--catalog", demo.catalogFile().toString(), "--judgments-from-attributes",
                "type,colour=2;type=1", "--anchors", "40", "--seed", "3", "--config", defaults.toString(), "--config", more.toString(),
                "--report", report.toString(), "--write-judgments", judgments.toString(), "--warmup", "5")).isZero();

        JsonNode r = JSON.readTree(report.resolve("report.json").toFile());
        assertThat(r.path("products").asInt()).isEqualTo(PRODUCTS);
        assertThat(r.path("judgments").path("queries").asInt()).isEqualTo(40);
        assertThat(r.path("k").asInt()).isEqualTo(10);
        JsonNode configs = r.path("configs");
        assertThat(configs).extracting(c -> c.path("name").asText()).containsExactly("default", "image-only", "pca-16");
        // default and image-only share an index; pca-16 has its own, with a 16-d image part
        assertThat(configs.get(0).path("index").path("key").asText()).isEqualTo(configs.get(1).path("index").path("key").asText());
        assertThat(configs.get(2).path("index").path("image_dimension").asInt()).isEqualTo(16);
        for (JsonNode c : configs) {
            for (String mode : List.of("ann", "exact")) {
                JsonNode m = c.path(mode);
                assertThat(m.path("queries").asInt()).isEqualTo(40);
                assertThat(m.path("ndcg_at")).hasSize(20);
                assertThat(m.path("ndcg").asDouble()).isBetween(0.0, 1.0).isEqualTo(m.path("ndcg_at").get(9).asDouble());
                assertThat(m.path("precision").asDouble()).isBetween(0.0, 1.0);
                assertThat(m.path("recall").asDouble()).isBetween(0.0, 1.0);
                assertThat(m.path("mrr").asDouble()).isBetween(0.0, 1.0);
                assertThat(m.path("latency_ms").path("p50").asDouble()).isPositive()
                        .isLessThanOrEqualTo(m.path("latency_ms").path("p99").asDouble());
            }
            // 240 products: the store scores every product of an anchor's search exactly, so the graph cannot differ
            assertThat(c.path("ann_recall").asDouble()).isEqualTo(1.0);
            assertThat(c.path("ann").path("ndcg").asDouble()).isCloseTo(c.path("exact").path("ndcg").asDouble(), within(1e-9));
        }
        // the demo's generated look decides type and colour: far above what a random ranking gets
        assertThat(configs.get(0).path("ann").path("ndcg").asDouble()).isGreaterThan(0.5);

        String html = Files.readString(report.resolve("report.html"));
        assertThat(html).contains("<svg", "<polyline", "image-only", "pca-16", "nDCG@10").doesNotContain("<script", "src=", "href=");

        // the judgments written are the ones scored, and read back as a golden set they give the same figures
        Path again = dir.resolve("report-golden");
        assertThat(LookalikeCli.run("eval", "--catalog", demo.catalogFile().toString(), "--golden", judgments.toString(),
                "--report", again.toString(), "--warmup", "0")).isZero();
        JsonNode g = JSON.readTree(again.resolve("report.json").toFile());
        assertThat(g.path("judgments").path("judgments").asLong()).isEqualTo(r.path("judgments").path("judgments").asLong());
        // this run indexes the judged attributes (a golden file says nothing about them), so it scores higher
        assertThat(g.path("configs").get(0).path("ann").path("ndcg").asDouble())
                .isGreaterThan(configs.get(0).path("ann").path("ndcg").asDouble());
    }

    @Test
    void aQueryOnAnUnknownProductIsCountedFailedAlsoWhenItIsAmongTheWarmUpQueries() throws Exception {
        Product a = demo.products().get(0);
        Product b = demo.products().get(1);
        Path golden = write("unknown-first.csv", "kind,anchor,candidate,grade\nproduct,no-such-product," + a.id()
                + ",2\nproduct," + a.id() + "," + b.id() + ",1\n");
        Path report = dir.resolve("report-unknown");
        // the default 50 warm-up queries include the failing one: it must not stop the run
        assertThat(LookalikeCli.run("eval", "--catalog", demo.catalogFile().toString(), "--golden", golden.toString(),
                "--report", report.toString())).isZero();
        JsonNode queries = JSON.readTree(report.resolve("report.json").toFile()).path("configs").get(0).path("queries");
        assertThat(queries.path("failed").asInt()).isEqualTo(1);
        assertThat(queries.path("first_failure").asText()).contains("no-such-product");
    }

    @Test
    void aQueryWithoutAJudgmentAtTheRelevantGradeCountsInNoMetric() throws Exception {
        List<Product> p = demo.products();
        String onlyGradeOne = "product," + p.get(0).id() + "," + p.get(1).id() + ",1\n";
        String gradeTwo = "product," + p.get(2).id() + "," + p.get(3).id() + ",2\nproduct," + p.get(2).id() + ","
                + p.get(4).id() + ",1\n";
        Path both = write("grades-both.csv", "kind,anchor,candidate,grade\n" + onlyGradeOne + gradeTwo);
        Path second = write("grades-second.csv", "kind,anchor,candidate,grade\n" + gradeTwo);
        Path reportBoth = dir.resolve("report-grades-both");
        Path reportSecond = dir.resolve("report-grades-second");
        assertThat(LookalikeCli.run("eval", "--catalog", demo.catalogFile().toString(), "--golden", both.toString(),
                "--relevant-grade", "2", "--report", reportBoth.toString(), "--warmup", "0")).isZero();
        assertThat(LookalikeCli.run("eval", "--catalog", demo.catalogFile().toString(), "--golden", second.toString(),
                "--relevant-grade", "2", "--report", reportSecond.toString(), "--warmup", "0")).isZero();
        JsonNode b = JSON.readTree(reportBoth.resolve("report.json").toFile()).path("configs").get(0);
        JsonNode s = JSON.readTree(reportSecond.resolve("report.json").toFile()).path("configs").get(0);
        assertThat(b.path("queries").path("without_relevant_judgment").asInt()).isEqualTo(1);
        // the first query has no grade-2 judgment: nDCG, like precision, is the second query's alone
        for (String metric : List.of("ndcg", "precision", "recall", "mrr")) {
            assertThat(b.path("exact").path(metric).asDouble()).as(metric).isEqualTo(s.path("exact").path(metric).asDouble());
        }
    }

    @Test
    void goldenFilesWithTextQueriesRunTheTextSearch() throws Exception {
        List<String> rows = new ArrayList<>(List.of("kind,anchor,candidate,grade"));
        Product first = demo.products().get(0);
        String colour = first.attribute("colour");
        String type = first.attribute("type");
        for (Product p : demo.products()) {
            int grade = (type.equals(p.attribute("type")) ? 1 : 0) + (colour.equals(p.attribute("colour")) && type.equals(p.attribute("type")) ? 1 : 0);
            if (grade > 0) {
                rows.add("text,\"" + colour + " " + type + "\"," + p.id() + "," + grade);
                if (!p.id().equals(first.id())) {
                    rows.add("product," + first.id() + "," + p.id() + "," + grade);
                }
            }
        }
        Path golden = write("golden.csv", String.join("\n", rows) + "\n");
        Path keywords = write("keywords.json", "{\"text_queries\": \"keywords\"}");
        Path vector = write("vector.json", "{\"text_queries\": \"vector\"}");
        Path report = dir.resolve("report-text");
        assertThat(LookalikeCli.run("eval", "--catalog", demo.catalogFile().toString(), "--golden", golden.toString(),
                "--config", keywords.toString(), "--config", vector.toString(), "--report", report.toString(), "--k", "5",
                "--max-k", "8")).isZero();
        JsonNode configs = JSON.readTree(report.resolve("report.json").toFile()).path("configs");
        for (JsonNode c : configs) {
            assertThat(c.path("queries").path("text").asInt()).isEqualTo(1);
            assertThat(c.path("queries").path("product").asInt()).isEqualTo(1);
            assertThat(c.path("ann").path("ndcg_at")).hasSize(8);
            JsonNode text = c.path("by_kind").path("text").path("ann");
            assertThat(text.path("queries").asInt()).isEqualTo(1);
            assertThat(text.path("ndcg").asDouble()).isBetween(0.0, 1.0);
        }
        // both text searches find relevant products; the text mode changes nothing for product anchors (same index)
        for (JsonNode c : configs) {
            assertThat(c.path("by_kind").path("text").path("ann").path("precision").asDouble()).isPositive();
        }
        assertThat(configs.get(0).path("by_kind").path("product").path("ann").path("ndcg_at"))
                .isEqualTo(configs.get(1).path("by_kind").path("product").path("ann").path("ndcg_at"));
        assertThat(configs.get(0).path("index").path("key")).isEqualTo(configs.get(1).path("index").path("key"));
    }

    @Test
    void configurationErrorsNameTheFileAndTheField() throws Exception {
        assertThatThrownBy(() -> EvalConfig.read(write("bad1.json", "{\"wieghts\": 1}")))
                .hasMessageContaining("bad1.json: unknown field 'wieghts'");
        assertThatThrownBy(() -> EvalConfig.read(write("bad2.json", "{\"search\": {\"k\": 5}}")))
                .hasMessageContaining("bad2.json: field 'search.k' is set by the evaluation");
        assertThatThrownBy(() -> EvalConfig.read(write("bad3.json", "{\"search\": {\"weights\": {\"image\": -1}}}")))
                .hasMessageContaining("bad3.json: field 'search': ").hasMessageContaining("-1");
        assertThatThrownBy(() -> EvalConfig.read(write("bad4.json", "[{\"image_projection\": \"pca:8\"}]")))
                .hasMessageContaining("bad4.json: configuration [0]: field 'name' is required");
        assertThatThrownBy(() -> EvalConfig.read(write("bad5.json", "{\"text_queries\": \"bm25\"}")))
                .hasMessageContaining("field 'text_queries' must be one of [vector, keywords, hybrid], got 'bm25'");
        assertThatThrownBy(() -> EvalConfig.read(write("bad6.json", "{\"image_projection\": \"pca:x\"}")))
                .hasMessageContaining("bad6.json: field 'image_projection': ");
        assertThatThrownBy(() -> EvalConfig.requireUniqueNames(List.of(EvalConfig.defaults(), EvalConfig.defaults())))
                .hasMessageContaining("two configurations are named 'default'");
        assertThat(EvalConfig.read(write("named.json", "{\"search\": {\"weights\": {\"text\": 0}}}")).get(0).name()).isEqualTo("named");
    }

    private static Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
