package dev.lookalike.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcatenatedEncoderConformanceTest extends EncoderConformanceTest<BufferedImage> {

    /** Gives the descriptor's vector for a picture whose centre pixel is red, zeros otherwise (no signal). */
    private static final class RedOnly implements Encoder<BufferedImage> {
        private final ProductImageDescriptor descriptor = new ProductImageDescriptor();

        @Override
        public String id() {
            return "red-only";
        }

        @Override
        public int dimension() {
            return descriptor.dimension();
        }

        @Override
        public List<float[]> embedAll(List<BufferedImage> inputs) {
            return inputs.stream().map(i -> (i.getRGB(30, 40) & 0xffffff) == 0xff0000 ? descriptor.embed(i)
                    : new float[dimension()]).toList();
        }
    }

    @Override
    protected Encoder<BufferedImage> encoder() {
        return new ConcatenatedEncoder<>(List.of(new ProductImageDescriptor(), new RedOnly()));
    }

    @Override
    protected List<BufferedImage> distinctInputs() {
        return List.of(ProductImageDescriptorConformanceTest.shape(Color.RED, false),
                ProductImageDescriptorConformanceTest.shape(Color.BLUE, true),
                ProductImageDescriptorConformanceTest.shape(Color.DARK_GRAY, false),
                ProductImageDescriptorConformanceTest.shape(Color.GREEN, true));
    }

    @Test
    void laysThePartsUnitVectorsEndToEndScaledSoTheWholeIsUnitLength() {
        ProductImageDescriptor d = new ProductImageDescriptor();
        Encoder<BufferedImage> both = encoder();
        assertThat(both.id()).isEqualTo("descriptor-v2+red-only");
        assertThat(both.dimension()).isEqualTo(2 * d.dimension());
        BufferedImage red = ProductImageDescriptorConformanceTest.shape(Color.RED, false);
        float[] part = d.embed(red);
        float[] v = both.embed(red);
        float s = (float) (1 / Math.sqrt(2));
        for (int i = 0; i < part.length; i++) {
            assertThat(v[i]).isCloseTo(part[i] * s, within(1e-6f));
            assertThat(v[part.length + i]).isCloseTo(part[i] * s, within(1e-6f));
        }
        // a part without signal contributes zeros and the rest is renormalised
        BufferedImage blue = ProductImageDescriptorConformanceTest.shape(Color.BLUE, true);
        float[] alone = d.embed(blue);
        float[] w = both.embed(blue);
        for (int i = 0; i < alone.length; i++) {
            assertThat(w[i]).isCloseTo(alone[i], within(1e-6f));
            assertThat(w[alone.length + i]).isZero();
        }
    }

    @Test
    void joinedIdsResolveThroughEncodersAndAnEmptyPartIsAnError() {
        Encoder<BufferedImage> e = Encoders.image("descriptor-v2+descriptor-v2",
                dev.lookalike.model.ModelCache.fromEnvironment());
        assertThat(e.id()).isEqualTo("descriptor-v2+descriptor-v2");
        assertThat(e.dimension()).isEqualTo(2 * new ProductImageDescriptor().dimension());
        assertThat(Encoders.normalizeImageId("descriptor-v2+onnx:a/../card.json"))
                .isEqualTo("descriptor-v2+onnx:" + java.nio.file.Path.of("card.json").toAbsolutePath().normalize());
        assertThatThrownBy(() -> Encoders.image("descriptor-v2+", dev.lookalike.model.ModelCache.fromEnvironment()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'descriptor-v2+'")
                .hasMessageContaining("empty part");
        assertThatThrownBy(() -> Encoders.image("descriptor-v2+nope", dev.lookalike.model.ModelCache.fromEnvironment()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    }
}
