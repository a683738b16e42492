package dev.lookalike.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.engine.GoldenTop10;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.SearchResult;
import dev.lookalike.search.VectorQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SolrCloud as a cluster: recall of the distributed HNSW search against exact search and against the embedded store
 * (through a golden file, {@link GoldenTop10}), and a node stopped while queries run (answered from
 * the other replicas), with indexing resuming when it returns and nothing lost on any replica. One collection of 2
 * shards x 2 replicas on two nodes, so each node holds a replica of each shard. Run by failsafe ({@code verify}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SolrCloudIT {

    private static final String COLLECTION = "cluster";
    private static final String GOLDEN_COLLECTION = "golden";
    private static final FusionSettings SETTINGS = new FusionSettings(1f, 0.6f, 0.4f, "test-image", 32, "test-text", 16, 16, List.of());
    private static final int PRODUCTS = 3_000;
    private static SolrProductStore store;
    private static List<IndexedProduct> catalog;

    @BeforeAll
    static void index() throws Exception {
        SolrTestCluster.createCollection(COLLECTION, 2, 2);
        store = SolrProductStore.open(SolrTestCluster.zkHosts(), COLLECTION, SETTINGS);
        catalog = catalog(0, PRODUCTS);
        for (int from = 0; from < PRODUCTS; from += 500) {
            store.upsert(catalog.subList(from, from + 500));
        }
        store.commit();
    }

    @AfterAll
    static void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    @Test
    @Order(1)
    void top10OverlapWithExactSearchIsAtLeast09() throws Exception {
        Random random = new Random(7);
        double overlap = 0;
        int queries = 50;
        for (int i = 0; i < queries; i++) {
            IndexedProduct anchor = catalog.get(random.nextInt(PRODUCTS));
            SearchResult r = store.nearest(new VectorQuery(anchor.vectors().fused(), 10, null, Set.of(anchor.id())));
            Set<String> exact = new HashSet<>(exactTop(anchor, 10));
            overlap += r.hits().stream().filter(h -> exact.contains(h.id())).count() / 10.0;
        }
        // the embedded store's own recall target; the embedded store itself: top10OverlapWithTheEmbeddedStoreIsAtLeast09
        assertThat(overlap / queries).isGreaterThanOrEqualTo(0.9);
    }

    /**
     * SolrCloud against the embedded store, which cannot run in this JVM: the golden file that lookalike-lucene's
     * {@code EmbeddedTop10GoldenTest} writes and checks ({@link GoldenTop10}), the same demo catalog ingested here
     * with the same encoders into a second 2 x 2 collection, the same 100 anchors.
     */
    @Test
    @Order(2)
    void top10OverlapWithTheEmbeddedStoreIsAtLeast09(@TempDir Path dir) throws Exception {
        SolrTestCluster.createCollection(GOLDEN_COLLECTION, 2, 2);
        DemoCatalog demo = GoldenTop10.generate(dir.resolve("demo"));
        List<GoldenTop10.Query> queries = GoldenTop10.queries(demo.products());
        List<GoldenTop10.Expected> actual;
        try (ImageLoader images = new ImageLoader(ImageLimits.DEFAULT);
                Lookalike engine = Lookalike.open(SolrProductStore.open(SolrTestCluster.zkHosts(), GOLDEN_COLLECTION,
                        Encoders.defaultSettings()), images::load)) {
            GoldenTop10.ingest(engine, demo);
            actual = GoldenTop10.run(engine, queries);
        }
        double[] overlaps = GoldenTop10.overlaps(GoldenTop10.read(queries), actual);
        double mean = Arrays.stream(overlaps).average().orElseThrow();
        double filtered = Arrays.stream(overlaps, 80, overlaps.length).average().orElseThrow();
        String summary = String.format(Locale.ROOT, "SolrCloud vs embedded (golden) top-%d overlap over %d queries: mean %.3f,"
                + " min %.1f, the 20 filtered %.3f", GoldenTop10.K, overlaps.length, mean,
                Arrays.stream(overlaps).min().orElseThrow(), filtered);
        System.out.println(summary);
        assertThat(mean).as(summary).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    @Order(3)
    void aStoppedNodeLeavesQueriesAnsweredAndIndexingResumesWithNothingLost() throws Exception {
        MiniSolrCloudCluster cluster = SolrTestCluster.get();
        JettySolrRunner stopped = cluster.getJettySolrRunner(1);
        cluster.stopJettySolrRunner(stopped);
        cluster.waitForJettyToStop(stopped);

        Random random = new Random(11);
        for (int i = 0; i < 30; i++) {
            IndexedProduct anchor = catalog.get(random.nextInt(PRODUCTS));
            SearchResult r = store.nearest(new VectorQuery(anchor.vectors().fused(), 10,
                    i % 2 == 0 ? ProductFilter.NONE : ProductFilter.builder().brand("bolt").build(), null));
            assertThat(r.hits()).as("query %d with a node down", i).hasSize(10);
        }
        assertThat(store.count()).isEqualTo(PRODUCTS);

        // writes while the node is down go to the surviving replicas (leaders re-elected; the store retries meanwhile)
        List<IndexedProduct> whileDown = catalog(PRODUCTS, 200);
        store.upsert(whileDown);
        store.refresh();

        cluster.startJettySolrRunner(stopped, true);
        cluster.waitForNode(stopped, 60);
        cluster.waitForActiveCollection(COLLECTION, 180, TimeUnit.SECONDS, 2, 4);

        List<IndexedProduct> after = catalog(PRODUCTS + 200, 200);
        store.upsert(after);
        store.commit();
        int total = PRODUCTS + 400;
        assertThat(store.count()).isEqualTo(total);
        for (IndexedProduct p : List.of(whileDown.get(0), whileDown.get(199), after.get(0), after.get(199))) {
            assertThat(store.get(p.id())).isPresent();
        }
        assertEveryReplicaHoldsItsShard(total);
    }

    @Test
    @Order(4)
    void aCollectionSharingAConfigsetWithAnotherDimensionIsRefused() throws Exception {
        MiniSolrCloudCluster cluster = SolrTestCluster.get();
        // the cluster collection's configset, whose managed schema already has the 64-d vector field
        CollectionAdminRequest.createCollection("shared", SolrTestCluster.CONFIGSET + "-" + COLLECTION, 1, 1)
                .process(cluster.getSolrClient());
        cluster.waitForActiveCollection("shared", 120, TimeUnit.SECONDS, 1, 1);
        assertThatThrownBy(() -> SolrProductStore.open(SolrTestCluster.zkHosts(), "shared", Encoders.defaultSettings()).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("knn_vector_64").hasMessageContaining("knn_vector_1020").hasMessageContaining("own configset");
    }

    /** Each replica, asked alone, holds as many products as the others of its shard; the shards add up to the total. */
    private static void assertEveryReplicaHoldsItsShard(long total) throws Exception {
        DocCollection state = SolrTestCluster.get().getZkStateReader().getClusterState().getCollection(COLLECTION);
        long sum = 0;
        for (Slice slice : state.getSlices()) {
            Set<Long> counts = new HashSet<>();
            for (Replica replica : slice.getReplicas()) {
                try (Http2SolrClient core = new Http2SolrClient.Builder(replica.getBaseUrl()).build()) {
                    SolrQuery q = new SolrQuery("*:*").setRows(0);
                    q.set("distrib", false);
                    counts.add(core.query(replica.getCoreName(), q).getResults().getNumFound());
                }
            }
            assertThat(counts).as("replicas of %s", slice.getName()).hasSize(1);
            sum += counts.iterator().next();
        }
        assertThat(sum).isEqualTo(total);
    }

    private static List<String> exactTop(IndexedProduct anchor, int k) {
        float[] q = anchor.vectors().fused();
        return catalog.stream().filter(p -> !p.id().equals(anchor.id()))
                .sorted(Comparator.comparingDouble((IndexedProduct p) -> -dot(q, p.vectors().fused())))
                .limit(k).map(IndexedProduct::id).toList();
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Products {@code from} to {@code from + n - 1}, seeded by their number: random unit vectors per modality. */
    static List<IndexedProduct> catalog(int from, int n) {
        String[] brands = {"Acme", "Bolt", "Crux", "Dune"};
        List<IndexedProduct> out = new ArrayList<>(n);
        for (int i = from; i < from + n; i++) {
            Random random = new Random(1_000_003L * i);
            Product p = Product.builder(String.format(Locale.ROOT, "c%05d", i)).title("Item " + i)
                    .brand(brands[i % brands.length]).categoryPath(List.of("Things")).price(1.0 + i % 100).build();
            Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
            for (Modality m : Modality.values()) {
                float[] v = new float[SETTINGS.dimension(m)];
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) random.nextGaussian();
                }
                parts.put(m, v);
            }
            out.add(new IndexedProduct(p, new ProductVectors(parts, Fusion.fuse(SETTINGS, parts))));
        }
        return out;
    }
}
