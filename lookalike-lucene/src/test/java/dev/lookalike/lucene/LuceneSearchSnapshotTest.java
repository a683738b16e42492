package dev.lookalike.lucene;

import static dev.lookalike.lucene.LuceneProductStoreTest.SETTINGS;
import static dev.lookalike.lucene.LuceneProductStoreTest.catalog;
import static dev.lookalike.lucene.LuceneProductStoreTest.indexed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.search.Candidates;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchMode;
import dev.lookalike.search.SearchSnapshot;
import dev.lookalike.search.Selection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneSearchSnapshotTest {

    @TempDir
    Path dir;

    private static Product titled(String id, String title, String description, String brand, double price) {
        return Product.builder(id).title(title).description(description).brand(brand).price(price).build();
    }

    @Test
    void keywordCandidatesNeedEveryWordRankTitleMatchesFirstAndHonourTheSelection() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        List<IndexedProduct> products = List.of(
                indexed(titled("title-hit", "Red summer dress", "Light and airy.", "Acme", 30), r),
                indexed(titled("text-hit", "Summer frock", "A red dress for warm days.", "Acme", 40), r),
                indexed(titled("one-word", "Red shirt", "Cotton.", "Acme", 20), r),
                indexed(titled("other-brand", "Red dress", "Classic.", "Zed", 50), r),
                indexed(titled("no-match", "Blue trousers", "Wool.", "Acme", 60), r));
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(products);
            store.refresh();
            try (SearchSnapshot snap = store.snapshot()) {
                assertThat(snap.size()).isEqualTo(5);
                Candidates c = snap.keywords("red dresses", Selection.ALL, 10);
                assertThat(ids(snap, c)).containsExactlyInAnyOrder("title-hit", "text-hit", "other-brand");
                assertThat(c.mode()).isEqualTo(SearchMode.NONE);
                assertThat(c.totalMatches()).isEqualTo(3);
                // both words in the title beat both words only in the description
                assertThat(ids(snap, c).indexOf("text-hit")).isEqualTo(2);
                for (int i = 1; i < c.size(); i++) {
                    assertThat(c.score(i)).isLessThanOrEqualTo(c.score(i - 1));
                }

                Selection acmeNotTitleHit = Selection.of(ProductFilter.builder().brand("ACME").build()).excludingIds(Set.of("title-hit"));
                assertThat(ids(snap, snap.keywords("red dress", acmeNotTitleHit, 10))).containsExactly("text-hit");
                assertThat(ids(snap, snap.keywords("red dress", Selection.ALL.excludingBrands(Set.of("acme")), 10)))
                        .containsExactly("other-brand");

                Candidates capped = snap.keywords("red", Selection.ALL, 2);
                assertThat(capped.size()).isEqualTo(2);
                assertThat(capped.totalMatches()).isEqualTo(4);
                assertThat(capped.capped()).isTrue();

                assertThat(snap.keywords("the and of", Selection.ALL, 10).size()).isZero();
            }
        }
    }

    @Test
    void selectionsAndTheirConjunctionKeepOnlyMatchingProducts() throws Exception {
        List<IndexedProduct> catalog = catalog(60, 2);
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(catalog);
            store.refresh();
            try (SearchSnapshot snap = store.snapshot()) {
                Selection boots = Selection.of(ProductFilter.builder().category("boots").build());
                Selection bootsUnder50 = boots.and(ProductFilter.builder().maxPrice(50.0).build());
                List<String> expected = catalog.stream().map(IndexedProduct::product)
                        .filter(p -> p.categoryPath().contains("Boots") && p.price() <= 50).map(Product::id).toList();
                Candidates c = snap.select(bootsUnder50, 100);
                assertThat(ids(snap, c)).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(c.totalMatches()).isEqualTo(expected.size());
                assertThat(snap.select(Selection.ALL, 7).totalMatches()).isEqualTo(60);
                assertThat(snap.select(Selection.ALL.excludingIds(Set.of("p0", "p1")), 100).size()).isEqualTo(58);
            }
        }
    }

    @Test
    void similaritiesAreExactCosinesOfTheFusedVectorsAndNanWithoutOne() throws Exception {
        List<IndexedProduct> catalog = new ArrayList<>(catalog(40, 3));
        catalog.add(new IndexedProduct(Product.builder("novector").title("nothing").build(), ProductVectors.NONE));
        try (LuceneProductStore store = LuceneProductStore.open(dir, SETTINGS)) {
            store.upsert(catalog);
            store.commit();
            try (SearchSnapshot snap = store.snapshot()) {
                Candidates all = snap.select(Selection.ALL, 100);
                Map<String, Integer> docOf = new HashMap<>();
                for (int i = 0; i < all.size(); i++) {
                    docOf.put(snap.product(all.doc(i)).id(), all.doc(i));
                }
                float[] q1 = catalog.get(3).vectors().fused();
                float[] q2 = catalog.get(17).vectors().fused();
                // unsorted, with a repeat and the product without a vector
                String[] wanted = {"p30", "p2", "novector", "p17", "p2"};
                int[] docs = new int[wanted.length];
                for (int i = 0; i < wanted.length; i++) {
                    docs[i] = docOf.get(wanted[i]);
                }
                float[][] s = snap.similarities(docs, List.of(q1, q2));
                for (int i = 0; i < wanted.length; i++) {
                    if (wanted[i].equals("novector")) {
                        assertThat(s[0][i]).isNaN();
                        assertThat(snap.fusedVector(docs[i])).isNull();
                        continue;
                    }
                    float[] v = fused(catalog, wanted[i]);
                    assertThat(s[0][i]).isCloseTo(VectorMath.dot(q1, v), within(1e-5f));
                    assertThat(s[1][i]).isCloseTo(VectorMath.dot(q2, v), within(1e-5f));
                    assertThat(snap.fusedVector(docs[i])).containsExactly(v, within(1e-6f));
                }
                assertThat(s[1][3]).isCloseTo(1f, within(1e-5f));

                Candidates near = snap.nearest(q1, 5, Selection.ALL.excludingIds(Set.of("p3")));
                assertThat(near.size()).isEqualTo(5);
                assertThat(ids(snap, near)).doesNotContain("p3");
                assertThat(near.score(0)).isCloseTo(VectorMath.dot(q1, fused(catalog, snap.product(near.doc(0)).id())), within(1e-5f));
                assertThatThrownBy(() -> snap.product(10_000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10000");
            }
        }
    }

    private static float[] fused(List<IndexedProduct> catalog, String id) {
        return catalog.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow().vectors().fused();
    }

    private static List<String> ids(SearchSnapshot snap, Candidates c) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            out.add(snap.product(c.doc(i)).id());
        }
        return out;
    }
}
