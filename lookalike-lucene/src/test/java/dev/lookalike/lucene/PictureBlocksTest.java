package dev.lookalike.lucene;

import static dev.lookalike.lucene.LuceneProductStoreTest.SETTINGS;
import static dev.lookalike.lucene.LuceneProductStoreTest.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.PictureVector;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.search.Candidates;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.PictureMatch;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchMode;
import dev.lookalike.search.SearchSnapshot;
import dev.lookalike.search.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Products with several pictures: picture documents in a block with the product document, matching by the best
 * picture, and every other query, count and listing seeing products only.
 */
class PictureBlocksTest {

    static final int PRODUCTS = 300;
    static final String MULTI = "p7";

    @TempDir
    Path dir;

    static float[] unit(SplittableRandom r) {
        float[] v = new float[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return VectorMath.normalizeInPlace(v);
    }

    /** A product whose image part is the mean of {@code pictures} (kept as its pictures when there are two or more). */
    static IndexedProduct withPictures(Product p, float[] text, float[] attributes, float[]... pictures) {
        float[] sum = new float[8];
        List<PictureVector> each = new ArrayList<>();
        for (int i = 0; i < pictures.length; i++) {
            for (int d = 0; d < 8; d++) {
                sum[d] += pictures[i][d];
            }
            each.add(new PictureVector(i, pictures[i]));
        }
        Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
        parts.put(Modality.IMAGE, VectorMath.normalizeInPlace(sum));
        parts.put(Modality.TEXT, text);
        parts.put(Modality.ATTRIBUTES, attributes);
        return new IndexedProduct(p, new ProductVectors(parts, Fusion.fuse(SETTINGS, parts), pictures.length >= 2 ? each : List.of()));
    }

    /** {@value #PRODUCTS} products, one picture each except {@link #MULTI} (a boot), which has three, written to {@code multiPictures}. */
    static List<IndexedProduct> catalog(float[][] multiPictures) {
        SplittableRandom r = new SplittableRandom(5);
        String[] categories = {"Shirts", "Boots", "Bags"};
        List<IndexedProduct> out = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            Product p = product("p" + i, categories[i % 3], i % 2 == 0 ? "Acme" : "Zed", 10.0 + i, i % 4 != 0);
            if (("p" + i).equals(MULTI)) {
                for (int j = 0; j < 3; j++) {
                    multiPictures[j] = unit(r);
                }
                out.add(withPictures(p, unit(r), unit(r), multiPictures));
            } else {
                out.add(withPictures(p, unit(r), unit(r), unit(r)));
            }
        }
        return out;
    }

    /** A picture query: the image block alone. */
    static float[] pictureQuery(float[] picture) {
        return Fusion.fuse(SETTINGS, Map.of(Modality.IMAGE, picture));
    }

    static int docsIn(Path index) throws Exception {
        try (FSDirectory d = FSDirectory.open(index); DirectoryReader reader = DirectoryReader.open(d)) {
            return reader.numDocs();
        }
    }

    static List<String> ids(SearchSnapshot snap, Candidates c) throws Exception {
        List<String> out = new ArrayList<>();
        for (int d : c.docs()) {
            out.add(snap.product(d).id());
        }
        return out;
    }

