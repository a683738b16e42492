package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.encoder.TinyModelRegistry;
import dev.lookalike.engine.IngestOptions;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.model.HubServer;
import dev.lookalike.model.ModelCache;
import dev.lookalike.model.PullOptions;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index built with model-backed encoders (the tiny CLIP towers, pulled from a loopback hub): the stored image
 * and text vectors are the encoders' vectors of each product's picture and text, and the index answers.
 */
class ModelBackedIndexTest {

    @TempDir
    Path dir;

    @Test
    void anIndexWithBothClipTowersStoresTheirVectors() throws Exception {
        ModelCache cache = ModelCache.open(dir.resolve("models"), TinyModelRegistry.registry());
        try (HubServer hub = TinyModelRegistry.serve(HubServer.start())) {
            cache.pull("tiny-clip", PullOptions.defaults().withBaseUrl(hub.baseUrl())
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        }
        DemoCatalog demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(40).withSeed(11));
        FusionSettings settings = Encoders.settings("tiny-clip-image", "tiny-clip-text", cache);
        assertThat(Encoders.sharesImageSpace(settings.imageEncoder(), settings.textEncoder(), cache.registry())).isTrue();
        try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT);
             Lookalike engine = Lookalike.open(LuceneProductStore.open(dir.resolve("index"), settings), images::load, cache)) {
            engine.ingest(Catalogs.open(demo.catalogFile(), CatalogOptions.defaults()), IngestOptions.failFast());
            assertThat(engine.store().count()).isEqualTo(40);
            for (Product p : demo.products().subList(0, 5)) {
                IndexedProduct stored = engine.store().get(p.id()).orElseThrow();
                Product read = engine.product(p.id()).orElseThrow();
                float[] picture = Encoders.image("tiny-clip-image", cache).embed(images.load(read.images().get(0)));
                float[] text = Encoders.text("tiny-clip-text", cache).embed(ProductVectorizer.textOf(read));
                assertThat(read.images()).hasSize(1);
                assertThat(stored.vectors().part(Modality.IMAGE).orElseThrow()).containsExactly(picture, within(1e-5f));
                assertThat(stored.vectors().part(Modality.TEXT).orElseThrow()).containsExactly(text, within(1e-5f));
            }
            SearchResult similar = engine.similar(new SimilarRequest(demo.products().get(0).id(), 5, ProductFilter.NONE));
            assertThat(similar.hits()).hasSize(5);

            // text -> image search: with both CLIP towers a text query also fills the image block
            assertThat(engine.vectorizer().textSharesImageSpace()).isTrue();
            float[] words = Encoders.text("tiny-clip-text", cache).embed("red dress");
            assertThat(engine.vectorizer().embedTextAsImage("red dress").orElseThrow()).containsExactly(words, within(1e-6f));
            var response = engine.search(dev.lookalike.query.SearchRequest.builder().text("red dress").k(3).explain(true).build());
            assertThat(response.hits()).isNotEmpty();
            assertThat(response.hits().get(0).explanation().modalities())
                    .filteredOn(m -> m.modality() == Modality.IMAGE).singleElement()
                    .satisfies(m -> assertThat(m.contribution()).isNotZero());
        }
    }

    @Test
    void aDamagedImageModelStopsTheIngestBeforeAnyProductInsteadOfFailingPictureByPicture() throws Exception {
        ModelCache cache = ModelCache.open(dir.resolve("models"), TinyModelRegistry.registry());
        try (HubServer hub = TinyModelRegistry.serve(HubServer.start())) {
            cache.pull("tiny-clip", PullOptions.defaults().withBaseUrl(hub.baseUrl())
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        }
        Path vision = dir.resolve("models/tiny-clip/onnx/vision_model.onnx");
        byte[] bytes = java.nio.file.Files.readAllBytes(vision);
        bytes[bytes.length / 2] ^= 1;
        java.nio.file.Files.write(vision, bytes);
        DemoCatalog demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(10).withSeed(12));
        FusionSettings settings = Encoders.settings("tiny-clip-image", "tiny-clip-text", cache);
        try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT);
             Lookalike engine = Lookalike.open(LuceneProductStore.open(dir.resolve("index"), settings), images::load, cache)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.ingest(
                            Catalogs.open(demo.catalogFile(), CatalogOptions.defaults()), IngestOptions.failFast()))
                    .isInstanceOf(dev.lookalike.model.ModelNotCachedException.class)
                    .hasMessageContaining(vision.toString()).hasMessageContaining("lookalike models pull tiny-clip");
            assertThat(engine.store().count()).isZero();
        }
    }
}
