package dev.lookalike.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Assertions;

/**
 * Fuzzing {@link ImageDecoder}: arbitrary bytes, and valid PNG, JPEG, GIF and BMP files with bytes flipped and cut.
 * Each either decodes to an RGB image within the pixel cap or is refused with an {@link ImageLoadException}; nothing
 * else is thrown and no input takes more than a few seconds.
 */
class ImageDecoderProperties {

    private static final ImageLimits LIMITS = new ImageLimits(4_000_000, 1_000_000, Duration.ofSeconds(1), Duration.ofSeconds(1));
    private static final ImageDecoder DECODER = new ImageDecoder(LIMITS);
    private static final List<byte[]> SEEDS = List.of(
            TestImages.encode(TestImages.noisy(24, 16, 1), "png"),
            TestImages.encode(TestImages.noisy(24, 16, 2), "jpg"),
            TestImages.encode(TestImages.noisy(24, 16, 3), "gif"),
            TestImages.encode(TestImages.noisy(24, 16, 4), "bmp"),
            TestImages.animatedGif(8, 8, 0xFF0000, 0x00FF00),
            TestImages.adobeFourComponentJpeg(8, 8, new int[] {255, 0, 0, 127}, 0),
            TestImages.pngHeaderOnly(3_000, 3_000));

    /** A seed file, bytes flipped at positions, cut to a length. */
    record Mutation(int seed, List<Integer> positions, List<Byte> values, int cut) {
    }

    @Property(tries = 300)
    void mutatedFilesDecodeOrAreRefused(@ForAll("mutations") Mutation m) {
        byte[] seed = SEEDS.get(m.seed());
        byte[] bytes = seed.clone();
        for (int i = 0; i < m.positions().size(); i++) {
            bytes[m.positions().get(i) % bytes.length] = m.values().get(i);
        }
        if (m.cut() > 0) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(0, bytes.length - m.cut() % bytes.length));
        }
        decodeOrRefuse(bytes);
    }

    @Property(tries = 200)
    void arbitraryBytesAreRefusedOrDecoded(@ForAll @Size(max = 4_096) byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    private static void decodeOrRefuse(byte[] bytes) {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                BufferedImage image = DECODER.decode(bytes, "fuzz");
                assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
                assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(LIMITS.maxPixels());
            } catch (ImageLoadException e) {
                assertThat(e.getMessage()).startsWith("fuzz");
            }
        });
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> seed = Arbitraries.integers().between(0, SEEDS.size() - 1);
        Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, 100_000).list().ofMinSize(0).ofMaxSize(6);
        Arbitrary<List<Byte>> values = Arbitraries.bytes().list().ofSize(6);
        Arbitrary<Integer> cut = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 100_000)));
        return Combinators.combine(seed, positions, values, cut).as(Mutation::new);
    }
}
