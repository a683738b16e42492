package dev.lookalike.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.Product;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Near-duplicates and the assortment view on the shared generated catalog (360 products). */
class AuditTest {

    @TempDir
    static Path dir;
    static DemoVectors demo;

    @BeforeAll
    static void generate() throws Exception {
        demo = DemoVectors.shared();
    }

    @Test
    void unionFindGroupsPairsAndScoresThemAgainstTheTruth() {
        List<DuplicateFinder.Pair> pairs = List.of(new DuplicateFinder.Pair(0, 1, 0.99f), new DuplicateFinder.Pair(1, 2, 0.95f),
                new DuplicateFinder.Pair(5, 6, 0.97f));
        DuplicateFinder.Result r = DuplicateFinder.group(pairs, 10, 0.9);
        assertThat(r.groups()).containsExactly(new int[] {0, 1, 2}, new int[] {5, 6});
        assertThat(r.groupPairs()).isEqualTo(4);
        DuplicateFinder.Result strict = r.atThreshold(0.96, 10);
        assertThat(strict.groups()).containsExactly(new int[] {0, 1}, new int[] {5, 6});
        // truth: 0-1 and 5-7; found 0-1-2 and 5-6: one right pair of 4 found, of 2 true
        DuplicateFinder.Evaluation e = DuplicateFinder.evaluate(r, List.of(new int[] {0, 1}, new int[] {5, 7}), 10);
        assertThat(e.correctPairs()).isEqualTo(1);
        assertThat(e.precision()).isEqualTo(0.25);
        assertThat(e.recall()).isEqualTo(0.5);
        assertThat(e.directPairs()).isEqualTo(3);
        assertThat(e.directCorrect()).isEqualTo(1);
        assertThat(e.directRecall()).isEqualTo(0.5);
    }

    @Test
    void aGroupNamesTheAttributesItsProductsDisagreeOn() {
        Product pink = Product.builder("55000").title("Lip Gloss Day Rose").attribute("baseColour", "Pink")
                .attribute("articleType", "Lip Gloss").attribute("tags", List.of("matte", "long wear")).build();
        Product brown = Product.builder("54997").title("Lip Gloss Night Silk").attribute("baseColour", "Brown")
                .attribute("articleType", "Lip Gloss").attribute("tags", List.of("matte", "long wear")).build();
        Product unlabelled = Product.builder("55001").title("Lip Gloss").attribute("articleType", "Lip Gloss").build();
        Product pinkAgain = Product.builder("55002").title("Lip Gloss Rose").attribute("baseColour", "Pink").build();

        List<Product> group = List.of(pink, brown, unlabelled, pinkAgain);
        // a product without the attribute does not count; equal multi-valued attributes agree
        assertThat(DuplicateGroups.conflicts(group)).containsExactly(Map.entry("baseColour", List.of("Pink", "Brown")));
        ObjectNode json = DuplicateGroups.json(group);
        assertThat(json.get("size").asInt()).isEqualTo(4);
        assertThat(json.get("conflicts").toString()).isEqualTo("{\"baseColour\":[\"Pink\",\"Brown\"]}");
        assertThat(json.get("products").get(1).toString())
                .isEqualTo("{\"id\":\"54997\",\"title\":\"Lip Gloss Night Silk\",\"attributes\":{\"baseColour\":\"Brown\"}}");
        assertThat(json.get("products").get(2).get("attributes").isEmpty()).isTrue();

        ObjectNode agreeing = DuplicateGroups.json(List.of(pink, pinkAgain));
        assertThat(DuplicateGroups.conflicts(List.of(pink, pinkAgain))).isEmpty();
        assertThat(agreeing.has("conflicts")).isFalse();
        assertThat(agreeing.get("products").get(0).has("attributes")).isFalse();
    }

