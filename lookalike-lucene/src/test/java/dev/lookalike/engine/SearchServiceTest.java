package dev.lookalike.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.query.Anchor;
import dev.lookalike.query.AnchorStrategy;
import dev.lookalike.query.DroppedHit;
import dev.lookalike.query.Hybrid;
import dev.lookalike.query.ModalityScore;
import dev.lookalike.query.ModalityWeights;
import dev.lookalike.query.Retrieval;
import dev.lookalike.query.SearchHit;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.query.SearchResponse;
import dev.lookalike.query.SearchRules;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchMode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search engine on synthetic vectors (stub encoders), checked against brute force: strategies, per-query weights,
 * rules, diversity, paging, explanations, validation. The index is small, so every vector search runs exactly.
 */
class SearchServiceTest {

    static final FusionSettings SETTINGS = new FusionSettings(1f, 0.6f, 0.4f, "img-test", 8, "txt-test", 8, 8, List.of());
    static final String[] TYPES = {"Shirts", "Boots", "Bags"};
    static final String[] BRANDS = {"Acme", "Zed", "Volt"};
    static final String[] COLOURS = {"red", "blue", "green", "black"};
    static final int PRODUCTS = 120;

    @TempDir
    static Path dir;
    static Lookalike engine;
    static final Map<String, IndexedProduct> CATALOG = new HashMap<>();

