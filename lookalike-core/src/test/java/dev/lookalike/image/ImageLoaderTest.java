package dev.lookalike.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lookalike.catalog.ImageRef;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {

    private static final ImageLimits LIMITS =
            new ImageLimits(1_000_000, 100_000, Duration.ofSeconds(2), Duration.ofSeconds(2));

    @TempDir
    Path dir;

    @Test
    void loadsLocalFile() throws Exception {
        Path file = Files.write(dir.resolve("shirt.gif"),
                TestImages.encode(TestImages.solid(12, 9, BufferedImage.TYPE_INT_RGB, 0x884422), "gif"));

        try (ImageLoader loader = new ImageLoader(LIMITS)) {
            BufferedImage image = loader.load(ImageRef.parse("shirt.gif", dir));

            assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            assertThat(image.getWidth()).isEqualTo(12);
            assertThat(image.getRGB(6, 4) & 0xFFFFFF).isEqualTo(0x884422);
        }
    }

    @Test
    void loadsOverHttp() throws Exception {
        byte[] png = TestImages.encode(TestImages.solid(7, 3, BufferedImage.TYPE_INT_RGB, 0x11AA33), "png");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/p/1.png", exchange -> {
            exchange.sendResponseHeaders(200, png.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(png);
            }
        });
        server.start();
        try (ImageLoader loader = new ImageLoader(LIMITS, ImageFetcherTest.LOOPBACK)) {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/p/1.png");

            BufferedImage image = loader.load(new ImageRef(uri));

            assertThat(image.getWidth()).isEqualTo(7);
            assertThat(image.getRGB(3, 1) & 0xFFFFFF).isEqualTo(0x11AA33);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void decodeErrorsNameTheFilePath() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.jpg"), "not a picture", StandardCharsets.UTF_8);

        try (ImageLoader loader = new ImageLoader(LIMITS)) {
            assertThatThrownBy(() -> loader.load(new ImageRef(file.toUri())))
                    .isInstanceOf(ImageLoadException.class)
                    .hasMessage(file + ": not a supported image (JPEG, PNG, GIF, BMP, WebP)");
        }
    }

    @Test
    void fetchErrorsComeFirst() {
        Path file = dir.resolve("absent.png");

        try (ImageLoader loader = new ImageLoader(LIMITS)) {
            assertThatThrownBy(() -> loader.load(new ImageRef(file.toUri())))
                    .isInstanceOf(ImageLoadException.class)
                    .hasMessage(file + ": no such file");
        }
    }

    @Test
    void decodesBytesInMemoryUnderTheSameLimits() throws Exception {
        ImageLimits tiny = new ImageLimits(100, 100_000, Duration.ofSeconds(1), Duration.ofSeconds(1));
        byte[] small = TestImages.encode(TestImages.solid(10, 10, BufferedImage.TYPE_INT_RGB, 0), "bmp");
        byte[] large = TestImages.encode(TestImages.solid(11, 10, BufferedImage.TYPE_INT_RGB, 0), "bmp");

        try (ImageLoader loader = new ImageLoader(tiny)) {
            assertThat(loader.limits()).isSameAs(tiny);
            assertThat(loader.decode(small, "upload").getWidth()).isEqualTo(10);
            assertThatThrownBy(() -> loader.decode(large, "upload"))
                    .isInstanceOf(ImageLoadException.class)
                    .hasMessage("upload: image is 11x10 = 110 pixels, above the cap of 100");
        }
    }

    @Test
    void rejectsNullLimits() {
        assertThatThrownBy(() -> new ImageLoader(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
