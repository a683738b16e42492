package dev.lookalike.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionFileTest {

    @TempDir
    Path dir;
    Projection projection;
    Path file;
    byte[] bytes;

    @BeforeEach
    void writeOne() throws Exception {
        PcaFitter fitter = new PcaFitter(7);
        fitter.addAll(Synthetic.gaussian(300, new double[7], Synthetic.orthogonal(7, 1), new double[] {5, 4, 3, 2, 1, 0.5, 0.1}, 2));
        projection = fitter.fit(3, true).projection();
        file = dir.resolve("p.lkp");
        ProjectionFile.write(projection, file);
        bytes = Files.readAllBytes(file);
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        // header: magic 8, version 4, kind 2+3, description 2+n, dims 8; mean 7 floats; matrix 21 floats; crc 4
        int description = projection.description().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).hasSize(8 + 4 + 2 + 3 + 2 + description + 8 + 7 * 4 + 21 * 4 + 4);
        assertThat(Arrays.copyOf(bytes, 8)).isEqualTo("LOOKPROJ".getBytes(StandardCharsets.US_ASCII));
        Projection back = ProjectionFile.read(file);
        assertThat(back.id()).isEqualTo(projection.id());
        assertThat(back.kind()).isEqualTo("pca");
        assertThat(back.description()).isEqualTo(projection.description()).contains("whiten=true");
        assertThat(back.descriptor()).isEqualTo(projection.descriptor());
        assertThat(((LinearProjection) back).matrix()).containsExactly(((LinearProjection) projection).matrix());
        assertThat(((LinearProjection) back).mean()).containsExactly(((LinearProjection) projection).mean());
        float[] x = {0.3f, -1, 2, 0, 0.5f, 1, -0.25f};
        assertThat(back.apply(x)).containsExactly(projection.apply(x));
        assertThat(Files.exists(dir.resolve("p.lkp.tmp"))).isFalse();
    }

    @Test
    void aFlippedBitIsCaughtByTheChecksum() throws Exception {
        byte[] corrupt = bytes.clone();
        corrupt[corrupt.length - 20] ^= 0x10; // inside the matrix
        Files.write(file, corrupt);
        assertThatThrownBy(() -> ProjectionFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("checksum mismatch").hasMessageContaining("corrupted");
    }

    @Test
    void truncatedFilesAreRefusedAtEveryLength() throws Exception {
        int[] lengths = {0, 5, 11, 13, 16, 40, bytes.length / 2, bytes.length - 4, bytes.length - 1};
        for (int length : lengths) {
            Files.write(file, Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> ProjectionFile.read(file)).as("truncated to %d bytes", length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(file.toString())
                    .hasMessageContaining("truncated");
        }
        Files.write(file, Arrays.copyOf(bytes, bytes.length + 3));
        assertThatThrownBy(() -> ProjectionFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing bytes").hasMessageContaining(Integer.toString(bytes.length + 3));
    }

    @Test
    void wrongMagicUnsupportedVersionOrKindAndBadDimensionsAreNamed() throws Exception {
        byte[] notOurs = bytes.clone();
        notOurs[0] = 'X';
        Files.write(file, notOurs);
        assertThatThrownBy(() -> ProjectionFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Lookalike projection file").hasMessageContaining("584f4f4b50524f4a");

        Files.write(file, withInt(bytes, 8, 2));
        assertThatThrownBy(() -> ProjectionFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("format version 2 is not supported")
                .hasMessageContaining("reads 1");

        byte[] kind = bytes.clone();
        kind[16] = 'x'; // "pca" -> "pcx"
        Files.write(file, withCrc(kind));
        assertThatThrownBy(() -> ProjectionFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported projection kind 'pcx'").hasMessageContaining("lda, pca");

        int dims = 8 + 4 + 2 + 3 + 2 + projection.description().getBytes(StandardCharsets.UTF_8).length;
        Files.write(file, withCrc(withInt(bytes, dims, 0)));
        assertThatThrownBy(() -> ProjectionFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input dimension must be between 1 and 65536, got 0");
        Files.write(file, withCrc(withInt(bytes, dims + 4, 70_000)));
        assertThatThrownBy(() -> ProjectionFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output dimension must be between 1 and 65536, got 70000");
        // dimensions that do not match the payload
        Files.write(file, withCrc(withInt(bytes, dims + 4, 4)));
        assertThatThrownBy(() -> ProjectionFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated").hasMessageContaining("7 x 4");
    }

    @Test
    void nonFiniteNumbersAreRefusedEvenWithAValidChecksum() throws Exception {
        byte[] nan = bytes.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(nan.length - 8, Float.NaN);
        Files.write(file, withCrc(nan));
        assertThatThrownBy(() -> ProjectionFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("non-finite").hasMessageContaining("NaN");
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThatThrownBy(() -> ProjectionFile.read(dir.resolve("missing.lkp"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    private static byte[] withInt(byte[] b, int offset, int value) {
        byte[] out = b.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return out;
    }

    /** The bytes with their CRC-32C trailer recomputed, so that only the intended defect remains. */
    private static byte[] withCrc(byte[] b) {
        byte[] out = b.clone();
        CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - 4);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(out.length - 4, (int) crc.getValue());
        return out;
    }
}
