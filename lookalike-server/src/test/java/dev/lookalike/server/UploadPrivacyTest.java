package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import io.javalin.testtools.JavalinTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Uploaded pictures are processed in memory: searching by photo (multipart and base64, a good picture and a broken one)
 * creates no file in {@code java.io.tmpdir} (pointed at an empty folder before the server is built, where the
 * servlet container would spill multipart parts) nor in the working directory, and the log output, every logger at the
 * test configuration's levels (Lookalike at DEBUG), and stdout/stderr contain neither the bytes nor their base64.
 */
class UploadPrivacyTest {

    @TempDir
    static Path dir;
    static Lookalike engine;
    static ImageLoader images;

    @BeforeAll
    static void buildIndex() throws Exception {
        images = new ImageLoader(ImageLimits.DEFAULT);
        engine = TestCatalog.build(dir, images);
        engine.store().commit();
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
        images.close();
    }

    /** A noisy picture: a few hundred KB of PNG, above any in-memory threshold a multipart parser would use. */
    static byte[] noisyPng() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        BufferedImage img = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 300; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return TestCatalog.png(img);
    }

    @Test
    void uploadsLeaveNoFileAndNoTraceInTheLogs() throws Exception {
        byte[] png = noisyPng();
        assertThat(png.length).isGreaterThan(200_000);
        String base64 = Base64.getEncoder().encodeToString(png);
        byte[] broken = Arrays.copyOf(png, png.length / 2);
        String brokenBase64 = Base64.getEncoder().encodeToString(broken);

        Path tmp = Files.createDirectory(dir.resolve("empty-tmpdir"));
        Path cwd = Path.of("").toAbsolutePath();
        List<String> cwdBefore = listing(cwd);
        String originalTmp = System.getProperty("java.io.tmpdir");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> created = new ArrayList<>();
        System.setProperty("java.io.tmpdir", tmp.toString());
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            cwd.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            tmp.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
            JavalinTest.test(LookalikeServer.create(engine).app(), (app, client) -> {
                for (byte[] picture : List.of(png, broken)) {
                    MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                            .addFormDataPart("image", "photo.png", RequestBody.create(picture, MediaType.get("image/png")))
                            .addFormDataPart("query", null, RequestBody.create("{\"k\": 3, \"text\": \"in red\"}", MediaType.get("application/json")))
                            .build();
                    Response r = client.request("/v1/search/image", b -> b.post(form));
                    assertThat(r.code()).isEqualTo(picture == png ? 200 : 400);
                    assertThat(r.body().string()).doesNotContain(base64.substring(0, 40));
                }
                for (String b64 : List.of(base64, brokenBase64)) {
                    Response r = client.request("/v1/search", b -> b.post(RequestBody.create("{\"image\": \"" + b64 + "\", \"k\": 3}",
                            MediaType.get("application/json"))));
                    assertThat(r.code()).isEqualTo(b64 == base64 ? 200 : 400);
                }
                // malformed JSON around the picture: the parser's message would quote it
                Response bad = client.request("/v1/search", b -> b.post(RequestBody.create("{\"image\": " + base64 + "}",
                        MediaType.get("application/json"))));
                assertThat(bad.code()).isEqualTo(400);
                assertThat(bad.body().string()).doesNotContain(base64.substring(0, 40));
            });
            WatchKey key;
            while ((key = watch.poll(300, TimeUnit.MILLISECONDS)) != null) {
                for (WatchEvent<?> e : key.pollEvents()) {
                    created.add(key.watchable() + "/" + e.context());
                }
                key.reset();
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setProperty("java.io.tmpdir", originalTmp);
            root.detachAppender(logs);
        }
        assertThat(created).as("files created during the uploads").isEmpty();
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(p -> !p.equals(tmp)).toList()).as("java.io.tmpdir").isEmpty();
        }
        assertThat(listing(cwd)).isEqualTo(cwdBefore);

        StringBuilder logged = new StringBuilder(console.toString(StandardCharsets.UTF_8));
        for (ILoggingEvent e : logs.list) {
            logged.append(e.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                logged.append(t.getMessage()).append('\n');
            }
        }
        String text = logged.toString();
        for (String b64 : List.of(base64, brokenBase64)) {
            for (int at = 0; at + 32 <= 4096; at += 512) {
                assertThat(text).doesNotContain(b64.substring(at, at + 32));
            }
        }
        String raw = new String(png, 1000, 32, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(raw);
        assertThat(new String(png, 1000, 32, StandardCharsets.UTF_8)).isNotEmpty();
        assertThat(text).doesNotContain(new String(png, 1000, 32, StandardCharsets.UTF_8));
    }

    private static List<String> listing(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