    @Test
    void aProductMatchesByItsBestPictureOnlyWhenAskedAndEveryOtherQuerySeesProductsOnly() throws Exception {
        float[][] pictures = new float[3][];
        List<IndexedProduct> catalog = catalog(pictures);
        IndexedProduct multi = catalog.get(7);
        float[] q = pictureQuery(pictures[1]);
        // the product's fused vector with its 2nd picture as the image part: what the query meets by picture
        Map<Modality, float[]> second = multi.vectors().parts();
        second.put(Modality.IMAGE, pictures[1]);
        float byPicture = VectorMath.dot(q, Fusion.fuse(SETTINGS, second));
        float byMean = VectorMath.dot(q, multi.vectors().fused());
        assertThat(byPicture).isGreaterThan(byMean + 0.2f);

        for (int exactBelow : new int[] {0, 10_000}) { // the graphs, then exact scans
            Path index = dir.resolve("i" + exactBelow);
            try (LuceneProductStore store = LuceneProductStore.open(index, SETTINGS, exactBelow)) {
                store.upsert(catalog);
                store.commit();
                assertThat(docsIn(index)).isEqualTo(PRODUCTS + 3); // the product documents and 3 picture documents
                assertThat(store.count()).isEqualTo(PRODUCTS);
                assertThat(store.list(0, 1000)).hasSize(PRODUCTS).extracting(Product::id).doesNotContainNull();
                assertThat(store.get(MULTI).orElseThrow().vectors().pictures()).hasSize(3)
                        .extracting(PictureVector::image).containsExactly(0, 1, 2);
                // re-derived from the picture document's vec.picture (not stored): equal to float rounding
                assertThat(store.get(MULTI).orElseThrow().vectors().pictures().get(1).vector()).containsExactly(pictures[1], within(1e-6f));

                Selection notOne = Selection.of(ProductFilter.NONE).excludingIds(Set.of("p0"));
                Selection shirts = Selection.of(ProductFilter.builder().category("Shirts").build());
                try (SearchSnapshot snap = store.snapshot()) {
                    assertThat(snap.size()).isEqualTo(PRODUCTS);
                    assertThat(snap.select(Selection.ALL, 1000).totalMatches()).isEqualTo(PRODUCTS);
                    assertThat(snap.select(notOne, 1000).totalMatches()).isEqualTo(PRODUCTS - 1);
                    assertThat(snap.select(shirts, 1000).totalMatches()).isEqualTo(PRODUCTS / 3);
                    assertThat(snap.keywords("product", Selection.ALL, 1000).totalMatches()).isEqualTo(PRODUCTS);

                    Candidates mean = snap.nearest(q, 20, notOne, false);
                    Candidates best = snap.nearest(q, 20, notOne, true);
                    assertThat(mean.size()).isEqualTo(20);
                    assertThat(best.size()).isEqualTo(20);
                    assertThat(ids(snap, mean).get(0)).isNotEqualTo(MULTI);
                    assertThat(ids(snap, best).get(0)).isEqualTo(MULTI);
                    assertThat(best.score(0)).isCloseTo(byPicture, within(1e-5f));
                    assertThat(best.mode()).isEqualTo(exactBelow == 0 ? SearchMode.APPROXIMATE : SearchMode.EXACT);
                    // below the product, the same ranking as by the mean: the others have one picture each
                    assertThat(ids(snap, best).subList(1, 20)).containsExactlyElementsOf(
                            ids(snap, mean).stream().filter(id -> !id.equals(MULTI)).limit(19).toList());

                    int multiDoc = best.doc(0);
                    float[][] sims = snap.similarities(new int[] {multiDoc, best.doc(1)}, List.of(q, q), new boolean[] {false, true});
                    assertThat(sims[0][0]).isCloseTo(byMean, within(1e-5f));
                    assertThat(sims[1][0]).isCloseTo(byPicture, within(1e-5f));
                    assertThat(sims[1][1]).isCloseTo(sims[0][1], within(1e-6f));
                    PictureMatch match = snap.bestPicture(multiDoc, q);
                    assertThat(match.image()).isEqualTo(1);
                    assertThat(match.similarity()).isCloseTo(byPicture, within(1e-5f));
                    assertThat(match.fused()).containsExactly(Fusion.fuse(SETTINGS, second), within(1e-6f));
                    assertThat(snap.bestPicture(best.doc(1), q)).isNull();

                    // filters apply to the pictures through their product: a filter that excludes it excludes them
                    Candidates bags = snap.nearest(q, 10, Selection.of(ProductFilter.builder().category("Bags").build()), true);
                    assertThat(ids(snap, bags)).doesNotContain(MULTI).hasSize(10);
                    Candidates boots = snap.nearest(q, 10, Selection.of(ProductFilter.builder().category("Boots").build()), true);
                    assertThat(ids(snap, boots).get(0)).isEqualTo(MULTI);
                }
            }
        }
    }