    @BeforeAll
    static void build() throws Exception {
        ProductVectorizer vectorizer = new ProductVectorizer(SETTINGS, new StubEncoders.Image(), new StubEncoders.Text(),
                ref -> { throw new AssertionError("no pictures are loaded in this test"); });
        engine = new Lookalike(LuceneProductStore.open(dir.resolve("index"), SETTINGS), vectorizer);
        SplittableRandom r = new SplittableRandom(11);
        List<IndexedProduct> all = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            String type = TYPES[i % 3];
            String colour = COLOURS[(i / 3) % 4];
            Product p = Product.builder(String.format("p%03d", i)).title("item " + colour + " " + type)
                    .brand(BRANDS[(i / 2) % 3]).categoryPath(List.of("Apparel", type)).price(10.0 + i).currency("EUR")
                    .inStock(i % 7 != 0).groupId(i < 40 ? "g" + (i / 4) : null)
                    .attribute("gender", i % 2 == 0 ? "women" : "men").attribute("colour", colour).build();
            Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
            for (Modality m : Modality.values()) {
                parts.put(m, randomUnit(r, 8));
            }
            all.add(new IndexedProduct(p, new ProductVectors(parts, Fusion.fuse(SETTINGS, parts))));
        }
        // keyword matches without vectors: they come after the scored ones
        for (int i = 0; i < 3; i++) {
            Product p = Product.builder("nov" + i).title("item " + "special ".repeat(i + 1)).brand("Acme").price(50.0).build();
            all.add(new IndexedProduct(p, ProductVectors.NONE));
        }
        engine.store().upsert(all);
        engine.store().commit();
        all.forEach(p -> CATALOG.put(p.id(), p));
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
    }

    static float[] randomUnit(SplittableRandom r, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return VectorMath.normalizeInPlace(v);
    }

    static float[] fused(String id) {
        return CATALOG.get(id).vectors().fused();
    }

    /** Product ids with vectors, other than the excluded, by a brute-force score (desc), top n. */
    static List<String> bruteForce(ToDoubleFunction<float[]> score, Set<String> exclude, int n) {
        return CATALOG.values().stream().filter(p -> p.vectors().fused() != null && !exclude.contains(p.id()))
                .sorted(Comparator.comparingDouble((IndexedProduct p) -> -score.applyAsDouble(p.vectors().fused())).thenComparing(IndexedProduct::id))
                .limit(n).map(IndexedProduct::id).toList();
    }

    static List<String> ids(SearchResponse r) {
        return r.hits().stream().map(SearchHit::id).toList();
    }

    @Test
    void singleAnchorRanksTheWholeCatalogByCosineExactlyAsBruteForce() throws Exception {
        SearchResponse r = engine.search(SearchRequest.builder().like("p005").k(20).build());
        assertThat(r.retrieval()).isEqualTo(Retrieval.VECTOR);
        assertThat(r.mode()).isEqualTo(SearchMode.EXACT);
        float[] a = fused("p005");
        assertThat(ids(r)).containsExactlyElementsOf(bruteForce(v -> VectorMath.dot(a, v), Set.of("p005"), 20));
        for (SearchHit h : r.hits()) {
            assertThat(h.score()).isEqualTo(h.similarity());
            assertThat(h.similarity()).isCloseTo(VectorMath.dot(a, fused(h.id())), within(1e-5f));
        }
    }

    @Test
    void textWeightZeroRanksAsTheImageAndAttributeBlocksAloneByBruteForce() throws Exception {
        SearchResponse r = engine.search(SearchRequest.builder().like("p007").k(25)
                .weights(ModalityWeights.parse("text=0")).explain(true).build());
        // brute force: the anchor's image and attribute parts only, fused with the index weights
        Map<Modality, float[]> parts = CATALOG.get("p007").vectors().parts();
        parts.remove(Modality.TEXT);
        float[] q = Fusion.fuse(SETTINGS, parts);
        assertThat(ids(r)).containsExactlyElementsOf(bruteForce(v -> VectorMath.dot(q, v), Set.of("p007"), 25));
        for (SearchHit h : r.hits()) {
            ModalityScore text = h.explanation().modalities().stream().filter(m -> m.modality() == Modality.TEXT).findFirst().orElseThrow();
            assertThat(text.contribution()).isZero();
        }
    }

    @Test
    void queryWeightsEqualToAnotherIndexsWeightsRankAsThatIndexWould() throws Exception {
        // products all have every modality, so the ranking equals the one of an index built with the query weights
        FusionSettings other = SETTINGS.withWeights(0.5f, 1f, 0.2f);
        Map<String, float[]> reindexed = new HashMap<>();
        CATALOG.forEach((id, p) -> {
            if (p.vectors().fused() != null) {
                reindexed.put(id, Fusion.fuse(other, p.vectors().parts()));
            }
        });
        SearchResponse r = engine.search(SearchRequest.builder().like("p030").k(15)
                .weights(ModalityWeights.parse("image=0.5,text=1,attributes=0.2")).build());
        float[] a = reindexed.get("p030");
        List<String> expected = reindexed.entrySet().stream().filter(e -> !e.getKey().equals("p030"))
                .sorted(Comparator.comparingDouble((Map.Entry<String, float[]> e) -> -VectorMath.dot(a, e.getValue())).thenComparing(Map.Entry::getKey))
                .limit(15).map(Map.Entry::getKey).toList();
        assertThat(ids(r)).containsExactlyElementsOf(expected);
    }

    @Test
    void strategiesFollowTheirDocumentedFormulas() throws Exception {
        float[] a = fused("p010");
        float[] b = fused("p020");
        float[] n = fused("p040");
        float[] c = centroid(a, b);
        Set<String> anchors = Set.of("p010", "p020", "p040");
        // two likes (weight 1 each) and one unlike of weight 0.5: λ = 0.5 / 2
        float lambda = 0.25f;
        Map<AnchorStrategy, ToDoubleFunction<float[]>> formulas = Map.of(
                AnchorStrategy.MEAN, v -> VectorMath.dot(c, v) - lambda * VectorMath.dot(n, v),
                AnchorStrategy.MAX, v -> Math.max(VectorMath.dot(a, v), VectorMath.dot(b, v)) - lambda * VectorMath.dot(n, v),
                AnchorStrategy.MIN, v -> Math.min(VectorMath.dot(a, v), VectorMath.dot(b, v)) - lambda * VectorMath.dot(n, v));
        for (AnchorStrategy s : AnchorStrategy.values()) {
            SearchResponse r = engine.search(SearchRequest.builder().like("p010").like("p020").like("p040", -0.5)
                    .strategy(s).k(20).explain(true).build());
            assertThat(r.strategy()).isEqualTo(s);
            assertThat(ids(r)).as(s.label()).containsExactlyElementsOf(bruteForce(formulas.get(s), anchors, 20));
            for (SearchHit h : r.hits()) {
                assertThat(h.similarity()).as(s + " " + h.id()).isCloseTo((float) formulas.get(s).applyAsDouble(fused(h.id())), within(1e-5f));
                float sum = 0;
                for (ModalityScore m : h.explanation().modalities()) {
                    sum += m.contribution();
                }
                assertThat(sum).as("contributions of " + h.id() + " (" + s + ")").isCloseTo(h.similarity(), within(1e-5f));
                assertThat(h.explanation().notes()).anyMatch(note -> note.startsWith("unlike anchor"));
            }
        }
    }

    @Test
    void perModalityCosinesAreTheBlockCosinesWithTheAnchor() throws Exception {
        SearchResponse r = engine.search(SearchRequest.builder().like("p012").k(3).explain(true).build());
        IndexedProduct anchor = CATALOG.get("p012");
        for (SearchHit h : r.hits()) {
            assertThat(h.explanation().anchor()).isEqualTo("p012");
            for (ModalityScore m : h.explanation().modalities()) {
                float expected = VectorMath.dot(anchor.vectors().part(m.modality()).orElseThrow(),
                        CATALOG.get(h.id()).vectors().part(m.modality()).orElseThrow());
                assertThat(m.cosine()).isCloseTo(expected, within(1e-5f));
            }
        }
    }

    static float[] centroid(float[]... vs) {
        float[] s = new float[vs[0].length];
        for (float[] v : vs) {
            for (int i = 0; i < s.length; i++) {
                s[i] += v[i];
            }
        }
        return VectorMath.normalizeInPlace(s);
    }

    @Test
    void sortBySimilarKeepsOnlyKeywordMatchesInSimilarityOrderThenVectorlessByBm25() throws Exception {
        SearchResponse r = engine.search(SearchRequest.builder().keywords("item boots").like("p004").k(100).build());
        assertThat(r.retrieval()).isEqualTo(Retrieval.KEYWORDS);
        assertThat(r.mode()).isEqualTo(SearchMode.EXACT);
        List<String> boots = CATALOG.values().stream().filter(p -> p.product().categoryPath().contains("Boots") && !p.id().equals("p004"))
                .map(IndexedProduct::id).toList();
        float[] a = fused("p004");
        Set<String> notBoots = new HashSet<>(CATALOG.keySet());
        notBoots.removeAll(boots);
        assertThat(ids(r)).containsExactlyElementsOf(bruteForce(v -> VectorMath.dot(a, v), notBoots, 100));
        assertThat(r.total()).isEqualTo(boots.size());

        SearchResponse special = engine.search(SearchRequest.builder().keywords("item").like("p004").k(1000).build());
        // the keyword matches without a vector come last, by BM25
        List<String> tail = ids(special).subList(special.hits().size() - 3, special.hits().size());
        assertThat(tail).containsExactlyInAnyOrder("nov0", "nov1", "nov2");
        assertThat(special.hits().subList(special.hits().size() - 3, special.hits().size()))
                .allMatch(h -> h.score() == null && h.similarity() == null && h.keywordScore() != null);
        List<Float> bm25 = special.hits().subList(special.hits().size() - 3, special.hits().size()).stream().map(SearchHit::keywordScore).toList();
        assertThat(bm25).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(special.hits().subList(0, special.hits().size() - 3)).extracting(SearchHit::score)
                .isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void keywordsAloneOrderByBm25AndFiltersAloneBrowse() throws Exception {
        SearchResponse kw = engine.search(SearchRequest.builder().keywords("red boots").k(50).build());
        assertThat(kw.retrieval()).isEqualTo(Retrieval.KEYWORDS);
        assertThat(kw.mode()).isEqualTo(SearchMode.NONE);
        assertThat(kw.hits()).allMatch(h -> h.product().title().contains("red") && h.product().title().contains("Boots"));
        assertThat(kw.hits()).extracting(SearchHit::score).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(kw.hits()).allMatch(h -> h.score().equals(h.keywordScore()));

        SearchResponse browse = engine.search(SearchRequest.builder()
                .filter(ProductFilter.builder().category("bags").brand("zed").build()).k(100).build());
        assertThat(browse.retrieval()).isEqualTo(Retrieval.FILTER);
        long expected = CATALOG.values().stream().filter(p -> p.product().categoryPath().contains("Bags") && "Zed".equals(p.product().brand())).count();
        assertThat(browse.total()).isEqualTo(expected);
        assertThat(browse.hits()).hasSize((int) expected).allMatch(h -> h.score() == null);
    }

    @Test
    void candidateCapIsReportedAndHonoured() throws Exception {
        SearchResponse r = engine.search(SearchRequest.builder().keywords("item").like("p001").maxCandidates(30).k(30).build());
        assertThat(r.capped()).isTrue();
        assertThat(r.total()).isEqualTo(30);
        SearchResponse all = engine.search(SearchRequest.builder().keywords("item").like("p001").k(10).build());
        assertThat(all.capped()).isFalse();
        assertThat(all.total()).isEqualTo(PRODUCTS - 1 + 3);
    }

    @Test
    void pagesConcatenateToTheFullListWithAndWithoutDiversity() throws Exception {
        for (SearchRules rules : List.of(SearchRules.NONE, SearchRules.builder().maxPerBrand(3).collapseVariants(true).build())) {
            SearchRequest base = SearchRequest.builder().like("p002").like("p050").strategy(AnchorStrategy.MAX).rules(rules).k(24).build();
            List<String> full = ids(engine.search(base));
            assertThat(full).hasSize(rules.diversity() ? 9 : 24);
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < 24; offset += 6) {
                paged.addAll(ids(engine.search(base.toBuilder().offset(offset).k(6).build())));
            }
            assertThat(paged).containsExactlyElementsOf(full);
        }
    }

    @Test
    void anchorRulesBecomeFiltersOnTopOfTheRequestFilter() throws Exception {
        Product anchor = CATALOG.get("p030").product();
        SearchRules rules = SearchRules.builder().priceBandPercent(50.0).sameBrand(true).sameCategory(true).sameAttribute("gender").build();
        SearchResponse r = engine.search(SearchRequest.builder().like("p030").rules(rules)
                .filter(ProductFilter.builder().inStockOnly(true).build()).k(100).explain(true).build());
        List<IndexedProduct> expected = CATALOG.values().stream().filter(p -> {
            Product q = p.product();
            return !q.id().equals("p030") && q.price() != null && Math.abs(q.price() - anchor.price()) <= anchor.price() * 0.5
                    && anchor.brand().equals(q.brand()) && q.categoryPath().contains(anchor.leafCategory())
                    && anchor.attribute("gender").equals(q.attribute("gender")) && q.inStock();
        }).toList();
        assertThat(expected).isNotEmpty();
        assertThat(ids(r)).containsExactlyInAnyOrderElementsOf(expected.stream().map(IndexedProduct::id).toList());
        SearchHit first = r.hits().get(0);
        assertThat(first.explanation().notes()).contains("same brand as the anchor: " + anchor.brand(),
                "same category as the anchor: " + anchor.leafCategory(), "same gender as the anchor: " + anchor.attribute("gender"));
        assertThat(first.explanation().notes()).anyMatch(n -> n.startsWith("price ") && n.contains("±50%"));
        assertThat(first.explanation().sharedAttributes()).containsEntry("gender", List.of(anchor.attribute("gender")));

        SearchResponse excluded = engine.search(SearchRequest.builder().like("p030").k(200)
                .rules(SearchRules.builder().excludeBrand("ACME").build()).build());
        assertThat(excluded.hits()).isNotEmpty().noneMatch(h -> "Acme".equals(h.product().brand()));
    }

    @Test
    void diversityCollapsesVariantsAndCapsBrandsAndSaysWhy() throws Exception {
        SearchResponse r = engine.search(SearchRequest.builder().keywords("item").like("p001").k(20).explain(true)
                .rules(SearchRules.builder().collapseVariants(true).maxPerBrand(2).build()).build());
        Map<String, Integer> perBrand = new HashMap<>();
        Set<String> groups = new HashSet<>();
        for (SearchHit h : r.hits()) {
            perBrand.merge(h.product().brand(), 1, Integer::sum);
            if (h.product().groupId() != null) {
                assertThat(groups.add(h.product().groupId())).as("one hit per group").isTrue();
            }
        }
        assertThat(perBrand.values()).allMatch(n -> n <= 2);
        assertThat(r.dropped()).isNotEmpty();
        assertThat(r.dropped()).extracting(DroppedHit::reason)
                .allMatch(reason -> reason.startsWith("collapsed variant of ") || reason.startsWith("brand quota reached: 2 per brand"));
        // without diversity the dropped products would have been ranked before the last hit
        for (DroppedHit d : r.dropped()) {
            if (d.reason().startsWith("collapsed variant of ")) {
                String kept = d.reason().substring("collapsed variant of ".length());
                assertThat(CATALOG.get(kept).product().groupId()).isEqualTo(CATALOG.get(d.id()).product().groupId());
            }
        }
    }

    @Test
    void minScoreDropsLowSimilaritiesAndProductsWithoutVectors() throws Exception {
        SearchResponse r = engine.search(SearchRequest.builder().keywords("item").like("p003").k(1000).explain(true)
                .rules(SearchRules.builder().minScore(0.2).build()).build());
        assertThat(r.hits()).isNotEmpty().allMatch(h -> h.similarity() >= 0.2f);
        assertThat(ids(r)).doesNotContain("nov0", "nov1", "nov2");
        float[] a = fused("p003");
        long expected = CATALOG.values().stream().filter(p -> p.vectors().fused() != null && !p.id().equals("p003")
                && VectorMath.dot(a, p.vectors().fused()) >= 0.2f).count();
        assertThat(r.total()).isEqualTo(expected);
        assertThat(r.dropped()).extracting(DroppedHit::reason).anyMatch(s -> s.contains("below min_score 0.2"));
    }

    @Test
    void minScoreWithoutKeywordsReturnsEveryNeighbourAboveIt() throws Exception {
        SearchResponse r = engine.search(SearchRequest.builder().like("p008").k(100)
                .rules(SearchRules.builder().minScore(0.25).build()).build());
        float[] a = fused("p008");
        List<String> expected = bruteForce(v -> VectorMath.dot(a, v), Set.of("p008"), PRODUCTS).stream()
                .filter(id -> VectorMath.dot(a, fused(id)) >= 0.25f).toList();
        assertThat(expected.size()).isBetween(1, 99);
        assertThat(ids(r)).containsExactlyElementsOf(expected);
        assertThat(r.total()).isEqualTo(expected.size());
    }

    @Test
    void searchByPhotoWithARefiningTextFusesBothBlocks() throws Exception {
        // the stub image encoder sees the mean colour; give p060's image part exactly that vector's direction
        byte[] png = png(new Color(200, 30, 30));
        float[] imagePart = new StubEncoders.Image().embed(ImageIO.read(new java.io.ByteArrayInputStream(png)));
        IndexedProduct twin = CATALOG.get("p060");
        Map<Modality, float[]> parts = twin.vectors().parts();
        parts.put(Modality.IMAGE, imagePart);
        engine.store().upsert(List.of(new IndexedProduct(twin.product(), new ProductVectors(parts, Fusion.fuse(SETTINGS, parts)))));
        engine.store().refresh();
        try {
            SearchResponse r = engine.search(SearchRequest.builder().image(png, null).k(5).explain(true)
                    .weights(ModalityWeights.parse("attributes=0")).build());
            assertThat(r.hits().get(0).id()).isEqualTo("p060");
            // only the image block is in the query: its cosine with the twin is 1, the other blocks contribute 0
            Map<Modality, ModalityScore> m = new EnumMap<>(Modality.class);
            r.hits().get(0).explanation().modalities().forEach(s -> m.put(s.modality(), s));
            assertThat(m.get(Modality.IMAGE).cosine()).isCloseTo(1f, within(1e-5f));
            assertThat(m.get(Modality.TEXT).cosine()).isNull();
            assertThat(m.get(Modality.TEXT).contribution()).isZero();

            String refinement = "woollen winter blue";
            SearchResponse refined = engine.search(SearchRequest.builder().image(png, refinement).k(5).explain(true).build());
            float[] text = new StubEncoders.Text().embed(refinement);
            ModalityScore textScore = refined.hits().get(0).explanation().modalities().stream()
                    .filter(s -> s.modality() == Modality.TEXT).findFirst().orElseThrow();
            float expected = VectorMath.dot(text, CATALOG.get(refined.hits().get(0).id()).vectors().part(Modality.TEXT).orElseThrow());
            assertThat(textScore.cosine()).isCloseTo(expected, within(1e-5f));
        } finally {
            engine.store().upsert(List.of(twin));
            engine.store().refresh();
        }
    }

    static byte[] png(Color c) throws Exception {
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 40, 40);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void rawVectorAnchorsAreValidatedAndScoreLikeTheProductTheyCopy() throws Exception {
        SearchResponse byVector = engine.search(SearchRequest.builder().anchor(new Anchor.VectorAnchor(fused("p009"), 1)).k(10).build());
        SearchResponse byProduct = engine.search(SearchRequest.builder().like("p009").k(10).build());
        // the product anchor itself is excluded; the raw vector finds it first
        assertThat(ids(byVector).get(0)).isEqualTo("p009");
        assertThat(ids(byVector).subList(1, 10)).containsExactlyElementsOf(ids(byProduct).subList(0, 9));
        assertThatThrownBy(() -> engine.search(SearchRequest.builder().anchor(new Anchor.VectorAnchor(new float[] {1, 2, 3}, 1)).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24").hasMessageContaining("3");
        assertThatThrownBy(() -> new Anchor.VectorAnchor(new float[] {1, Float.NaN}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void hybridFusesKeywordAndVectorRanksByRrf() throws Exception {
        SearchResponse r = engine.search(SearchRequest.builder().keywords("red shirts").like("p100").hybrid(Hybrid.RRF)
                .k(30).explain(true).build());
        assertThat(r.retrieval()).isEqualTo(Retrieval.HYBRID);
        assertThat(r.hits()).extracting(SearchHit::score).isSortedAccordingTo(Comparator.reverseOrder());
        for (SearchHit h : r.hits()) {
            String note = h.explanation().notes().stream().filter(n -> n.startsWith("RRF (k=60)")).findFirst().orElseThrow();
            double expected = 0;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("keyword rank (\\S+), vector rank (\\S+)").matcher(note);
            assertThat(m.find()).isTrue();
            for (int g = 1; g <= 2; g++) {
                if (!m.group(g).equals("-")) {
                    expected += 1.0 / (60 + Integer.parseInt(m.group(g)));
                }
            }
            assertThat((double) h.score()).isCloseTo(expected, within(1e-6));
        }
        // a product that both lists rank high comes before one that only the vector list has
        assertThat(r.hits().get(0).explanation().notes()).anyMatch(n -> n.contains("keyword rank ") && !n.contains("keyword rank -"));
    }

    @Test
    void hybridWithOnlyUnlikeAnchorsSearchesNearTheKeywords() throws Exception {
        // the vector list needs something to be near: the keywords as text, with the unlike anchor still applied
        SearchResponse r = engine.search(SearchRequest.builder().keywords("red shirts").unlike("p100").hybrid(Hybrid.RRF)
                .k(10).build());
        assertThat(r.retrieval()).isEqualTo(Retrieval.HYBRID);
        assertThat(r.hits()).hasSize(10).noneMatch(h -> h.product().id().equals("p100"));
    }

    @Test
    void priceBandBoundsAreExactInDecimal() {
        // in binary floating point 100 * 1.15 is 114.99999999999999 and 10 * 0.92 is 9.200000000000001
        ProductFilter band15 = SearchService.ruleFilter(SearchRules.builder().priceBandPercent(15.0).build(),
                Product.builder("a").price(100.0).build());
        assertThat(band15.minPrice()).isEqualTo(85.0);
        assertThat(band15.maxPrice()).isEqualTo(115.0);
        ProductFilter band8 = SearchService.ruleFilter(SearchRules.builder().priceBandPercent(8.0).build(),
                Product.builder("b").price(10.0).build());
        assertThat(band8.minPrice()).isEqualTo(9.2);
        assertThat(band8.maxPrice()).isEqualTo(10.8);
    }

    @Test
    void requestsTheIndexCannotAnswerAreRefusedWithTheField() throws Exception {
        assertThatThrownBy(() -> engine.search(SearchRequest.builder().like("nope").build()))
                .isInstanceOf(ProductNotFoundException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> engine.search(SearchRequest.builder().image(png(Color.RED), null)
                .rules(SearchRules.builder().priceBandPercent(10.0).build()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price_band").hasMessageContaining("product anchor");
        assertThatThrownBy(() -> engine.search(SearchRequest.builder().like("nov0").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nov0").hasMessageContaining("no vector");
        assertThatThrownBy(() -> engine.search(SearchRequest.builder().image(new byte[] {1, 2, 3, 4}, null).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("image: ").hasMessageContaining("uploaded image");
        assertThatThrownBy(() -> engine.search(SearchRequest.builder().like("p001").weights(ModalityWeights.parse("image=0,text=0,attributes=0")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one modality");
        assertThatThrownBy(() -> SearchRequest.builder().k(1001).like("p001").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k").hasMessageContaining("1001");
        assertThatThrownBy(() -> SearchRequest.builder().unlike("p001").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive weight");
        assertThatThrownBy(() -> SearchRequest.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keywords");
        assertThatThrownBy(() -> SearchRequest.builder().like("p001").hybrid(Hybrid.RRF).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rrf").hasMessageContaining("keywords");
        // without an anchor every hit would be dropped for want of a similarity: refused rather than answered empty
        assertThatThrownBy(() -> SearchRequest.builder().keywords("red").rules(SearchRules.builder().minScore(0.3).build()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min_score needs an anchor");
    }

    @Test
    void aModalityTheIndexWeightsZeroCannotBeWeightedUp() {
        FusionSettings noText = SETTINGS.withWeights(1f, 0f, 0.4f);
        assertThatThrownBy(() -> ModalityWeights.parse("text=0.5").blockFactors(noText))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text").hasMessageContaining("weight 0");
        float[] f = ModalityWeights.parse("image=0.5,attributes=0.8").blockFactors(noText);
        assertThat(f).containsExactly(0.25f, 0f, 4f);
    }
}
