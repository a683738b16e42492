package dev.lookalike.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.encoder.onnx.ImagePreprocessing;
import dev.lookalike.encoder.onnx.OnnxImageEncoder;
import dev.lookalike.encoder.onnx.TinyOnnxModels;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.query.SearchHit;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.query.SearchResponse;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fused vectors wider than Lucene's default limit of 1,024 dimensions: a 2,048-d image encoder (the core test-jar's
 * tiny pooled ONNX model, ResNet-50's width) with a 424-d text encoder and 128 attribute dimensions makes 2,600.
 */
class WideVectorsTest {

    static final int IMAGE_DIMENSION = 2048;
    static final int TEXT_DIMENSION = 424;
    static final Color[] COLOURS = {Color.RED, Color.BLUE, Color.GREEN, Color.ORANGE, Color.MAGENTA, Color.GRAY};

    @TempDir
    Path dir;

    /** Hashed words in {@code dimension} buckets; normalised. */
    record HashedWords(int dimension) implements Encoder<String> {
        @Override
        public String id() {
            return "hashed-words-test";
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            for (String text : texts) {
                float[] v = new float[dimension];
                for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
                    if (!word.isEmpty()) {
                        v[Math.floorMod(java.util.Arrays.hashCode(word.getBytes(StandardCharsets.UTF_8)), dimension)] += 1;
                    }
                }
                out.add(VectorMath.normalizeInPlace(v));
            }
            return out;
        }
    }

    static BufferedImage solid(Color c) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 64);
        g.setColor(c);
        g.fillRect(8, 8, 48, 48);
        g.dispose();
        return img;
    }

    @Test
    void productsWith2600DimensionalFusedVectorsAreIndexedSearchedAndReopened() throws Exception {
        FusionSettings settings = new FusionSettings(1f, 0.6f, 0.4f, "tiny-pooled-2048", IMAGE_DIMENSION, "hashed-words-test",
                TEXT_DIMENSION, FusionSettings.DEFAULT_ATTRIBUTE_DIMENSION, List.of());
        assertThat(settings.fusedDimension()).isEqualTo(2600);
        byte[] model = TinyOnnxModels.pooled(7, 224, 224, ImagePreprocessing.Layout.NCHW, false, IMAGE_DIMENSION).onnx();
        Map<String, BufferedImage> pictures = new java.util.HashMap<>();
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < COLOURS.length; i++) {
            String id = "w" + i;
            pictures.put("https://img.test/" + id + ".png", solid(COLOURS[i]));
            products.add(Product.builder(id).title("wide item " + i).attribute("colour", "c" + i)
                    .images(List.of(new ImageRef(URI.create("https://img.test/" + id + ".png")))).build());
        }
        Path index = dir.resolve("wide");
        List<String> before;
        try (OnnxImageEncoder images = new OnnxImageEncoder("tiny-pooled-2048", model, ImagePreprocessing.resnet50(), 4, 1)) {
            ProductVectorizer vectorizer = new ProductVectorizer(settings, images, new HashedWords(TEXT_DIMENSION),
                    ref -> pictures.get(ref.uri().toString()));
            try (Lookalike engine = new Lookalike(LuceneProductStore.open(index, settings), vectorizer)) {
                assertThat(engine.upsert(products)).isEmpty();
                engine.store().commit();
                assertThat(engine.store().count()).isEqualTo(COLOURS.length);
                assertThat(engine.store().get("w1").orElseThrow().vectors().fused()).hasSize(2600);

                SearchResponse similar = engine.search(SearchRequest.builder().like("w0").k(5).build());
                assertThat(similar.hits()).hasSize(5).extracting(SearchHit::id).doesNotContain("w0");
                // by photo: the orange square is nearest to the orange product
                SearchResponse photo = engine.search(SearchRequest.builder().image(png(solid(Color.ORANGE)), null).k(3).build());
                assertThat(photo.hits().get(0).id()).isEqualTo("w3");
                assertThat(photo.hits().get(0).similarity()).isCloseTo(imageShare(settings), within(1e-3f));
                before = photo.hits().stream().map(SearchHit::id).toList();
            }
            // reopened (writable, then read-only): the same answers from the standard on-disk format
            try (Lookalike engine = new Lookalike(LuceneProductStore.openExisting(index), vectorizer)) {
                assertThat(engine.store().settings().fusedDimension()).isEqualTo(2600);
                SearchResponse photo = engine.search(SearchRequest.builder().image(png(solid(Color.ORANGE)), null).k(3).build());
                assertThat(photo.hits()).extracting(SearchHit::id).containsExactlyElementsOf(before);
            }
            try (Lookalike engine = new Lookalike(LuceneProductStore.openReadOnly(index), vectorizer)) {
                SearchResponse photo = engine.search(SearchRequest.builder().image(png(solid(Color.ORANGE)), null).k(3).build());
                assertThat(photo.hits()).extracting(SearchHit::id).containsExactlyElementsOf(before);
            }
        }
    }

    /**
     * A picture query's similarity to a product with the same picture: the query is the image block alone, the product
     * has image, text and attributes, so the cosine is {@code w_image / sqrt(w_image² + w_text² + w_attributes²)}.
     */
    static float imageShare(FusionSettings s) {
        return (float) (s.imageWeight() / Math.sqrt(s.imageWeight() * s.imageWeight() + s.textWeight() * s.textWeight()
                + s.attributeWeight() * s.attributeWeight()));
    }

    @Test
    void aFusedDimensionAbove4096IsRefusedNamingItAndSuggestingAProjection() {
        FusionSettings tooWide = new FusionSettings(1f, 0.6f, 0.4f, "img-test", 4000, "txt-test", 384, 128, List.of());
        assertThatThrownBy(() -> LuceneProductStore.open(dir.resolve("too-wide"), tooWide))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fused dimension 4512")
                .hasMessageContaining("maximum of 4096")
                .hasMessageContaining("--image-pca");
    }

    static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
