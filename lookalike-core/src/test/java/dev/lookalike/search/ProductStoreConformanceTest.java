package dev.lookalike.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.Product;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ProductStore} shares, run against each backend by a subclass that says how to open an
 * empty store: upsert, replace and delete by id, get, count and list, vector search against brute force with every
 * filter, BM25 keyword candidates, exact re-ranking of candidates ("sort by similar") through the snapshot, paging.
 * A small seeded catalog of {@value #PRODUCTS} products with 24-dimensional vectors.
 */
public abstract class ProductStoreConformanceTest {

    protected static final FusionSettings SETTINGS = new FusionSettings(1f, 0.6f, 0.4f, "test-image", 8, "test-text", 8, 8, List.of());
    static final int PRODUCTS = 240;
    private static final String[][] TYPES = {{"Apparel", "Topwear", "Shirts"}, {"Apparel", "Dress"}, {"Footwear", "Shoes"}, {"Accessories", "Bags"}};
    private static final String[] BRANDS = {"Acme", "Bolt", "Crux"};
    private static final String[] COLOURS = {"Red", "Blue", "Green", "Black", "White"};

    private ProductStore store;
    private List<IndexedProduct> catalog;

    /**
     * An empty store with {@link #SETTINGS}, its writes not yet visible; each test calls this once and closes the store
     * ({@link AfterEach}). Backends may reuse one underlying index, emptied.
     */
    protected abstract ProductStore openEmptyStore(FusionSettings settings) throws IOException;

    @BeforeEach
    void openStore() throws IOException {
        store = openEmptyStore(SETTINGS);
        catalog = catalog(PRODUCTS);
        store.upsert(catalog);
        store.refresh();
    }

    @AfterEach
    void closeStore() throws IOException {
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------------------------------------ writes and reads

    @Test
    void getReturnsTheProductAndItsVectors() throws IOException {
        IndexedProduct expected = catalog.get(17);
        IndexedProduct got = store.get(expected.id()).orElseThrow();
        assertThat(got.product()).isEqualTo(expected.product());
        assertThat(got.vectors().fused()).containsExactly(expected.vectors().fused(), within(1e-6f));
        for (Modality m : Modality.values()) {
            // a store may re-derive a part from the fused vector's block (the embedded store does): equal to float rounding
            assertThat(got.vectors().part(m).orElseThrow()).containsExactly(expected.vectors().part(m).orElseThrow(), within(1e-6f));
        }
        assertThat(store.get("no-such-id")).isEmpty();
        assertThat(store.count()).isEqualTo(PRODUCTS);
    }

    @Test
    void fusedVectorIsTheAnchorsVectorAlone() throws IOException {
        IndexedProduct expected = catalog.get(21);
        assertThat(store.fusedVector(expected.id()).orElseThrow()).containsExactly(expected.vectors().fused(), within(1e-6f));
        assertThat(store.fusedVector("no-such-id")).isEmpty();
        Product bare = Product.builder("zz-bare").title("Plain box").build();
        store.upsert(List.of(new IndexedProduct(bare, ProductVectors.NONE)));
        store.refresh();
        assertThat(store.fusedVector("zz-bare").orElseThrow()).isEmpty();
    }

    @Test
    void upsertReplacesById() throws IOException {
        IndexedProduct old = catalog.get(3);
        Product renamed = old.product().toBuilder().title("Zebra striped poncho").build();
        store.upsert(List.of(new IndexedProduct(renamed, old.vectors())));
        store.refresh();
        assertThat(store.count()).isEqualTo(PRODUCTS);
        assertThat(store.get(old.id()).orElseThrow().product().title()).isEqualTo("Zebra striped poncho");
        try (SearchSnapshot s = store.snapshot()) {
            assertThat(ids(s, s.keywords("zebra poncho", Selection.ALL, 10))).containsExactly(old.id());
        }
    }

    @Test
    void deleteRemovesAndSaysWhetherTheProductExisted() throws IOException {
        String id = catalog.get(5).id();
        assertThat(store.delete(id)).isTrue();
        store.refresh();
        assertThat(store.delete(id)).isFalse();
        store.refresh();
        assertThat(store.get(id)).isEmpty();
        assertThat(store.count()).isEqualTo(PRODUCTS - 1);
        SearchResult r = store.nearest(new VectorQuery(catalog.get(5).vectors().fused(), 10, null, null));
        assertThat(r.hits()).extracting(Hit::id).doesNotContain(id);
    }

    @Test
    void listPagesThroughProductsInIdOrder() throws IOException {
        List<String> sorted = catalog.stream().map(IndexedProduct::id).sorted().toList();
        assertThat(store.list(0, 5)).extracting(Product::id).containsExactlyElementsOf(sorted.subList(0, 5));
        assertThat(store.list(230, 50)).extracting(Product::id).containsExactlyElementsOf(sorted.subList(230, 240));
        assertThat(store.list(10, 0)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ vectors

    @Test
    void nearestAgreesWithBruteForce() throws IOException {
        for (int q : new int[] {0, 41, 99, 200}) {
            float[] query = catalog.get(q).vectors().fused();
            SearchResult r = store.nearest(new VectorQuery(query, 10, null, null));
            assertAgreesWithBruteForce(r.hits(), query, 10, p -> true);
        }
    }

    @Test
    void nearestHonoursEveryFilter() throws IOException {
        float[] query = catalog.get(7).vectors().fused();
        Map<ProductFilter, Predicate<Product>> filters = Map.of(
                ProductFilter.builder().category("footwear").build(), p -> p.categoryPath().contains("Footwear"),
                ProductFilter.builder().category("SHIRTS").category("bags").build(),
                p -> p.categoryPath().contains("Shirts") || p.categoryPath().contains("Bags"),
                ProductFilter.builder().brand("bolt").build(), p -> "Bolt".equals(p.brand()),
                ProductFilter.builder().attribute("colour", "red").build(), p -> "Red".equals(p.attribute("colour")),
                ProductFilter.builder().minPrice(20.0).maxPrice(60.0).build(), p -> p.price() != null && p.price() >= 20 && p.price() <= 60,
                ProductFilter.builder().inStockOnly(true).brand("acme").build(), p -> p.inStock() && "Acme".equals(p.brand()));
        for (Map.Entry<ProductFilter, Predicate<Product>> f : filters.entrySet()) {
            SearchResult r = store.nearest(new VectorQuery(query, 10, f.getKey(), null));
            assertThat(r.hits()).as("filter %s", f.getKey()).hasSize(10).allMatch(h -> f.getValue().test(h.product()));
            assertAgreesWithBruteForce(r.hits(), query, 10, f.getValue());
        }
    }

    @Test
    void nearestExcludesIdsAndReturnsFewerWhenTheFilterKeepsFew() throws IOException {
        IndexedProduct anchor = catalog.get(12);
        SearchResult r = store.nearest(new VectorQuery(anchor.vectors().fused(), 5, null, Set.of(anchor.id())));
        assertThat(r.hits()).hasSize(5).extracting(Hit::id).doesNotContain(anchor.id());
        ProductFilter rare = ProductFilter.builder().brand("acme").attribute("colour", "green").category("dress").build();
        long matching = catalog.stream().map(IndexedProduct::product).filter(p -> "Acme".equals(p.brand())
                && "Green".equals(p.attribute("colour")) && p.categoryPath().contains("Dress")).count();
        assertThat(matching).isBetween(1L, 19L);
        assertThat(store.nearest(new VectorQuery(anchor.vectors().fused(), 20, rare, null)).hits()).hasSize((int) matching);
    }

    @Test
    void productsWithoutAVectorAreStoredButNeverVectorHits() throws IOException {
        Product bare = Product.builder("zz-bare").title("Plain box").build();
        store.upsert(List.of(new IndexedProduct(bare, ProductVectors.NONE)));
        store.refresh();
        assertThat(store.get("zz-bare").orElseThrow().vectors().fused()).isNull();
        SearchResult r = store.nearest(new VectorQuery(catalog.get(0).vectors().fused(), 1000, null, null));
        assertThat(r.hits()).hasSize(PRODUCTS).extracting(Hit::id).doesNotContain("zz-bare");
        try (SearchSnapshot s = store.snapshot()) {
            Candidates kw = s.keywords("plain box", Selection.ALL, 10);
            assertThat(ids(s, kw)).containsExactly("zz-bare");
            assertThat(s.fusedVector(kw.doc(0))).isNull();
            assertThat(s.similarities(kw.docs(), List.of(catalog.get(0).vectors().fused()))[0][0]).isNaN();
        }
    }

    @Test
    void snapshotNearestHonoursSelectionExclusions() throws IOException {
        float[] query = catalog.get(30).vectors().fused();
        Selection selection = Selection.of(ProductFilter.builder().category("apparel").build())
                .excludingBrands(Set.of("ACME")).excludingIds(Set.of(catalog.get(30).id()));
        try (SearchSnapshot s = store.snapshot()) {
            assertThat(s.size()).isEqualTo(PRODUCTS);
            Candidates near = s.nearest(query, 10, selection);
            assertThat(near.size()).isEqualTo(10);
            List<Product> found = new ArrayList<>();
            for (int d : near.docs()) {
                found.add(s.product(d));
            }
            assertThat(found).allMatch(p -> p.categoryPath().contains("Apparel") && !"Acme".equals(p.brand())
                    && !p.id().equals(catalog.get(30).id()));
            List<String> expected = bruteForce(query, 10, p -> p.categoryPath().contains("Apparel") && !"Acme".equals(p.brand())
                    && !p.id().equals(catalog.get(30).id()));
            assertThat(found.stream().map(Product::id).toList()).containsExactlyElementsOf(expected);
            for (int i = 0; i < near.size(); i++) {
                assertThat(near.score(i)).isCloseTo(dot(query, s.fusedVector(near.doc(i))), within(1e-4f));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ keywords

    @Test
    void keywordsNeedEveryWordStemmedAndRankTitleMatchesFirst() throws IOException {
        Product inTitle = Product.builder("kw-title").title("Leather satchel").description("roomy").build();
        Product inText = Product.builder("kw-text").title("Weekend holdall").description("A satchel of soft leather").build();
        Product oneWord = Product.builder("kw-one").title("Leather belt").build();
        store.upsert(List.of(new IndexedProduct(inTitle, ProductVectors.NONE), new IndexedProduct(inText, ProductVectors.NONE),
                new IndexedProduct(oneWord, ProductVectors.NONE)));
        store.refresh();
        try (SearchSnapshot s = store.snapshot()) {
            Candidates kw = s.keywords("SATCHELS leather", Selection.ALL, 10);
            assertThat(ids(s, kw)).containsExactly("kw-title", "kw-text");
            assertThat(kw.score(0)).isGreaterThan(kw.score(1));
            assertThat(kw.totalMatches()).isEqualTo(2);
            assertThat(s.keywords("the of and", Selection.ALL, 10).size()).isZero();
            assertThat(s.keywords("   ", Selection.ALL, 10).size()).isZero();
            assertThat(ids(s, s.keywords("leather AND (satchel", Selection.ALL, 10))).as("query syntax is plain words")
                    .containsExactly("kw-title", "kw-text");
            assertThat(s.keywords("leather -satchel", Selection.ALL, 10).size()).as("no negation either").isEqualTo(2);
        }
    }

    @Test
    void keywordsHonourTheSelectionAndCountBeyondTheCap() throws IOException {
        try (SearchSnapshot s = store.snapshot()) {
            Candidates all = s.keywords("red", Selection.ALL, 5);
            long reds = catalog.stream().filter(p -> "Red".equals(p.product().attribute("colour"))).count();
            assertThat(all.size()).isEqualTo(5);
            assertThat(all.totalMatches()).isEqualTo(reds);
            assertThat(all.capped()).isTrue();
            Candidates bolt = s.keywords("red", Selection.of(ProductFilter.builder().brand("Bolt").build()), 1000);
            assertThat(bolt.totalMatches()).isEqualTo(catalog.stream().map(IndexedProduct::product)
                    .filter(p -> "Red".equals(p.attribute("colour")) && "Bolt".equals(p.brand())).count());
            for (int d : bolt.docs()) {
                assertThat(s.product(d).brand()).isEqualTo("Bolt");
            }
        }
    }

    @Test
    void keywordCandidatesSortBySimilarityLikeBruteForce() throws IOException {
        float[] like = catalog.get(60).vectors().fused();
        float[] other = catalog.get(61).vectors().fused();
        try (SearchSnapshot s = store.snapshot()) {
            Candidates kw = s.keywords("shoes", Selection.ALL, 1000);
            float[][] sims = s.similarities(kw.docs(), List.of(like, other));
            List<Integer> order = IntStream.range(0, kw.size()).boxed()
                    .sorted(Comparator.comparingDouble(i -> -sims[0][i])).toList();
            List<String> sorted = new ArrayList<>();
            for (int i : order) {
                sorted.add(s.product(kw.doc(i)).id());
            }
            assertThat(sorted).containsExactlyElementsOf(bruteForce(like, kw.size(), p -> p.categoryPath().contains("Shoes")));
            for (int i = 0; i < kw.size(); i++) {
                assertThat(sims[1][i]).isCloseTo(dot(other, s.fusedVector(kw.doc(i))), within(1e-5f));
            }
        }
    }

    @Test
    void selectKeepsWhatTheSelectionKeepsAndCounts() throws IOException {
        Selection inStockShoes = Selection.of(ProductFilter.builder().category("shoes").inStockOnly(true).build());
        Set<String> expected = new HashSet<>(bruteForce(catalog.get(0).vectors().fused(), PRODUCTS,
                p -> p.categoryPath().contains("Shoes") && p.inStock()));
        try (SearchSnapshot s = store.snapshot()) {
            Candidates all = s.select(inStockShoes, 1000);
            assertThat(all.totalMatches()).isEqualTo(expected.size());
            assertThat(ids(s, all)).containsExactlyInAnyOrderElementsOf(expected);
            Candidates capped = s.select(inStockShoes, 3);
            assertThat(capped.size()).isEqualTo(3);
            assertThat(capped.capped()).isTrue();
            assertThat(s.select(Selection.ALL, 1000).totalMatches()).isEqualTo(PRODUCTS);
        }
    }

    @Test
    void snapshotHandlesAreCheckedAndQueryDimensionsToo() throws IOException {
        try (SearchSnapshot s = store.snapshot()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.product(100_000))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100000");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.nearest(new float[3], 5, Selection.ALL))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.list(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void assertAgreesWithBruteForce(List<Hit> hits, float[] query, int k, Predicate<Product> keep) {
        List<String> expected = bruteForce(query, k, keep);
        List<String> got = hits.stream().map(Hit::id).toList();
        assertThat(got).containsExactlyElementsOf(expected);
        for (Hit h : hits) {
            float[] v = catalog.stream().filter(p -> p.id().equals(h.id())).findFirst().orElseThrow().vectors().fused();
            assertThat(h.score()).isCloseTo(dot(query, v), within(1e-4f));
        }
    }

    private List<String> bruteForce(float[] query, int k, Predicate<Product> keep) {
        return catalog.stream().filter(p -> keep.test(p.product()) && p.vectors().fused() != null)
                .sorted(Comparator.comparingDouble((IndexedProduct p) -> -dot(query, p.vectors().fused())))
                .limit(k).map(IndexedProduct::id).toList();
    }

    private static List<String> ids(SearchSnapshot s, Candidates c) throws IOException {
        List<String> out = new ArrayList<>();
        for (int d : c.docs()) {
            out.add(s.product(d).id());
        }
        return out;
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code n} seeded products over four types, three brands, five colours, with random unit vectors per modality. */
    static List<IndexedProduct> catalog(int n) {
        Random random = new Random(42);
        List<IndexedProduct> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] type = TYPES[i % TYPES.length];
            String brand = BRANDS[(i / 4) % BRANDS.length];
            String colour = COLOURS[(i / 12) % COLOURS.length];
            Product p = Product.builder(String.format(java.util.Locale.ROOT, "p%03d", i))
                    .title(colour + " " + type[type.length - 1].toLowerCase(java.util.Locale.ROOT) + " " + i)
                    .description("A " + colour.toLowerCase(java.util.Locale.ROOT) + " item by " + brand)
                    .brand(brand).categoryPath(List.of(type)).price(i % 10 == 9 ? null : 5.0 + i * 0.5)
                    .inStock(i % 3 != 0).groupId("g" + (i / 2)).attribute("colour", colour).build();
            Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
            for (Modality m : Modality.values()) {
                parts.put(m, unit(random, SETTINGS.dimension(m)));
            }
            out.add(new IndexedProduct(p, new ProductVectors(parts, Fusion.fuse(SETTINGS, parts))));
        }
        return out;
    }

    private static float[] unit(Random random, int dim) {
        float[] v = new float[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dim; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
