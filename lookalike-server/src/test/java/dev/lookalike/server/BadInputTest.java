package dev.lookalike.server;

import static dev.lookalike.server.HardeningTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.image.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of bad input sent to a running server, all generated here: broken and hostile pictures (as uploads and as
 * catalog pictures), malformed JSON bodies, bad {@code k}, non-finite vectors, odd ids. Each gets a clear 4xx or a
 * per-item rejection, the server stays up, and nothing valid is lost.
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Lookalike engine;
    static ImageLoader images;
    static LookalikeServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        images = new ImageLoader(ImageLimits.DEFAULT);
        engine = TestCatalog.build(dir, images);
        server = LookalikeServer.create(engine, ServerConfig.load(null, Map.of(
                "LOOKALIKE_AUTH_WRITE_KEYS", HardeningTest.WRITE_KEY,
                "LOOKALIKE_CATALOG_IMAGE_ROOT", dir.toString()))).start("127.0.0.1", 0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.close();
        engine.close();
        images.close();
    }

    /** Broken or hostile pictures, by name. */
    static Map<String, byte[]> badPictures() {
        byte[] png = TestImages.encode(TestImages.solid(32, 32, BufferedImage.TYPE_INT_RGB, 0xCC2200), "png");
        byte[] jpeg = TestImages.encode(TestImages.noisy(64, 64, 3), "jpg");
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("zero-byte", new byte[0]);
        bad.put("truncated-png", Arrays.copyOf(png, png.length / 2));
        bad.put("truncated-jpeg", Arrays.copyOf(jpeg, jpeg.length / 3));
        bad.put("wrong-magic", withFirstBytes(png, "GIF87a"));
        bad.put("text", "<html>not a picture</html>".getBytes(StandardCharsets.US_ASCII));
        bad.put("png-header-30000x30000", TestImages.pngHeaderOnly(30_000, 30_000));
        bad.put("gif-header-30000x30000", gifHeader(30_000, 30_000));
        return bad;
    }

    /** Unusual but valid pictures: each must be accepted. */
    static Map<String, byte[]> oddButValidPictures() {
        Map<String, byte[]> ok = new LinkedHashMap<>();
        ok.put("animated-gif", TestImages.animatedGif(16, 16, 0xFF0000, 0x00FF00, 0x0000FF));
        ok.put("cmyk-jpeg", TestImages.adobeFourComponentJpeg(16, 16, new int[] {255, 0, 0, 127}, 0));
        ok.put("png-16-bit-grey", TestImages.encode(new BufferedImage(16, 16, BufferedImage.TYPE_USHORT_GRAY), "png"));
        return ok;
    }

    @Test
    void badUploadsAre400AndOddValidOnesWork() throws Exception {
        for (Map.Entry<String, byte[]> e : badPictures().entrySet()) {
            HttpResponse<String> r = upload(e.getValue());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(error(r).get("message").asText()).as(e.getKey()).containsAnyOf("image", "picture");
        }
        for (Map.Entry<String, byte[]> e : oddButValidPictures().entrySet()) {
            assertThat(upload(e.getValue()).statusCode()).as(e.getKey()).isEqualTo(200);
        }
        assertUpAndIntact();
    }

    @Test
    void badCatalogPicturesAreReportedPerProductWhichIsStillIndexed() throws Exception {
        StringBuilder body = new StringBuilder();
        Map<String, byte[]> all = new LinkedHashMap<>(badPictures());
        all.putAll(oddButValidPictures());
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            Files.write(dir.resolve(e.getKey() + ".bin"), e.getValue());
            body.append("{\"id\":\"pic-").append(e.getKey()).append("\",\"title\":\"odd picture\",\"images\":[\"")
                    .append(e.getKey()).append(".bin\"]}\n");
        }
        HttpResponse<String> r = ndjson(body.toString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode res = JSON.readTree(r.body());
        assertThat(res.get("accepted").asInt()).isEqualTo(all.size());
        List<String> problems = res.get("image_problems").findValuesAsText("id");
        assertThat(problems).containsExactlyInAnyOrderElementsOf(badPictures().keySet().stream().map(k -> "pic-" + k).toList());
        assertThat(res.get("image_problems").toString()).doesNotContain(dir.toString());
        for (String name : all.keySet()) {
            assertThat(send(http, server, "GET", "/v1/products/pic-" + name, null).statusCode()).isEqualTo(200);
        }
        assertUpAndIntact();
    }

    @Test
    void malformedJsonBodiesAre400() throws Exception {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        List<String[]> cases = List.of(
                new String[] {"POST", "/v1/search", "{\"q\":\"boot\""},
                new String[] {"POST", "/v1/search", "[1,2]"},
                new String[] {"POST", "/v1/search", "\u0000\u0001garbage"},
                new String[] {"POST", "/v1/search", "{\"q\":" + deep + "}"},
                new String[] {"POST", "/v1/search", "{\"q\":\"boot\",\"k\":\"ten\"}"},
                new String[] {"POST", "/v1/search", "{\"k\":-1}"},
                new String[] {"POST", "/v1/search", "{\"k\":0}"},
                new String[] {"POST", "/v1/search", "{\"k\":1e12}"},
                new String[] {"POST", "/v1/search", "{\"k\":99999999999999999999999}"},
                new String[] {"POST", "/v1/search", "{\"offset\":-5}"},
                new String[] {"POST", "/v1/search", "{\"anchors\":[{\"vector\":[NaN,1,2]}]}"},
                new String[] {"POST", "/v1/search", "{\"anchors\":[{\"vector\":[Infinity]}]}"},
                new String[] {"POST", "/v1/search", "{\"anchors\":[{\"vector\":[1e999]}]}"},
                new String[] {"POST", "/v1/search", "{\"anchors\":[{\"vector\":[]}]}"},
                new String[] {"POST", "/v1/search", "{\"anchors\":[{\"id\":\"p1\",\"weight\":NaN}]}"},
                new String[] {"POST", "/v1/search", "{\"weights\":{\"image\":-Infinity}}"},
                new String[] {"POST", "/v1/search", "{\"filter\":{\"min_price\":NaN}}"},
                new String[] {"POST", "/v1/products", "[{\"id\":\"a\"},"},
                new String[] {"POST", "/v1/products", "{\"id\":\"a\"}{"},
                new String[] {"POST", "/v1/products", "[" + deep + "]"},
                new String[] {"PUT", "/v1/products/x1", "{\"id\":\"x1\",\"price\":"},
                new String[] {"PUT", "/v1/products/x1", "[]"},
                new String[] {"GET", "/v1/products/p1/similar?k=-3", null},
                new String[] {"GET", "/v1/products/p1/similar?k=1000000", null},
                new String[] {"GET", "/v1/products/p1/similar?k=NaN", null},
                new String[] {"GET", "/v1/products/p1/similar?min_price=Infinity", null},
                new String[] {"GET", "/v1/products?limit=-1", null});
        for (String[] c : cases) {
            HttpResponse<String> r = send(http, server, c[0], c[1], c[2]);
            String what = c[0] + " " + c[1] + " " + (c[2] == null ? "" : c[2].substring(0, Math.min(60, c[2].length())));
            assertThat(r.statusCode()).as(what).isBetween(400, 499);
            assertThat(error(r).get("message").asText()).as(what).isNotBlank().doesNotContain("Exception");
        }
        assertUpAndIntact();
    }

    @Test
    void batchItemsWithBadValuesAreRejectedOneByOne() throws Exception {
        String longId = "L".repeat(20_000);
        String body = String.join("\n",
                "{\"id\":\"ok-1\",\"title\":\"fine\"}",
                "{\"id\":\"\",\"title\":\"empty id\"}",
                "{\"title\":\"no id\"}",
                "{\"id\":\"" + longId + "\"}",
                "{\"id\":\"nan\",\"price\":NaN}",
                "{\"id\":\"inf\",\"price\":Infinity}",
                "{\"id\":\"neg\",\"price\":-1}",
                "{\"id\":\"obj\",\"title\":{\"a\":1}}",
                "{\"id\":\"dup\",\"title\":\"a\",\"title\":\"b\"}",
                "{\"id\":\"bad-img\",\"images\":[\"ftp://example.com/x.png\"]}",
                "{\"id\":\"long-brand\",\"brand\":\"" + "x".repeat(40_000) + "\"}",
                "not json at all",
                "{\"id\":\"ok-2\",\"title\":\"fine too\"}");
        HttpResponse<String> r = ndjson(body);
        assertThat(r.statusCode()).isEqualTo(207);
        JsonNode res = JSON.readTree(r.body());
        assertThat(res.get("accepted").asInt()).isEqualTo(2);
        assertThat(res.get("rejected")).hasSize(11);
        res.get("rejected").forEach(x -> assertThat(x.get("message").asText()).isNotBlank());
        // a value too long to index is this item's rejection, named by field, not a 400 for the whole batch
        assertThat(res.get("rejected").toString()).contains("field 'brand' must be at most 8000 characters, got 40000");
        assertThat(send(http, server, "GET", "/v1/products/long-brand", null).statusCode()).isEqualTo(404);
        assertThat(send(http, server, "GET", "/v1/products/ok-1", null).statusCode()).isEqualTo(200);
        assertThat(send(http, server, "GET", "/v1/products/ok-2", null).statusCode()).isEqualTo(200);
        assertUpAndIntact();
    }

    @Test
    void unicodeIdsRoundTrip() throws Exception {
        List<String> ids = List.of("ünï-çødé", "产品-42", "emoji-\uD83D\uDC5F", "space id", "a+b=c", "x".repeat(500));
        for (String id : ids) {
            String path = "/v1/products/" + URI.create("http://h/" + encodePath(id)).getRawPath().substring(1);
            HttpResponse<String> put = send(http, server, "PUT", path, "{\"title\":\"unicode\"}");
            assertThat(put.statusCode()).as(id).isEqualTo(200);
            HttpResponse<String> got = send(http, server, "GET", path, null);
            assertThat(got.statusCode()).as(id).isEqualTo(200);
            assertThat(JSON.readTree(got.body()).get("id").asText()).isEqualTo(id);
        }
        assertUpAndIntact();
    }

    private static String encodePath(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** The server answers and the 20 test products are all there. */
    private static void assertUpAndIntact() throws Exception {
        assertThat(send(http, server, "GET", "/health", null).statusCode()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            assertThat(send(http, server, "GET", "/v1/products/p" + i, null).statusCode()).isEqualTo(200);
        }
        assertThat(JSON.readTree(send(http, server, "GET", "/v1/products/p0/similar?k=5", null).body()).get("hits")).hasSize(5);
    }

    private static HttpResponse<String> ndjson(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/products"))
                .header("Content-Type", "application/x-ndjson").header("X-API-Key", HardeningTest.WRITE_KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertThat(e).as("error body: " + r.body()).isNotNull();
        return e;
    }

    private static HttpResponse<String> upload(byte[] picture) throws Exception {
        String boundary = "lookalike-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(picture);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/search/image"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] withFirstBytes(byte[] data, String magic) {
        byte[] copy = data.clone();
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, copy, 0, m.length);
        return copy;
    }

    /** A GIF logical screen and image descriptor claiming {@code w x h}, with a tiny LZW body. */
    private static byte[] gifHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) w).putShort((short) h)
                .put((byte) 0x80).put((byte) 0).put((byte) 0); // global colour table of 2 entries
        b.put(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) w).putShort((short) h).put((byte) 0);
        b.put((byte) 2).put((byte) 2).put((byte) 0x4C).put((byte) 0x01).put((byte) 0).put((byte) 0x3B);
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }
}
