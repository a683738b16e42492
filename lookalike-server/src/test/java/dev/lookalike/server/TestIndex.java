package dev.lookalike.server;

import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link TestCatalog} indexed once per test class and closed after it, for
 * {@code @RegisterExtension static final TestIndex INDEX = new TestIndex();}.
 */
final class TestIndex implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private ImageLoader images;
    private Lookalike engine;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("lookalike-server-test");
        images = new ImageLoader(ImageLimits.DEFAULT);
        engine = TestCatalog.build(dir, images);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            engine.close();
            images.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(TestIndex::deleteQuietly);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }

    /** The engine over the indexed test catalog. */
    Lookalike engine() {
        return engine;
    }

    /** The loader the engine reads pictures with. */
    ImageLoader images() {
        return images;
    }

    /** The folder holding the catalog's pictures and the index ({@code index/}). */
    Path dir() {
        return dir;
    }
}
