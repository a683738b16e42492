package dev.lookalike.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnnAccuracyTest {

    @TempDir
    Path dir;

    @Test
    void majorityOfNearestNeighboursDecides() {
        float[][] train = {{1, 0}, {0.9f, 0.1f}, {0.8f, 0.2f}, {0, 1}, {0.1f, 0.9f}};
        int[] labels = {0, 0, 1, 1, 1};
        float[][] test = {{1, 0.05f}, {0.05f, 1}};
        // first: neighbours 0,1,2 -> labels 0,0,1 -> 0 (right); second: 3,4,2 -> 1 (right)
        assertThat(KnnAccuracy.accuracy(train, labels, test, new int[] {0, 1}, 3)).isEqualTo(1.0);
        assertThat(KnnAccuracy.accuracy(train, labels, test, new int[] {1, 1}, 3)).isEqualTo(0.5);
    }

    @Test
    void readsGzippedIdxFiles() throws Exception {
        Path images = dir.resolve("x-images-idx3-ubyte.gz");
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
            out.writeInt(2051);
            out.writeInt(2);
            out.writeInt(2);
            out.writeInt(3);
            out.write(new byte[] {0, 10, 20, 30, 40, (byte) 255, 1, 2, 3, 4, 5, 6});
        }
        Path labels = dir.resolve("x-labels-idx1-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(labels))) {
            out.writeInt(2049);
            out.writeInt(2);
            out.write(new byte[] {7, 9});
        }
        var imgs = IdxImages.readImages(images, 0);
        assertThat(imgs).hasSize(2);
        assertThat(imgs.get(0).getWidth()).isEqualTo(3);
        assertThat(imgs.get(0).getRGB(2, 1) & 0xffffff).isEqualTo(0xffffff);
        assertThat(imgs.get(1).getRGB(0, 0) & 0xff).isEqualTo(1);
        float[][] pixels = IdxImages.readPixels(images, 1);
        assertThat(pixels).hasDimensions(1, 6);
        assertThat(pixels[0][5]).isEqualTo(255f); // the same pixel as the first image's (2, 1)
        assertThat(IdxImages.readLabels(labels, 1)).containsExactly(7);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> IdxImages.readLabels(images, 0)))
                .hasMessageContaining("2049");
        Path negative = dir.resolve("negative-labels-idx1-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(negative))) {
            out.writeInt(2049);
            out.writeInt(-5);
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> IdxImages.readLabels(negative, 0)))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("-5 labels");
    }
}
