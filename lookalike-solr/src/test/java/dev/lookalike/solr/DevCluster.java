package dev.lookalike.solr;

import java.util.Locale;

/**
 * Not a test: runs the in-process SolrCloud of the tests (2 nodes, embedded ZooKeeper, the lookalike configset) with
 * one collection, prints its ZooKeeper address and keeps it up, so that the CLI and the server can be tried against
 * SolrCloud without a Solr install (docs/solrcloud.md, "Try it without a cluster"). Arguments: collection name
 * (default {@code products}), shards (2), replicas (2), seconds to stay up (3600).
 */
public final class DevCluster {

    private DevCluster() {
    }

    public static void main(String[] args) throws Exception {
        String collection = args.length > 0 ? args[0] : "products";
        int shards = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int replicas = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long seconds = args.length > 3 ? Long.parseLong(args[3]) : 3600;
        SolrTestCluster.createCollection(collection, shards, replicas);
        System.out.println(String.format(Locale.ROOT, "SolrCloud up: --solr-zk %s --solr-collection %s (%d x %d); stopping in %d s",
                SolrTestCluster.zkHosts(), collection, shards, replicas, seconds));
        Thread.sleep(seconds * 1000);
        System.exit(0);
    }
}
