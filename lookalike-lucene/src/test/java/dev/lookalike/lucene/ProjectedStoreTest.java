package dev.lookalike.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.encoder.VectorMath;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.projection.PcaFitter;
import dev.lookalike.projection.Projection;
import dev.lookalike.projection.ProjectionFile;
import dev.lookalike.search.Hit;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchResult;
import dev.lookalike.search.VectorQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index whose image part goes through a stored projection; manifest version 1 compatibility. */
class ProjectedStoreTest {

    /** Image encoder of 8 dimensions projected to 4. */
    static final FusionSettings PLAIN = LuceneProductStoreTest.SETTINGS;

    @TempDir
    Path dir;

    static float[] gaussian(SplittableRandom r, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) (r.nextGaussian() * (i + 1));
        }
        return VectorMath.normalizeInPlace(v);
    }

    static Projection fitProjection(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PcaFitter fitter = new PcaFitter(8);
        for (int i = 0; i < 500; i++) {
            fitter.add(gaussian(r, 8));
        }
        return fitter.fit(4, true).projection();
    }

    /** Products whose stored image part is the projection of a raw 8-dimensional image vector. */
    static List<IndexedProduct> catalog(Projection projection, FusionSettings settings, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<IndexedProduct> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
            parts.put(Modality.IMAGE, projection.apply(gaussian(r, 8)));
            parts.put(Modality.TEXT, gaussian(r, 8));
            parts.put(Modality.ATTRIBUTES, gaussian(r, 8));
            out.add(new IndexedProduct(LuceneProductStoreTest.product("p" + i, i % 2 == 0 ? "Shirts" : "Boots", "Acme", 10.0 + i, true),
                    new ProductVectors(parts, Fusion.fuse(settings, parts))));
        }
        return out;
    }

    @Test
    void anIndexBuiltWithAProjectionReopensWithItAndAnswersIdentically() throws Exception {
        Projection projection = fitProjection(1);
        FusionSettings settings = PLAIN.withImageProjection(projection.descriptor());
        assertThat(settings.imageDimension()).isEqualTo(4);
        assertThat(settings.encoderImageDimension()).isEqualTo(8);
        assertThat(settings.fusedDimension()).isEqualTo(4 + 8 + 8);
        List<IndexedProduct> catalog = catalog(projection, settings, 200, 2);
        float[] query = catalog.get(7).vectors().fused();
        ProductFilter boots = ProductFilter.builder().category("Boots").build();
        SearchResult before;
        SearchResult beforeFiltered;
        try (LuceneProductStore store = LuceneProductStore.open(dir, settings, projection)) {
            assertThat(store.imageProjection()).containsSame(projection);
            store.upsert(catalog);
            store.commit();
            before = store.nearest(new VectorQuery(query, 10, ProductFilter.NONE, Set.of("p7")));
            beforeFiltered = store.nearest(new VectorQuery(query, 10, boots, Set.of()));
        }
        assertThat(Files.exists(dir.resolve(StoreManifest.IMAGE_PROJECTION_FILE))).isTrue();
        assertThat(Files.readString(dir.resolve(StoreManifest.FILE_NAME))).contains("\"format_version\" : " + StoreManifest.FORMAT_VERSION)
                .contains(projection.id()).contains("\"file\" : \"image-projection.lkp\"");

        for (boolean readOnly : new boolean[] {false, true}) {
            try (LuceneProductStore store = readOnly ? LuceneProductStore.openReadOnly(dir)
                    : LuceneProductStore.open(dir, PLAIN)) { // the stored settings win over the defaults given
                assertThat(store.settings()).isEqualTo(settings);
                Projection reloaded = store.imageProjection().orElseThrow();
                assertThat(reloaded.id()).isEqualTo(projection.id());
                float[] raw = gaussian(new SplittableRandom(9), 8);
                assertThat(reloaded.apply(raw)).containsExactly(projection.apply(raw));
                assertThat(store.get("p3").orElseThrow().vectors().part(Modality.IMAGE).orElseThrow())
                        .containsExactly(catalog.get(3).vectors().part(Modality.IMAGE).orElseThrow(), within(1e-6f));
                SearchResult after = store.nearest(new VectorQuery(query, 10, ProductFilter.NONE, Set.of("p7")));
                assertThat(after.hits()).extracting(Hit::id).containsExactlyElementsOf(before.hits().stream().map(Hit::id).toList());
                assertThat(after.hits()).extracting(Hit::score).containsExactlyElementsOf(before.hits().stream().map(Hit::score).toList());
                SearchResult afterFiltered = store.nearest(new VectorQuery(query, 10, boots, Set.of()));
                assertThat(afterFiltered.hits()).extracting(Hit::id)
                        .containsExactlyElementsOf(beforeFiltered.hits().stream().map(Hit::id).toList());
            }
        }
    }

    @Test
    void aVersionOneManifestStillOpensAsAnIndexWithoutProjection() throws Exception {
        List<IndexedProduct> catalog = LuceneProductStoreTest.catalog(30, 3);
        try (LuceneProductStore store = LuceneProductStore.open(dir, PLAIN)) {
            store.upsert(catalog);
            store.commit();
        }
        // exactly what version 1 wrote (docs/index-format.md before version 2)
        Files.writeString(dir.resolve(StoreManifest.FILE_NAME), """
                {
                  "format_version" : 1,
                  "fusion" : {
                    "image_weight" : 1.0,
                    "text_weight" : 0.5,
                    "attribute_weight" : 0.25,
                    "image_encoder" : "img-test",
                    "image_dimension" : 8,
                    "text_encoder" : "txt-test",
                    "text_dimension" : 8,
                    "attribute_dimension" : 8,
                    "attribute_fields" : [ ]
                  }
                }""");
        try (LuceneProductStore store = LuceneProductStore.openExisting(dir)) {
            assertThat(store.settings()).isEqualTo(PLAIN);
            assertThat(store.settings().imageProjection()).isNull();
            assertThat(store.imageProjection()).isEmpty();
            assertThat(store.count()).isEqualTo(30);
            SearchResult r = store.nearest(new VectorQuery(catalog.get(0).vectors().fused(), 5, ProductFilter.NONE, Set.of("p0")));
            assertThat(r.hits()).hasSize(5);
            // still writable, and the manifest is left as it was
            store.upsert(LuceneProductStoreTest.catalog(1, 4));
            store.commit();
        }
        assertThat(Files.readString(dir.resolve(StoreManifest.FILE_NAME))).contains("\"format_version\" : 1");
    }

    @Test
    void aMissingOrSwappedProjectionFileIsRefusedWithTheFileNamed() throws Exception {
        Projection projection = fitProjection(5);
        FusionSettings settings = PLAIN.withImageProjection(projection.descriptor());
        try (LuceneProductStore store = LuceneProductStore.open(dir, settings, projection)) {
            store.upsert(catalog(projection, settings, 5, 6));
            store.commit();
        }
        Path file = dir.resolve(StoreManifest.IMAGE_PROJECTION_FILE);
        ProjectionFile.write(fitProjection(7), file);
        assertThatThrownBy(() -> LuceneProductStore.openExisting(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("but " + StoreManifest.FILE_NAME + " names")
                .hasMessageContaining(projection.id());
        Files.delete(file);
        assertThatThrownBy(() -> LuceneProductStore.openReadOnly(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image-projection.lkp").hasMessageContaining("missing");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> LuceneProductStore.openExisting(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated");
    }

    @Test
    void aNewIndexNeedsTheProjectionItsSettingsName() {
        Projection projection = fitProjection(8);
        FusionSettings settings = PLAIN.withImageProjection(projection.descriptor());
        assertThatThrownBy(() -> LuceneProductStore.open(dir.resolve("a"), settings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(projection.id()).hasMessageContaining("got none");
        assertThatThrownBy(() -> LuceneProductStore.open(dir.resolve("b"), PLAIN, projection)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no image projection");
        assertThatThrownBy(() -> LuceneProductStore.open(dir.resolve("c"), settings, fitProjection(9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(projection.id());
        assertThat(LuceneProductStore.exists(dir.resolve("a"))).isFalse();
    }
}
