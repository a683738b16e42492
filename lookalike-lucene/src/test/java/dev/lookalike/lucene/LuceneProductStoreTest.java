package dev.lookalike.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.search.Hit;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchMode;
import dev.lookalike.search.SearchResult;
import dev.lookalike.search.VectorQuery;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneProductStoreTest {

    static final FusionSettings SETTINGS = new FusionSettings(1f, 0.5f, 0.25f, "img-test", 8, "txt-test", 8, 8, List.of());

    @TempDir
    Path dir;

    @Test
    void storesAndReturnsProductsWithTheirVectors() throws Exception {
        IndexedProduct p = indexed(product("p1", "Shirts", "Acme", 20.0, true), new SplittableRandom(1));
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(List.of(p));
            store.refresh();
            IndexedProduct back = store.get("p1").orElseThrow();
            assertThat(back.product()).isEqualTo(p.product());
            assertThat(back.vectors().fused()).containsExactly(p.vectors().fused(), within(1e-6f));
            for (Modality m : Modality.values()) {
                assertThat(back.vectors().part(m).orElseThrow()).containsExactly(p.vectors().part(m).orElseThrow(), within(1e-6f));
            }
            assertThat(store.get("missing")).isEmpty();
        }
    }

    @Test
    void upsertReplacesByIdAndDeleteRemoves() throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(List.of(indexed(product("p1", "Shirts", "Acme", 20.0, true), r)));
            store.upsert(List.of(indexed(product("p1", "Boots", "Zed", 90.0, false), r)));
            store.refresh();
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.get("p1").orElseThrow().product().brand()).isEqualTo("Zed");
            assertThat(store.delete("p1")).isTrue();
            store.refresh();
            assertThat(store.count()).isZero();
            assertThat(store.delete("p1")).isFalse();
        }
    }

    @Test
    void nearestRanksByCosineExcludesIdsAndMatchesBruteForce() throws Exception {
        List<IndexedProduct> catalog = catalog(300, 3);
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS, 0)) {
            store.upsert(catalog);
            store.commit();
            float[] q = catalog.get(0).vectors().fused();
            SearchResult result = store.nearest(new VectorQuery(q, 10, ProductFilter.NONE, Set.of("p0")));
            assertThat(result.mode()).isEqualTo(SearchMode.APPROXIMATE);
            assertThat(result.hits()).hasSize(10).extracting(Hit::id).doesNotContain("p0");
            assertThat(result.hits()).extracting(Hit::score).isSortedAccordingTo(Comparator.reverseOrder());
            List<String> exact = bruteForce(catalog, q, 10, p -> !p.id().equals("p0"));
            assertThat(overlap(result.hits(), exact)).isGreaterThanOrEqualTo(9);
            Hit best = result.hits().get(0);
            float expected = VectorMath.dot(q, catalog.stream().filter(p -> p.id().equals(best.id())).findFirst().orElseThrow().vectors().fused());
            assertThat(best.score()).isCloseTo(expected, within(1e-4f));
        }
    }

    @Test
    void theExactStoreAnswersEveryVectorSearchByBruteForce() throws Exception {
        List<IndexedProduct> catalog = catalog(3_000, 5);
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS, 0)) {
            store.upsert(catalog);
            store.commit();
        }
        try (LuceneProductStore exact = LuceneProductStore.openReadOnlyExact(dir);
             LuceneProductStore graph = LuceneProductStore.openReadOnly(dir)) {
            for (int q = 0; q < 20; q++) {
                float[] v = catalog.get(q).vectors().fused();
                String self = "p" + q;
                SearchResult withExclusion = exact.nearest(new VectorQuery(v, 10, ProductFilter.NONE, Set.of(self)));
                assertThat(withExclusion.mode()).isEqualTo(SearchMode.EXACT);
                assertThat(withExclusion.hits()).extracting(Hit::id)
                        .containsExactlyElementsOf(bruteForce(catalog, v, 10, p -> !p.id().equals(self)));
                SearchResult unfiltered = exact.nearest(new VectorQuery(v, 10, ProductFilter.NONE, Set.of()));
                assertThat(unfiltered.mode()).isEqualTo(SearchMode.EXACT);
                assertThat(unfiltered.hits()).extracting(Hit::id).containsExactlyElementsOf(bruteForce(catalog, v, 10, p -> true));
                // the same index opened normally walks the graph
                assertThat(graph.nearest(new VectorQuery(v, 10, ProductFilter.NONE, Set.of())).mode()).isEqualTo(SearchMode.APPROXIMATE);
            }
        }
    }

    @Test
    void filtersAreHonouredAndSmallFiltersRunExactly() throws Exception {
        List<IndexedProduct> catalog = catalog(400, 4);
        // the filter keeps about 27 of 400 products: under 50, so the search must run exactly
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS, 50)) {
            store.upsert(catalog);
            store.commit();
            float[] q = catalog.get(5).vectors().fused();
            ProductFilter filter = ProductFilter.builder().category("boots").brand("ACME").minPrice(10.0).maxPrice(60.0)
                    .inStockOnly(true).attribute("colour", "Red").build();
            SearchResult result = store.nearest(new VectorQuery(q, 20, filter, Set.of()));
            assertThat(result.mode()).isEqualTo(SearchMode.EXACT);
            assertThat(result.hits()).isNotEmpty();
            for (Hit h : result.hits()) {
                Product p = h.product();
                assertThat(p.categoryPath()).contains("Boots");
                assertThat(p.brand()).isEqualTo("Acme");
                assertThat(p.price()).isBetween(10.0, 60.0);
                assertThat(p.inStock()).isTrue();
                assertThat(p.attribute("colour")).isEqualTo("red");
            }
            List<String> exact = bruteForce(catalog, q, 20, p -> p.categoryPath().contains("Boots") && "Acme".equals(p.brand())
                    && p.price() >= 10 && p.price() <= 60 && p.inStock() && "red".equals(p.attribute("colour")));
            assertThat(result.hits()).extracting(Hit::id).containsExactlyElementsOf(exact);
        }
    }

    @Test
    void reopeningKeepsProductsAndTheSettingsItWasBuiltWith() throws Exception {
        List<IndexedProduct> catalog = catalog(50, 5);
        SearchResult before;
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(catalog);
            store.commit();
            before = store.nearest(new VectorQuery(catalog.get(3).vectors().fused(), 5, ProductFilter.NONE, Set.of()));
        }
        FusionSettings other = SETTINGS.withWeights(0.1f, 0.1f, 0.1f);
        try (LuceneProductStore store = LuceneProductStore.open(dir, other)) {
            assertThat(store.settings()).isEqualTo(SETTINGS);
            assertThat(store.count()).isEqualTo(50);
            SearchResult after = store.nearest(new VectorQuery(catalog.get(3).vectors().fused(), 5, ProductFilter.NONE, Set.of()));
            assertThat(after.hits()).extracting(Hit::id).containsExactlyElementsOf(before.hits().stream().map(Hit::id).toList());
        }
    }

    @Test
    void uncommittedWritesAreLostButCommittedOnesSurviveAReopen() throws Exception {
        SplittableRandom r = new SplittableRandom(6);
        LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS);
        store.upsert(List.of(indexed(product("kept", "Shirts", "Acme", 1.0, true), r)));
        store.commit();
        store.close();
        try (LuceneProductStore reopened = LuceneProductStore.openExisting(dir)) {
            assertThat(reopened.get("kept")).isPresent();
        }
    }

    @Test
    void twoWritersCreatingOneIndexAtOnceLeaveTheWinnersManifest() throws Exception {
        FusionSettings other = new FusionSettings(0.5f, 0.5f, 0.25f, "img-test", 8, "txt-test", 8, 8, List.of());
        for (int round = 0; round < 5; round++) {
            Path folder = dir.resolve("race-" + round);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<LuceneProductStore>> opens = new java.util.ArrayList<>();
            for (FusionSettings s : List.of(SETTINGS, other)) {
                opens.add(pool.submit(() -> {
                    go.await();
                    return LuceneProductStore.open(folder, s);
                }));
            }
            go.countDown();
            LuceneProductStore winner = null;
            int refused = 0;
            for (var f : opens) {
                try {
                    winner = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("another process");
                    refused++;
                }
            }
            pool.shutdown();
            assertThat(refused).isEqualTo(1);
            try (LuceneProductStore store = winner) {
                // the manifest on disk describes the vectors the open writer will write
                assertThat(StoreManifest.read(folder).orElseThrow().settings()).isEqualTo(store.settings());
            }
        }
    }

    @Test
    void readOnlyStoresWorkBesideAWriterAndSeeItsCommits() throws Exception {
        SplittableRandom r = new SplittableRandom(8);
        try (LuceneProductStore writer = LuceneProductStore.open(dir, SETTINGS)) {
            writer.upsert(List.of(indexed(product("a", "Shirts", "Acme", 1.0, true), r)));
            writer.commit();
            assertThatThrownBy(() -> LuceneProductStore.open(dir, SETTINGS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another process");
            try (LuceneProductStore reader = LuceneProductStore.openReadOnly(dir)) {
                assertThat(reader.count()).isEqualTo(1);
                writer.upsert(List.of(indexed(product("b", "Shirts", "Acme", 1.0, true), r)));
                writer.commit();
                reader.refresh();
                assertThat(reader.get("b")).isPresent();
                assertThatThrownBy(() -> reader.delete("a")).isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
            }
        }
    }

    @Test
    void listsProductsByIdWithPaging() throws Exception {
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(catalog(12, 7));
            store.refresh();
            assertThat(store.list(0, 3)).extracting(Product::id).containsExactly("p0", "p1", "p10");
            assertThat(store.list(10, 5)).extracting(Product::id).containsExactly("p8", "p9");
            assertThatThrownBy(() -> store.list(-1, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        }
    }

    @Test
    void rejectsWrongQueryDimensionAndUnknownFormats() throws Exception {
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            assertThatThrownBy(() -> store.nearest(new VectorQuery(new float[] {1, 0}, 5, ProductFilter.NONE, Set.of())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24").hasMessageContaining("2");
        }
        Path manifest = dir.resolve(StoreManifest.FILE_NAME);
        Files.writeString(manifest, Files.readString(manifest).replace("\"format_version\" : " + StoreManifest.FORMAT_VERSION,
                "\"format_version\" : 99"));
        assertThatThrownBy(() -> LuceneProductStore.openExisting(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99").hasMessageContaining(StoreManifest.FILE_NAME);
    }

    @Test
    void openExistingFailsOnAFolderWithoutAnIndex() {
        assertThatThrownBy(() -> LuceneProductStore.openExisting(dir.resolve("nothing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Lookalike index");
    }

    // --- fixtures ---

    static Product product(String id, String category, String brand, double price, boolean inStock) {
        return Product.builder(id).title("Product " + id).brand(brand).categoryPath(List.of("Apparel", category))
                .price(price).currency("EUR").inStock(inStock).groupId("g-" + id)
                .images(List.of(new ImageRef(URI.create("file:/tmp/" + id + ".png"))))
                .attribute("colour", List.of(inStock ? "red" : "blue")).attribute("sizes", List.of("S", "M")).build();
    }

    @Test
    void excludedAnchorsAreDroppedFromGraphResultsWhichStayFull() throws Exception {
        List<IndexedProduct> catalog = catalog(2_600, 21); // above the 2,000 products always searched exactly
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(catalog);
            store.commit();
            for (int a : new int[] {5, 777, 2_000}) {
                IndexedProduct anchor = catalog.get(a);
                float[] vector = store.fusedVector(anchor.id()).orElseThrow();
                assertThat(vector).containsExactly(anchor.vectors().fused(), within(1e-6f));
                SearchResult r = store.nearest(new VectorQuery(vector, 10, ProductFilter.NONE, Set.of(anchor.id())));
                List<String> exact = catalog.stream().filter(p -> !p.id().equals(anchor.id()))
                        .sorted(Comparator.comparingDouble((IndexedProduct p) -> -VectorMath.dot(vector, p.vectors().fused())))
                        .limit(10).map(IndexedProduct::id).toList();
                assertThat(r.mode()).isEqualTo(SearchMode.APPROXIMATE);
                assertThat(r.hits()).extracting(Hit::id).containsExactlyElementsOf(exact);
            }
            assertThat(store.fusedVector("missing")).isEmpty();
        }
    }

    static IndexedProduct indexed(Product p, SplittableRandom r) {
        Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            float[] v = new float[8];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            parts.put(m, VectorMath.normalizeInPlace(v));
        }
        return new IndexedProduct(p, new ProductVectors(parts, Fusion.fuse(SETTINGS, parts)));
    }

    static List<IndexedProduct> catalog(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] categories = {"Shirts", "Boots", "Bags"};
        String[] brands = {"Acme", "Zed"};
        List<IndexedProduct> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(indexed(product("p" + i, categories[i % 3], brands[(i / 3) % 2], 5.0 + (i * 7) % 100, i % 5 != 0), r));
        }
        return out;
    }

    static List<String> bruteForce(List<IndexedProduct> catalog, float[] q, int k, java.util.function.Predicate<Product> keep) {
        return catalog.stream().filter(p -> keep.test(p.product()))
                .sorted(Comparator.comparingDouble((IndexedProduct p) -> -VectorMath.dot(q, p.vectors().fused())).thenComparing(IndexedProduct::id))
                .limit(k).map(IndexedProduct::id).toList();
    }

    static long overlap(List<Hit> hits, List<String> ids) {
        return hits.stream().map(Hit::id).filter(ids::contains).count();
    }
}
