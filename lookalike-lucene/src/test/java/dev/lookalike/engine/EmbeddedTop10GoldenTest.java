package dev.lookalike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store reproduces the golden "more like this" results ({@link GoldenTop10}) that SolrCloud is compared
 * with in lookalike-solr's {@code SolrCloudIT}: the seeded demo catalog ingested with the default encoders, 100 anchors
 * (10 filtered by category, 10 by stock), top 10 ids each.
 *
 * <p>Passes when the mean top-10 overlap with the file is at least 0.99 and no query falls below 0.9. Not exact
 * equality: the image descriptor is pure Java, but MiniLM through ONNX Runtime may round differently on another CPU
 * (other SIMD kernels), and a last-bit change can swap two near-equal products at rank 10 and 11 or change the HNSW
 * graph's build; 0.99 allows one such swap per ten queries, a real change of the store or the encoders moves far more.
 *
 * <p>After a deliberate change of the demo generator, the encoders, the fusion or the queries, regenerate the file and
 * commit it:
 *
 * <pre>
 * ./mvnw -B -o -q -pl lookalike-lucene -am test -Dtest=EmbeddedTop10GoldenTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dlookalike.golden.write=true
 * </pre>
 *
 * which writes {@code lookalike-core/src/test/resources/dev/lookalike/engine/embedded-top10.json}.
 */
class EmbeddedTop10GoldenTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedStoreReproducesTheGoldenTop10() throws Exception {
        DemoCatalog demo = GoldenTop10.generate(dir.resolve("demo"));
        List<GoldenTop10.Query> queries = GoldenTop10.queries(demo.products());
        List<GoldenTop10.Expected> actual;
        try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT);
                Lookalike engine = Lookalike.open(LuceneProductStore.open(dir.resolve("index"), Encoders.defaultSettings()), images::load)) {
            GoldenTop10.ingest(engine, demo);
            actual = GoldenTop10.run(engine, queries);
        }
        assertThat(actual).allSatisfy(e -> assertThat(e.ids()).as("hits for %s", e.query()).hasSize(GoldenTop10.K));
        if (GoldenTop10.writing()) {
            System.out.println("wrote " + GoldenTop10.write(actual));
            return;
        }
        double[] overlaps = GoldenTop10.overlaps(GoldenTop10.read(queries), actual);
        double mean = Arrays.stream(overlaps).average().orElseThrow();
        double min = Arrays.stream(overlaps).min().orElseThrow();
        String summary = String.format(Locale.ROOT, "embedded vs golden top-%d overlap over %d queries: mean %.3f, min %.1f",
                GoldenTop10.K, overlaps.length, mean, min);
        System.out.println(summary);
        assertThat(mean).as(summary).isGreaterThanOrEqualTo(0.99);
        assertThat(min).as(summary).isGreaterThanOrEqualTo(0.9);
    }
}
