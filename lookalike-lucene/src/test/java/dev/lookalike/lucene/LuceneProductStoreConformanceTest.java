package dev.lookalike.lucene;

import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.ProductStoreConformanceTest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared store behaviour on the embedded Lucene store: a new index folder per test. */
class LuceneProductStoreConformanceTest extends ProductStoreConformanceTest {

    @TempDir
    Path dir;

    @Override
    protected ProductStore openEmptyStore(FusionSettings settings) throws IOException {
        return LuceneProductStore.open(dir.resolve("index"), settings);
    }
}
