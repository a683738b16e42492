package dev.lookalike.solr;

import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.ProductStoreConformanceTest;
import java.io.IOException;
import org.apache.solr.client.solrj.SolrServerException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The shared store behaviour on SolrCloud: one collection of 2 shards x 2 replicas on the in-process cluster, emptied
 * before each test.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class SolrProductStoreConformanceTest extends ProductStoreConformanceTest {

    private static final String COLLECTION = "conformance";

    @BeforeAll
    static void createCollection() throws Exception {
        SolrTestCluster.createCollection(COLLECTION, 2, 2);
    }

    @Override
    protected ProductStore openEmptyStore(FusionSettings settings) throws IOException {
        SolrProductStore store;
        try {
            store = SolrProductStore.open(SolrTestCluster.zkHosts(), COLLECTION, settings);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        try {
            store.client().deleteByQuery(COLLECTION, "*:*");
            store.refresh();
        } catch (SolrServerException e) {
            store.close();
            throw new IOException(e);
        }
        return store;
    }
}