    @Test
    void moreLikeThisDropsTheAnchorWithPictureDocumentsFiltersExactScansAndQuantizedGraphs() throws Exception {
        float[][] pictures = new float[3][];
        List<IndexedProduct> catalog = catalog(pictures);
        IndexedProduct anchor = catalog.get(7); // MULTI: a block of three picture documents and the product
        ProductFilter boots = ProductFilter.builder().category("Boots").build();
        for (VectorQuantization quantization : VectorQuantization.values()) {
            for (int exactBelow : new int[] {0, 10_000}) {
                Path index = dir.resolve(quantization + "-" + exactBelow);
                try (LuceneProductStore store = LuceneProductStore.open(index, SETTINGS, null, exactBelow, quantization)) {
                    store.upsert(catalog);
                    store.commit();
                    assertThat(store.fusedVector(MULTI).orElseThrow()).containsExactly(anchor.vectors().fused(), within(1e-6f));
                    assertThat(store.get(MULTI).orElseThrow().vectors().pictures()).extracting(PictureVector::vector)
                            .zipSatisfy(List.of(pictures), (got, want) -> assertThat(got).containsExactly(want, within(1e-6f)));
                    assertDropsTheAnchor(store, catalog, anchor, null, quantization + "/" + exactBelow);
                    assertDropsTheAnchor(store, catalog, anchor, boots, quantization + "/" + exactBelow + "/boots");
                }
                try (LuceneProductStore exact = LuceneProductStore.openReadOnlyExact(index)) {
                    assertDropsTheAnchor(exact, catalog, anchor, null, quantization + "/exact-only");
                    assertDropsTheAnchor(exact, catalog, anchor, boots, quantization + "/exact-only/boots");
                    // matching by best picture, unfiltered: the exact store scans too (it is the ground truth)
                    try (SearchSnapshot snap = exact.snapshot()) {
                        Candidates byPicture = snap.nearest(anchor.vectors().fused(), 10, Selection.ALL, true);
                        assertThat(byPicture.mode()).as(quantization + "/exact-only/by-picture").isEqualTo(SearchMode.EXACT);
                        assertThat(byPicture.size()).isEqualTo(10);
                    }
                }
            }
        }
    }

    /** More like this from the anchor: k hits, the anchor not among them, the brute-force top k with float32 scores. */
    private static void assertDropsTheAnchor(LuceneProductStore store, List<IndexedProduct> catalog, IndexedProduct anchor,
                                             ProductFilter filter, String what) throws Exception {
        float[] q = anchor.vectors().fused();
        List<IndexedProduct> expected = catalog.stream()
                .filter(p -> !p.id().equals(anchor.id()))
                .filter(p -> filter == null || p.product().categoryPath().contains("Boots"))
                .sorted((a, b) -> Float.compare(VectorMath.dot(q, b.vectors().fused()), VectorMath.dot(q, a.vectors().fused())))
                .limit(10).toList();
        var result = store.nearest(new dev.lookalike.search.VectorQuery(q, 10, filter, Set.of(anchor.id())));
        assertThat(result.hits()).as(what).extracting(dev.lookalike.search.Hit::id)
                .containsExactlyElementsOf(expected.stream().map(IndexedProduct::id).toList());
        for (int i = 0; i < 10; i++) {
            assertThat(result.hits().get(i).score()).as(what)
                    .isCloseTo(VectorMath.dot(q, expected.get(i).vectors().fused()), within(1e-5f));
        }
    }

