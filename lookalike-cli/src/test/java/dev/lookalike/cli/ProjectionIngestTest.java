package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.engine.SimilarRequest;
import dev.lookalike.fusion.Modality;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.projection.Projection;
import dev.lookalike.search.Hit;
import dev.lookalike.search.ProductFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lookalike ingest --image-pca / --image-projection}: fit on a first pass, ingest on a second, reopen with it. */
class ProjectionIngestTest {

    private static final int PRODUCTS = 240;

    @TempDir
    static Path dir;
    static DemoCatalog demo;

    @BeforeAll
    static void generate() throws Exception {
        demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(PRODUCTS).withSeed(11).withImageSize(64));
    }

    @Test
    void pcaIndexStoresItsProjectionAndAnswersIdenticallyWhenReopened() throws Exception {
        Path index = dir.resolve("pca-index");
        assertThat(LookalikeCli.run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString(),
                "--image-pca", "16", "--whiten", "--fit-sample", "200")).isZero();
        assertThat(Files.exists(index.resolve("image-projection.lkp"))).isTrue();

        String anchor = demo.products().get(17).id();
        List<Hit> first;
        String projectionId;
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.openExisting(index))) {
            var settings = open.engine().store().settings();
            Projection projection = open.engine().store().imageProjection().orElseThrow();
            projectionId = projection.id();
            assertThat(projection.kind()).isEqualTo("pca");
            assertThat(projection.description()).contains("components=16").contains("whiten=true").contains("vectors=200");
            assertThat(settings.imageDimension()).isEqualTo(16);
            assertThat(settings.imageProjection()).isEqualTo(projection.descriptor());
            assertThat(open.engine().vectorizer().imageProjection()).containsSame(projection);
            assertThat(open.engine().store().count()).isEqualTo(PRODUCTS);
            // the image part (re-derived from the fused vector) is the projection of the encoder's vector
            var product = open.engine().product(anchor).orElseThrow();
            float[] raw = open.engine().vectorizer().encodeImages(List.of(product))[0];
            assertThat(open.engine().store().get(anchor).orElseThrow().vectors().part(Modality.IMAGE).orElseThrow())
                    .hasSize(16).containsExactly(projection.apply(raw), within(1e-6f)); // re-derived from the fused vector
            first = open.engine().similar(new SimilarRequest(anchor, 10, ProductFilter.NONE)).hits();
            assertThat(first).hasSize(10);
        }
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.openReadOnly(index))) {
            assertThat(open.engine().store().imageProjection().orElseThrow().id()).isEqualTo(projectionId);
            List<Hit> again = open.engine().similar(new SimilarRequest(anchor, 10, ProductFilter.NONE)).hits();
            assertThat(again).extracting(Hit::id).containsExactlyElementsOf(first.stream().map(Hit::id).toList());
            assertThat(again).extracting(Hit::score).containsExactlyElementsOf(first.stream().map(Hit::score).toList());
        }
        // a second ingest into it keeps the stored projection; asking for a new one is refused
        assertThat(LookalikeCli.run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString())).isZero();
        try (LuceneProductStore store = LuceneProductStore.openReadOnly(index)) {
            assertThat(store.imageProjection().orElseThrow().id()).isEqualTo(projectionId);
        }
        assertThat(LookalikeCli.run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString(),
                "--image-pca", "8")).isEqualTo(1);
    }

    @Test
    void ldaIndexIsTunedByTheCatalogsOwnAttributes() throws Exception {
        Path index = dir.resolve("lda-index");
        assertThat(LookalikeCli.run("ingest", "--catalog", demo.catalogFile().toString(), "--index", index.toString(),
                "--image-projection", "lda:type,colour", "--fit-folds", "0")).isZero();
        try (LuceneProductStore store = LuceneProductStore.openReadOnly(index)) {
            Projection projection = store.imageProjection().orElseThrow();
            assertThat(projection.kind()).isEqualTo("lda");
            assertThat(projection.description()).contains("type(").contains("colour(");
            assertThat(store.settings().imageDimension()).isEqualTo(projection.outputDimension()).isLessThan(40);
        }
    }

    @Test
    void badProjectionOptionsAreUsageErrors() {
        String catalog = demo.catalogFile().toString();
        assertThat(LookalikeCli.run("ingest", "--catalog", catalog, "--index", dir.resolve("x").toString(),
                "--image-pca", "16", "--image-projection", "pca:8")).isEqualTo(1);
        assertThat(LookalikeCli.run("ingest", "--catalog", catalog, "--index", dir.resolve("y").toString(), "--whiten")).isEqualTo(1);
        assertThat(LookalikeCli.run("ingest", "--catalog", catalog, "--index", dir.resolve("z").toString(),
                "--image-projection", "lda:no-such-attribute", "--fit-folds", "0")).isEqualTo(1);
        assertThat(LuceneProductStore.exists(dir.resolve("z"))).isFalse();
    }
}
