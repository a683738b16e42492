package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookalike.attribution.Suggestion;
import dev.lookalike.attribution.SuggestionsFile;
import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.search.IndexedProduct;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attribute}, {@code apply}, {@code duplicates} and {@code assortment} on an indexed demo catalog of 240 products
 * (seed 5, 64 px) where 10 % of the products miss an attribute and 10 % show a wrong one.
 */
class AuditCommandsTest {

    @TempDir
    static Path dir;
    static DemoCatalog demo;
    static Path index;

    @BeforeAll
    static void ingest() throws Exception {
        demo = new DemoCatalogGenerator().generate(dir.resolve("demo"), DemoCatalogGenerator.Options.defaults().withCount(240).withSeed(5)
                .withImageSize(64).withMissingAttributeRate(0.1).withWrongAttributeRate(0.1));
        index = dir.resolve("index");
        assertThat(LookalikeCli.run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString())).isZero();
    }

    @Test
    void suggestsThenAppliesTypesKeepingTheOldValues() throws Exception {
        Path out = dir.resolve("types.csv");
        assertThat(LookalikeCli.run("attribute", "--index", index.toString(), "--attribute", "type", "--fill", "--flag",
                "--min-confidence", "0.6", "--out", out.toString())).isZero();
        List<Suggestion> suggestions = SuggestionsFile.read(out);
        assertThat(suggestions).isNotEmpty().allMatch(s -> s.confidence() >= 0.6 && s.attribute().equals("type"));
        // the catalog shows a wrong type on a few products (the generator spreads its errors over four attributes)
        List<String> wrong = demo.products().stream().filter(p -> p.attribute("type") != null
                && !p.attribute("type").equals(demo.truthOf(p.id()).type().label())).map(Product::id).toList();
        List<String> flagged = suggestions.stream().filter(s -> s.kind() == Suggestion.Kind.MISLABEL).map(Suggestion::productId).toList();
        long caught = flagged.stream().filter(wrong::contains).count();
        assertThat(wrong).isNotEmpty();
        assertThat((double) caught / wrong.size()).as("wrong types flagged").isGreaterThanOrEqualTo(0.5);
        assertThat((double) caught / flagged.size()).as("flag precision, against a base rate of %d / 240", wrong.size())
                .isGreaterThan(3.0 * wrong.size() / 240);
        List<Suggestion> fills = suggestions.stream().filter(s -> s.kind() == Suggestion.Kind.FILL).toList();
        long rightFills = fills.stream().filter(s -> s.suggestedValue().equals(demo.truthOf(s.productId()).type().label())).count();
        assertThat(fills).isNotEmpty();
        assertThat((double) rightFills / fills.size()).as("fills that give the true type").isGreaterThanOrEqualTo(0.6);
        Suggestion mislabel = suggestions.stream().filter(s -> s.kind() == Suggestion.Kind.MISLABEL).findFirst().orElseThrow();

        assertThat(LookalikeCli.run("apply", "--index", index.toString(), "--suggestions", out.toString(), "--min-confidence", "0.6")).isZero();
        try (LuceneProductStore store = LuceneProductStore.openReadOnly(index)) {
            Product p = store.get(mislabel.productId()).map(IndexedProduct::product).orElseThrow();
            assertThat(p.attribute("type")).isEqualTo(mislabel.suggestedValue());
            assertThat(p.attributes().get("type.previous")).containsExactly(mislabel.currentValue());
            assertThat(store.count()).isEqualTo(240);
        }
        assertThat(LookalikeCli.run("attribute", "--index", index.toString(), "--attribute", "type", "--out", out.toString())).isEqualTo(1);
    }

    @Test
    void findsDuplicatesAndWritesTheAssortmentPage() throws Exception {
        Path groups = dir.resolve("groups.jsonl");
        assertThat(LookalikeCli.run("duplicates", "--index", index.toString(), "--threshold", "0.9", "--out", groups.toString())).isZero();
        assertThat(Files.readAllLines(groups)).isNotEmpty().allMatch(l -> l.startsWith("{\"size\":"));

        Path page = dir.resolve("page.html");
        assertThat(LookalikeCli.run("assortment", "--index", index.toString(), "--k", "8", "--out", page.toString())).isZero();
        String html = Files.readString(page);
        assertThat(html).startsWith("<!doctype html>").contains("240 products in 8 clusters").contains("src=\"data:image/png;base64,");
        assertThat(LookalikeCli.run("duplicates", "--threshold", "0.9")).isEqualTo(1);
    }

    @Test
    void theDuplicateEvaluationReusesItsIndexOnlyForTheRunThatBuiltIt() throws Exception {
        Path work = dir.resolve("dup-work");
        String[] run = {"duplicates", "--catalog", demo.catalogFile().toString(), "--generate", "20", "--work", work.toString()};
        assertThat(LookalikeCli.run(run)).isZero();
        assertThat(Files.readString(work.resolve("index-run.txt"))).contains("generate=20 seed=42 products=260");
        assertThat(LookalikeCli.run(run)).as("same run: the index is reused").isZero();
        // other copies (another seed) would not be in that index: refused, not an index lookup of a missing copy
        String[] otherSeed = java.util.Arrays.copyOf(run, run.length + 2);
        otherSeed[run.length] = "--seed";
        otherSeed[run.length + 1] = "2";
        assertThat(LookalikeCli.run(otherSeed)).isEqualTo(1);
    }
}
