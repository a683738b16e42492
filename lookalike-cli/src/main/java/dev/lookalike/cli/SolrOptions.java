package dev.lookalike.cli;

import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.ProductStoreProvider;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --solr-zk} and {@code --solr-collection}: a SolrCloud collection instead of an {@code --index} folder. The
 * store comes from the {@code solr} {@link ProductStoreProvider} on the class path (lookalike-solr.jar), so this jar
 * never links against Solr, whose Lucene 9 cannot share a classpath with the embedded store's Lucene 10.
 */
final class SolrOptions {

    @Option(names = "--solr-zk", paramLabel = "HOSTS", description = "SolrCloud ZooKeeper hosts, host:port[,host:port...][/chroot];"
            + " with --solr-collection, instead of --index (needs lookalike-solr.jar, docs/solrcloud.md).")
    String zkHosts;

    @Option(names = "--solr-collection", paramLabel = "NAME", description = "SolrCloud collection made from the lookalike configset.")
    String collection;

    boolean given() {
        return zkHosts != null || collection != null;
    }

    /** Opens the collection, initialising it with {@code settingsIfNew} when it holds no index yet (null: must hold one). */
    ProductStore open(FusionSettings settingsIfNew) throws IOException {
        if (zkHosts == null || collection == null) {
            throw new IllegalArgumentException("a SolrCloud store needs both --solr-zk and --solr-collection");
        }
        return open(zkHosts, collection, settingsIfNew);
    }

    /** Opens {@code collection} through the {@code solr} provider (see {@link #open(FusionSettings)}). */
    static ProductStore open(String zkHosts, String collection, FusionSettings settingsIfNew) throws IOException {
        // option names of the solr provider (SolrStoreProvider.ZK_HOSTS, COLLECTION)
        return ProductStoreProvider.find("solr").open(Map.of("zk-hosts", zkHosts, "collection", collection), settingsIfNew);
    }

    String describe() {
        return "SolrCloud collection " + collection + " at " + zkHosts;
    }
}
