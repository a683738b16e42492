package dev.lookalike.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.VectorMath;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.search.Hit;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchResult;
import dev.lookalike.search.VectorQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vector quantization option: recorded in the manifest, kept on reopen, results re-ranked on float32 vectors. */
class QuantizedStoreTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(VectorQuantization.class)
    void quantizedGraphsReturnTheExactTopTenWithExactScores(VectorQuantization quantization) throws Exception {
        List<IndexedProduct> catalog = LuceneProductStoreTest.catalog(600, 3);
        SplittableRandom r = new SplittableRandom(5);
        try (LuceneProductStore store = LuceneProductStore.open(dir, LuceneProductStoreTest.SETTINGS, null, quantization)) {
            store.upsert(catalog);
            store.commit();
            assertThat(store.quantization()).isEqualTo(quantization);
            for (int q = 0; q < 20; q++) {
                float[] query = catalog.get(r.nextInt(catalog.size())).vectors().fused();
                SearchResult result = store.nearest(new VectorQuery(query, 10, ProductFilter.NONE, Set.of()));
                List<IndexedProduct> exact = catalog.stream()
                        .sorted(Comparator.comparingDouble((IndexedProduct p) -> -VectorMath.dot(query, p.vectors().fused()))).limit(10).toList();
                // 600 products, beam 100: the graph finds all ten; the order and scores are the float32 ones
                assertThat(result.hits()).extracting(Hit::id).containsExactlyElementsOf(exact.stream().map(IndexedProduct::id).toList());
                for (int i = 0; i < 10; i++) {
                    assertThat(result.hits().get(i).score()).isCloseTo(VectorMath.dot(query, exact.get(i).vectors().fused()), within(1e-5f));
                }
            }
        }
        assertThat(Files.readString(dir.resolve(StoreManifest.FILE_NAME))).contains("\"vector_quantization\" : \"" + quantization.id() + "\"");
        try (LuceneProductStore reopened = LuceneProductStore.open(dir, LuceneProductStoreTest.SETTINGS);
             LuceneProductStore readOnly = LuceneProductStore.openReadOnly(dir)) {
            assertThat(reopened.quantization()).isEqualTo(quantization); // the manifest wins over the default
            assertThat(readOnly.quantization()).isEqualTo(quantization);
        }
    }

    @Test
    void aManifestWithoutTheFieldIsUnquantizedAndABadValueIsNamed() throws Exception {
        try (LuceneProductStore store = LuceneProductStore.open(dir, LuceneProductStoreTest.SETTINGS)) {
            store.commit();
        }
        Path manifest = dir.resolve(StoreManifest.FILE_NAME);
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.replace("\"vector_quantization\" : \"none\",", ""));
        assertThat(StoreManifest.read(dir).orElseThrow().quantization()).isEqualTo(VectorQuantization.NONE);
        Files.writeString(manifest, text.replace("\"vector_quantization\" : \"none\"", "\"vector_quantization\" : \"int3\""));
        assertThatThrownBy(() -> StoreManifest.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(manifest.toString()).hasMessageContaining("vector_quantization").hasMessageContaining("'int3'");
    }

    @Test
    void weightedPartsAreReDerivedFromTheFusedVectorAndUnweightedOnesStored() throws Exception {
        FusionSettings noAttributes = new FusionSettings(1f, 0.5f, 0f, "img-test", 8, "txt-test", 8, 8, List.of());
        IndexedProduct p = LuceneProductStoreTest.catalog(1, 9).get(0);
        var fused = dev.lookalike.fusion.Fusion.fuse(noAttributes, p.vectors().parts());
        IndexedProduct indexed = new IndexedProduct(p.product(), new dev.lookalike.fusion.ProductVectors(p.vectors().parts(), fused));
        try (LuceneProductStore store = LuceneProductStore.open(dir, noAttributes)) {
            store.upsert(List.of(indexed));
            store.refresh();
            IndexedProduct back = store.get(p.id()).orElseThrow();
            for (Modality m : Modality.values()) {
                assertThat(back.vectors().part(m).orElseThrow()).containsExactly(p.vectors().part(m).orElseThrow(), within(1e-6f));
            }
        }
    }

    @Test
    void parseNamesTheAcceptedValues() {
        assertThat(VectorQuantization.parse(" INT8 ")).isEqualTo(VectorQuantization.INT8);
        assertThatThrownBy(() -> VectorQuantization.parse("fp16")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vector quantization must be one of none, int8, int4, got 'fp16'");
    }
}
