package dev.lookalike.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@link GraphSearch}'s direct segment walk must return what Lucene's query returns on the same graph: same documents,
 * same scores, deleted documents left out, quantized candidates re-scored on float32.
 */
class GraphSearchTest {

    private static final String FIELD = "v";

    @ParameterizedTest
    @EnumSource(VectorQuantization.class)
    void oneSegmentWithoutFilterIsSearchedDirectlyWithTheQuerysResults(VectorQuantization quantization) throws IOException {
        try (Directory dir = index(quantization, 1500, false)) {
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertThat(reader.leaves()).hasSize(1);
                assertThat(reader.numDeletedDocs()).isPositive();
                IndexSearcher searcher = new IndexSearcher(reader);
                boolean rescore = quantization != VectorQuantization.NONE;
                SplittableRandom random = new SplittableRandom(11);
                for (int q = 0; q < 20; q++) {
                    float[] target = unit(random, 32);
                    GraphSearch.Result direct = GraphSearch.search(searcher, FIELD, target, 10, 60, null, rescore);
                    ScoreDoc[] expected = searcher.search(luceneQuery(target, 60, null, rescore), 10).scoreDocs;
                    assertThat(direct.graphAnswered()).isTrue();
                    assertThat(docs(direct.top().scoreDocs)).as(quantization + " query " + q).containsExactly(docs(expected));
                    for (int i = 0; i < expected.length; i++) {
                        assertThat(direct.top().scoreDocs[i].score).isEqualTo(expected[i].score);
                        assertThat(reader.storedFields().document(expected[i].doc).get("deleted")).isNull();
                    }
                }
            }
        }
    }

    @Test
    void quantizedCandidatesAreRankedByTheirFloat32Score() throws IOException {
        try (Directory dir = index(VectorQuantization.INT4, 800, false); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            float[] target = unit(new SplittableRandom(5), 32);
            ScoreDoc[] top = GraphSearch.search(searcher, FIELD, target, 10, 100, null, true).top().scoreDocs;
            for (ScoreDoc sd : top) {
                float[] v = vectorOf(reader, sd.doc);
                assertThat(sd.score).isEqualTo(VectorSimilarityFunction.DOT_PRODUCT.compare(target, v));
            }
            for (int i = 1; i < top.length; i++) {
                assertThat(top[i].score).isLessThanOrEqualTo(top[i - 1].score);
            }
        }
    }

    @Test
    void severalSegmentsOrAFilterGoThroughLucenesQuery() throws IOException {
        try (Directory dir = index(VectorQuantization.NONE, 900, true); DirectoryReader reader = DirectoryReader.open(dir)) {
            assertThat(reader.leaves().size()).isGreaterThan(1);
            IndexSearcher searcher = new IndexSearcher(reader);
            float[] target = unit(new SplittableRandom(9), 32);
            Query even = new TermQuery(new Term("parity", "even"));
            for (Query filter : new Query[] {null, even}) {
                GraphSearch.Result found = GraphSearch.search(searcher, FIELD, target, 10, 50, filter, false);
                ScoreDoc[] expected = searcher.search(luceneQuery(target, 50, filter, false), 10).scoreDocs;
                assertThat(docs(found.top().scoreDocs)).containsExactly(docs(expected));
            }
            ScoreDoc[] filtered = GraphSearch.search(searcher, FIELD, target, 10, 50, even, false).top().scoreDocs;
            assertThat(filtered).hasSize(10).allSatisfy(sd -> assertThat(storedParity(reader, sd.doc)).isEqualTo("even"));
        }
    }

    @Test
    void anIndexWithoutVectorsHasNoHits() throws IOException {
        try (Directory dir = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
                Document doc = new Document();
                doc.add(new StringField("parity", "even", Field.Store.YES));
                writer.addDocument(doc);
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                GraphSearch.Result found = GraphSearch.search(new IndexSearcher(reader), FIELD, new float[32], 5, 10, null, false);
                assertThat(found.top().scoreDocs).isEmpty();
                assertThat(found.graphAnswered()).isFalse();
            }
        }
    }

    @Test
    void aBeamSmallerThanKIsRejectedWithBothValues() {
        assertThatThrownBy(() -> GraphSearch.search(null, FIELD, new float[4], 10, 5, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k 10").hasMessageContaining("beam 5");
    }

    /** n unit vectors (seeded), every 7th document deleted; one segment, or several with {@code segments}. */
    private static Directory index(VectorQuantization quantization, int n, boolean segments) throws IOException {
        Directory dir = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig().setCodec(IndexSchema.codec(quantization, 16, 100))
                .setMergePolicy(NoMergePolicy.INSTANCE);
        SplittableRandom random = new SplittableRandom(3);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (int i = 0; i < n; i++) {
                Document doc = new Document();
                doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
                doc.add(new StringField("parity", i % 2 == 0 ? "even" : "odd", Field.Store.YES));
                if (i % 7 == 0) {
                    doc.add(new StringField("deleted", "yes", Field.Store.YES));
                }
                doc.add(new KnnFloatVectorField(FIELD, unit(random, 32), VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(doc);
                if (segments && i % 300 == 299) {
                    writer.flush();
                }
            }
            writer.deleteDocuments(new Term("deleted", "yes"));
            if (!segments) {
                writer.forceMerge(1);
            }
        }
        return dir;
    }

    private static Query luceneQuery(float[] target, int beam, Query filter, boolean rescore) {
        Query graph = new KnnFloatVectorQuery(FIELD, target, beam, filter);
        return rescore ? RescoreTopNQuery.createFullPrecisionRescorerQuery(graph, target, FIELD, beam) : graph;
    }

    private static float[] unit(SplittableRandom random, int dims) {
        float[] v = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dims; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static int[] docs(ScoreDoc[] top) {
        return Arrays.stream(top).mapToInt(sd -> sd.doc).toArray();
    }

    private static String storedParity(DirectoryReader reader, int doc) throws IOException {
        return reader.storedFields().document(doc).get("parity");
    }

    private static float[] vectorOf(DirectoryReader reader, int doc) throws IOException {
        var leaves = reader.leaves();
        var leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
        var values = leaf.reader().getFloatVectorValues(FIELD);
        var it = values.iterator();
        int ord = -1;
        for (int d = it.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
            if (d == doc - leaf.docBase) {
                ord = it.index();
                break;
            }
        }
        return values.vectorValue(ord).clone();
    }
}