    @Test
    void findsGeneratedDuplicatesOfEveryKind() throws Exception {
        DuplicateGenerator.Generated g = DuplicateGenerator.generate(demo.demo().products(), 24, 9, dir.resolve("dups"));
        assertThat(g.products()).hasSize(24);
        assertThat(g.kinds()).containsOnly(DuplicateGenerator.Kind.values());
        assertThat(g.products().stream().filter(p -> !g.kinds().get(g.products().indexOf(p)).equals(DuplicateGenerator.Kind.RELIST))
                .allMatch(p -> Files.exists(Path.of(p.images().get(0).uri())))).isTrue();
        List<Product> all = new ArrayList<>(demo.demo().products());
        all.addAll(g.products());
        CatalogVectors vectors = demo.encoded(all).vectors();
        List<int[]> truth = new ArrayList<>();
        for (int i = 0; i < g.products().size(); i++) {
            truth.add(new int[] {vectors.row(g.sources().get(i)), vectors.row(g.products().get(i).id())});
        }
        DuplicateFinder.Result found = DuplicateFinder.find(vectors, vectors.exactSearch(), 0.9, 5);
        DuplicateFinder.Evaluation loose = DuplicateFinder.evaluate(found, truth, vectors.size());
        assertThat(loose.recall()).isEqualTo(1.0);
        DuplicateFinder.Evaluation strict = DuplicateFinder.evaluate(found.atThreshold(0.95, vectors.size()), truth, vectors.size());
        assertThat(strict.recall()).isGreaterThan(0.8);
        assertThat(strict.precision()).isGreaterThan(loose.precision());
    }

    @Test
    void aThresholdIsReachedDespiteFloatRounding() {
        assertThat(DuplicateFinder.reaches(0.99999994f, 1.0)).as("identical vectors at threshold 1").isTrue();
        assertThat(DuplicateFinder.reaches(0.95f, 0.95)).as("0.95f is just below the double 0.95").isTrue();
        assertThat(DuplicateFinder.reaches(0.9499f, 0.95)).isFalse();
    }

    @Test
    void copiesOfProductsWhoseIdsAreNotFileNamesAreGenerated() throws Exception {
        // ids may hold '/' (a path), or run to 512 characters (past a file name's length)
        Product source = demo.demo().products().get(0);
        Product odd = Product.builder("shoes/" + "x".repeat(400)).images(source.images()).build();
        DuplicateGenerator.Generated g = DuplicateGenerator.generate(List.of(odd), 1, 3, dir.resolve("odd-dups"));
        assertThat(g.products()).hasSize(1);
        assertThat(g.products().get(0).id()).startsWith("shoes/");
        // the first copy is always a re-encoded picture: a file is written, which an id-named file could not be
        assertThat(g.kinds()).containsExactly(DuplicateGenerator.Kind.REENCODE);
        assertThat(Path.of(g.products().get(0).images().get(0).uri())).exists();
    }

    @Test
    void clustersTheCatalogAndFlagsClustersWithLittleStock() {
        // dresses are made out of stock: the cluster(s) made mostly of them become gaps
        String firstType = "dress";
        List<Product> products = demo.demo().products().stream()
                .map(p -> firstType.equals(p.attribute("type")) ? p.toBuilder().inStock(false).build() : p.toBuilder().inStock(true).build())
                .toList();
        CatalogVectors vectors = CatalogVectors.of(products, demo.raw());
        Assortment.Report report = Assortment.analyse(vectors, Assortment.Options.DEFAULTS.withK(12).withGapThreshold(0.5));
        assertThat(report.clusters()).hasSize(12);
        assertThat(report.clusters().stream().mapToInt(Assortment.Cluster::size).sum()).isEqualTo(360);
        assertThat(report.clusters()).isSortedAccordingTo((a, b) -> Integer.compare(b.size(), a.size()));
        assertThat(report.gaps()).isNotEmpty();
        for (Assortment.Cluster gap : report.gaps()) {
            long ofFirstType = gap.rows().stream().filter(r -> firstType.equals(vectors.product(r).attribute("type"))).count();
            assertThat(ofFirstType).as("gap cluster %d", gap.number()).isGreaterThan(gap.size() / 2);
        }
        Assortment.Cluster c = report.clusters().get(0);
        assertThat(c.priceMin()).isLessThanOrEqualTo(c.priceMedian());
        assertThat(c.priceMedian()).isLessThanOrEqualTo(c.priceMax());
        assertThat(c.representatives()).hasSize(6).isEqualTo(c.rows().subList(0, 6));
        assertThat(Assortment.analyse(vectors, Assortment.Options.DEFAULTS.withK(12)).clusters()).isEqualTo(report.clusters());

        String html = AssortmentPage.render(report, vectors, "Shop <assortment>", p -> "/img/" + p.id());
        assertThat(html).startsWith("<!doctype html>").contains("Shop &lt;assortment&gt;").contains("— gap")
                .contains("src=\"/img/" + vectors.product(c.representatives().get(0)).id() + "\"");
    }
}
