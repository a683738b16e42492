package dev.lookalike.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.projection.PcaFitter;
import dev.lookalike.projection.Projection;
import dev.lookalike.projection.ProjectionDescriptor;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The image projection sits between the image encoder and fusion, for products and picture queries alike. */
class ProjectedVectorizerTest {

    /** 6 numbers from a picture: mean and spread of its three channels. Depends on nothing but {@link Encoder}. */
    static final class ChannelStats implements Encoder<BufferedImage> {
        @Override
        public String id() {
            return "channel-stats-test";
        }

        @Override
        public int dimension() {
            return 6;
        }

        @Override
        public List<float[]> embedAll(List<BufferedImage> images) {
            List<float[]> out = new ArrayList<>();
            for (BufferedImage img : images) {
                double[] sum = new double[3];
                double[] sq = new double[3];
                int n = img.getWidth() * img.getHeight();
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        int rgb = img.getRGB(x, y);
                        for (int c = 0; c < 3; c++) {
                            double v = ((rgb >> (16 - 8 * c)) & 0xff) / 255.0;
                            sum[c] += v;
                            sq[c] += v * v;
                        }
                    }
                }
                float[] v = new float[6];
                for (int c = 0; c < 3; c++) {
                    v[c] = (float) (sum[c] / n);
                    v[3 + c] = (float) Math.sqrt(Math.max(0, sq[c] / n - v[c] * v[c]));
                }
                out.add(VectorMath.normalizeInPlace(v));
            }
            return out;
        }
    }

    static final class Letters implements Encoder<String> {
        @Override
        public String id() {
            return "letters-test";
        }

        @Override
        public int dimension() {
            return 4;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(t -> {
                float[] v = new float[4];
                t.chars().forEach(ch -> v[ch % 4] += 1);
                return VectorMath.normalizeInPlace(v);
            }).toList();
        }
    }

    static final FusionSettings PLAIN = new FusionSettings(1f, 0.5f, 0.25f, "channel-stats-test", 6, "letters-test", 4, 8, List.of());

    static BufferedImage picture(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        int base = r.nextInt(0xffffff);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, (base + r.nextInt(0x202020)) & 0xffffff);
            }
        }
        return img;
    }

    static Product product(int i) {
        return Product.builder("p" + i).title("Product number " + i).attribute("colour", i % 2 == 0 ? "red" : "blue")
                .images(List.of(new ImageRef(URI.create("file:/pictures/" + i + ".png")))).build();
    }

    /** Pictures by URI: the product number is the seed. */
    static final ImageSource PICTURES = ref -> {
        String path = ref.uri().getPath();
        return picture(Long.parseLong(path.substring(path.lastIndexOf('/') + 1, path.indexOf(".png"))));
    };

    @Test
    void productsAndPictureQueriesGoThroughTheSameProjection() {
        ProductVectorizer plain = new ProductVectorizer(PLAIN, new ChannelStats(), new Letters(), PICTURES);
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            products.add(product(i));
        }
        float[][] raw = plain.encodeImages(products);
        PcaFitter fitter = new PcaFitter(6);
        fitter.addAll(raw);
        Projection projection = fitter.fit(3, false).projection();
        FusionSettings settings = PLAIN.withImageProjection(projection.descriptor());
        ProductVectorizer projected = new ProductVectorizer(settings, new ChannelStats(), new Letters(), projection, PICTURES);
        assertThat(projected.imageProjection()).containsSame(projection);

        ProductVectorizer.Batch batch = projected.vectorizeAll(products.subList(0, 5));
        for (int i = 0; i < 5; i++) {
            float[] image = batch.vectors().get(i).part(Modality.IMAGE).orElseThrow();
            assertThat(image).hasSize(3).containsExactly(projection.apply(raw[i]), within(1e-6f));
            assertThat(batch.vectors().get(i).fused()).hasSize(3 + 4 + 8);
            // the unprojected vectorizer's text and attribute parts are untouched
            assertThat(batch.vectors().get(i).part(Modality.TEXT).orElseThrow())
                    .containsExactly(plain.vectorizeAll(List.of(products.get(i))).vectors().get(0).part(Modality.TEXT).orElseThrow());
        }
        assertThat(projected.embedImage(picture(3))).containsExactly(projection.apply(raw[3]), within(1e-6f));
        // encodeImages stays the encoder's own output, for fitting
        assertThat(projected.encodeImages(products.subList(0, 1))[0]).containsExactly(raw[0]);
    }

    @Test
    void theProjectionMustBeTheOneTheSettingsName() {
        PcaFitter fitter = new PcaFitter(6);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            float[] v = new float[6];
            for (int j = 0; j < 6; j++) {
                v[j] = (float) r.nextGaussian();
            }
            fitter.add(v);
        }
        Projection three = fitter.fit(3, false).projection();
        Projection two = fitter.fit(2, false).projection();
        FusionSettings settings = PLAIN.withImageProjection(three.descriptor());
        assertThatThrownBy(() -> new ProductVectorizer(PLAIN, new ChannelStats(), new Letters(), three, PICTURES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no image projection").hasMessageContaining(three.id());
        assertThatThrownBy(() -> new ProductVectorizer(settings, new ChannelStats(), new Letters(), PICTURES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(three.id()).hasMessageContaining("got none");
        assertThatThrownBy(() -> new ProductVectorizer(settings, new ChannelStats(), new Letters(), two, PICTURES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(two.id());
        assertThatThrownBy(() -> PLAIN.withImageProjection(new ProjectionDescriptor("pca", "pca-00", 5, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5").hasMessageContaining("6");
        assertThatThrownBy(() -> new FusionSettings(1f, 0f, 0f, "i", 4, "t", 4, 8, List.of(), three.descriptor()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output dimension 3").hasMessageContaining("got 4");
        assertThat(settings.withImageProjection(null)).isEqualTo(PLAIN);
        assertThat(settings.withWeights(1f, 1f, 1f).imageProjection()).isEqualTo(three.descriptor());
    }
}