    @Test
    void replacingOrDeletingAProductRemovesItsPictureDocumentsAndAReopenedIndexAnswersTheSame() throws Exception {
        float[][] pictures = new float[3][];
        List<IndexedProduct> catalog = catalog(pictures);
        float[] q = pictureQuery(pictures[2]);
        List<String> before;
        float[] beforeScores;
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(catalog);
            store.upsert(List.of(catalog.get(7))); // the same product again: its block replaced, not doubled
            store.commit();
            assertThat(docsIn(dir)).isEqualTo(PRODUCTS + 3);
            try (SearchSnapshot snap = store.snapshot()) {
                Candidates c = snap.nearest(q, 10, Selection.ALL, true);
                before = ids(snap, c);
                beforeScores = c.scores();
            }
            assertThat(before.get(0)).isEqualTo(MULTI);
        }
        for (boolean readOnly : new boolean[] {false, true}) {
            try (LuceneProductStore store = readOnly ? LuceneProductStore.openReadOnly(dir) : LuceneProductStore.openExisting(dir);
                 SearchSnapshot snap = store.snapshot()) {
                Candidates c = snap.nearest(q, 10, Selection.ALL, true);
                assertThat(ids(snap, c)).containsExactlyElementsOf(before);
                assertThat(c.scores()).containsExactly(beforeScores);
                assertThat(store.get(MULTI).orElseThrow().vectors().pictures()).hasSize(3);
            }
        }
        try (LuceneProductStore store = LuceneProductStore.openExisting(dir)) {
            // replaced by a version with only its first picture: the three picture documents go
            IndexedProduct single = withPictures(catalog.get(7).product(), unit(new SplittableRandom(1)),
                    unit(new SplittableRandom(2)), pictures[0]);
            store.upsert(List.of(single));
            store.commit();
            assertThat(docsIn(dir)).isEqualTo(PRODUCTS);
            assertThat(store.count()).isEqualTo(PRODUCTS);
            assertThat(store.get(MULTI).orElseThrow().vectors().pictures()).isEmpty();
            try (SearchSnapshot snap = store.snapshot()) {
                assertThat(ids(snap, snap.nearest(q, 10, Selection.ALL, true))).doesNotContain(MULTI);
            }
            // back to three pictures, then deleted: the product and its picture documents go together
            store.upsert(List.of(catalog.get(7)));
            store.commit();
            assertThat(docsIn(dir)).isEqualTo(PRODUCTS + 3);
            assertThat(store.delete(MULTI)).isTrue();
            store.commit();
            assertThat(docsIn(dir)).isEqualTo(PRODUCTS - 1);
            assertThat(store.count()).isEqualTo(PRODUCTS - 1);
            assertThat(store.get(MULTI)).isEmpty();
            try (SearchSnapshot snap = store.snapshot()) {
                assertThat(ids(snap, snap.nearest(q, PRODUCTS, Selection.ALL, true))).hasSize(PRODUCTS - 1).doesNotContain(MULTI);
            }
        }
    }

    @Test
    void aFormatTwoIndexIsStillReadAndWrittenWithOneDocumentPerProduct() throws Exception {
        float[][] pictures = new float[3][];
        List<IndexedProduct> catalog = catalog(pictures);
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(catalog.subList(0, 5)); // no product with several pictures yet: as format 2 wrote them but the block term
        }
        Path manifest = dir.resolve(StoreManifest.FILE_NAME);
        Files.writeString(manifest, Files.readString(manifest).replace("\"format_version\" : " + StoreManifest.FORMAT_VERSION,
                "\"format_version\" : 2"));
        try (LuceneProductStore store = LuceneProductStore.openExisting(dir)) {
            store.upsert(catalog);
            store.upsert(List.of(catalog.get(7)));
            store.commit();
            assertThat(docsIn(dir)).isEqualTo(PRODUCTS); // no picture documents in a format 2 index
            assertThat(store.count()).isEqualTo(PRODUCTS);
            assertThat(store.get(MULTI).orElseThrow().vectors().pictures()).isEmpty();
            try (SearchSnapshot snap = store.snapshot()) {
                float[] q = pictureQuery(pictures[1]);
                Candidates byPicture = snap.nearest(q, 10, Selection.ALL, true);
                Candidates byMean = snap.nearest(q, 10, Selection.ALL, false);
                assertThat(ids(snap, byPicture)).containsExactlyElementsOf(ids(snap, byMean));
            }
            assertThat(store.delete(MULTI)).isTrue();
            store.commit();
            assertThat(store.count()).isEqualTo(PRODUCTS - 1);
        }
        assertThat(Files.readString(manifest)).contains("\"format_version\" : 2");
    }
}
