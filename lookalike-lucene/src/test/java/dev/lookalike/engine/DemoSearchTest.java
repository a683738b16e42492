package dev.lookalike.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.demo.DemoColour;
import dev.lookalike.demo.DemoTruth;
import dev.lookalike.demo.DemoType;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.query.AnchorStrategy;
import dev.lookalike.query.Hybrid;
import dev.lookalike.query.ModalityWeights;
import dev.lookalike.query.SearchHit;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.query.SearchResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search on the generated demo catalog (real encoders), checked against its ground truth. */
class DemoSearchTest {

    private static final int PRODUCTS = 600;

    @TempDir
    static Path dir;
    static DemoCatalog demo;
    static ImageLoader images;
    static Lookalike engine;

    @BeforeAll
    static void ingest() throws Exception {
        demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(PRODUCTS).withSeed(7));
        images = new ImageLoader(ImageLimits.DEFAULT);
        engine = Lookalike.open(LuceneProductStore.open(dir.resolve("index"), Encoders.defaultSettings()), images::load);
        engine.ingest(Catalogs.open(demo.catalogFile(), CatalogOptions.defaults()), IngestOptions.failFast());
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
        images.close();
    }

    static DemoTruth truth(SearchHit h) {
        return demo.truthOf(h.id());
    }

    static Product first(Predicate<DemoTruth> which) {
        return demo.products().stream().filter(p -> which.test(demo.truthOf(p.id()))).findFirst().orElseThrow();
    }

    static long count(SearchResponse r, Predicate<DemoTruth> which) {
        return r.hits().stream().filter(h -> which.test(truth(h))).count();
    }

    @Test
    void minOverTwoRedItemsOfDifferentTypesFavoursRedItems() throws Exception {
        Product dress = first(t -> t.colour() == DemoColour.RED && t.type() == DemoType.DRESS);
        Product sneakers = first(t -> t.colour() == DemoColour.RED && t.type() == DemoType.SNEAKERS);
        SearchResponse min = engine.search(SearchRequest.builder().like(dress.id()).like(sneakers.id())
                .strategy(AnchorStrategy.MIN).k(10).build());
        SearchResponse max = engine.search(SearchRequest.builder().like(dress.id()).like(sneakers.id())
                .strategy(AnchorStrategy.MAX).k(10).build());
        long redMin = count(min, t -> t.colour() == DemoColour.RED);
        long redMax = count(max, t -> t.colour() == DemoColour.RED);
        double redShare = demo.truth().values().stream().filter(t -> t.colour() == DemoColour.RED).count() / (double) PRODUCTS;
        System.out.printf(Locale.ROOT, "red in top 10: min %d, max %d (catalog share %.2f)%n", redMin, redMax, redShare);
        assertThat(redMin).isGreaterThanOrEqualTo(7);
        // max is "like either": it returns dresses and sneakers; min is "like both": red of any type
        assertThat(count(min, t -> t.type() != DemoType.DRESS && t.type() != DemoType.SNEAKERS)).isGreaterThan(0);
        assertThat(count(max, t -> t.type() == DemoType.DRESS || t.type() == DemoType.SNEAKERS)).isGreaterThanOrEqualTo(8);
    }

    @Test
    void unlikePushesAColourDown() throws Exception {
        Product liked = first(t -> t.type() == DemoType.T_SHIRT && t.colour() == DemoColour.BLUE);
        Product unliked = demo.products().stream().filter(p -> !p.id().equals(liked.id())
                && demo.truthOf(p.id()).colour() == DemoColour.BLUE && demo.truthOf(p.id()).type() == DemoType.SHIRT).findFirst().orElseThrow();
        SearchResponse plain = engine.search(SearchRequest.builder().like(liked.id()).k(20).build());
        SearchResponse pushed = engine.search(SearchRequest.builder().like(liked.id()).unlike(unliked.id()).k(20).build());
        long bluePlain = count(plain, t -> t.colour() == DemoColour.BLUE);
        long bluePushed = count(pushed, t -> t.colour() == DemoColour.BLUE);
        System.out.printf(Locale.ROOT, "blue in top 20: like %d, like + unlike %d%n", bluePlain, bluePushed);
        assertThat(bluePushed).isLessThan(bluePlain);
        // still T-shirts
        assertThat(count(pushed, t -> t.type() == DemoType.T_SHIRT)).isGreaterThanOrEqualTo(14);
    }

    @Test
    void sortBySimilarKeepsOnlyKeywordMatchesInAnchorSimilarityOrder() throws Exception {
        Product anchor = first(t -> t.type() == DemoType.SNEAKERS && t.colour() == DemoColour.BLACK);
        SearchResponse r = engine.search(SearchRequest.builder().keywords("sneakers").like(anchor.id()).k(1000).build());
        long matches = demo.products().stream().filter(p -> demo.truthOf(p.id()).type() == DemoType.SNEAKERS).count() - 1;
        assertThat(r.total()).isEqualTo(matches);
        assertThat(r.hits()).hasSize((int) matches).allMatch(h -> truth(h).type() == DemoType.SNEAKERS);
        assertThat(r.hits()).extracting(SearchHit::score).isSortedAccordingTo(Comparator.reverseOrder());
        float[] a = engine.store().get(anchor.id()).orElseThrow().vectors().fused();
        for (SearchHit h : r.hits().subList(0, 10)) {
            float[] v = engine.store().get(h.id()).orElseThrow().vectors().fused();
            assertThat(h.score()).isCloseTo(VectorMath.dot(a, v), within(1e-5f));
        }
    }

    @Test
    void pagingIsConsistent() throws Exception {
        Product anchor = demo.products().get(17);
        SearchRequest all = SearchRequest.builder().keywords("cotton").like(anchor.id()).k(40).build();
        List<String> full = all(engine.search(all));
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 40; offset += 10) {
            paged.addAll(all(engine.search(all.toBuilder().offset(offset).k(10).build())));
        }
        assertThat(full).hasSize(40);
        assertThat(paged).containsExactlyElementsOf(full);
    }

    static List<String> all(SearchResponse r) {
        return r.hits().stream().map(SearchHit::id).toList();
    }

    @Test
    void searchByPhotoFindsTheProductPicturedAndTheTextRefinementShiftsTheColour() throws Exception {
        Product pictured = first(t -> t.type() == DemoType.T_SHIRT && t.colour() == DemoColour.BLUE);
        byte[] png = Files.readAllBytes(Path.of(pictured.images().get(0).uri()));
        SearchResponse photo = engine.search(SearchRequest.builder().image(png, null).k(10).build());
        assertThat(photo.hits().get(0).id()).isEqualTo(pictured.id());
        // the picture alone (image block only): T-shirts far above their catalog share of about 1/12
        assertThat(count(photo, t -> t.type() == DemoType.T_SHIRT)).isGreaterThanOrEqualTo(5);

        // "like this, in red": the text block weighted up (1.5 against the image's 1) so the refinement can move colour
        SearchResponse red = engine.search(SearchRequest.builder().image(png, "in red").weights(ModalityWeights.parse("text=1.5"))
                .k(10).build());
        Predicate<DemoTruth> redTShirt = t -> t.colour() == DemoColour.RED && t.type() == DemoType.T_SHIRT;
        System.out.printf(Locale.ROOT, "red T-shirts in top 10: photo %d, photo + \"in red\" %d%n", count(photo, redTShirt), count(red, redTShirt));
        assertThat(count(photo, redTShirt)).isZero();
        assertThat(count(red, redTShirt)).isGreaterThanOrEqualTo(4);
        assertThat(count(red, t -> t.type() == DemoType.T_SHIRT)).isGreaterThanOrEqualTo(6);
    }

    @Test
    void semanticTextAndHybridSearchFindWhatTheWordsSay() throws Exception {
        SearchResponse text = engine.search(SearchRequest.builder().text("a red dress").k(10).build());
        long redDresses = count(text, t -> t.type() == DemoType.DRESS && t.colour() == DemoColour.RED);
        SearchResponse hybrid = engine.search(SearchRequest.builder().keywords("red dress").hybrid(Hybrid.RRF).k(10).build());
        long hybridRedDresses = count(hybrid, t -> t.type() == DemoType.DRESS && t.colour() == DemoColour.RED);
        long inCatalog = demo.truth().values().stream().filter(t -> t.type() == DemoType.DRESS && t.colour() == DemoColour.RED).count();
        System.out.printf(Locale.ROOT, "red dresses in top 10: text %d, hybrid %d (catalog has %d)%n", redDresses, hybridRedDresses, inCatalog);
        assertThat(redDresses).isGreaterThanOrEqualTo(Math.min(inCatalog, 5));
        assertThat(hybridRedDresses).isGreaterThanOrEqualTo(Math.min(inCatalog, 5));
    }
}
