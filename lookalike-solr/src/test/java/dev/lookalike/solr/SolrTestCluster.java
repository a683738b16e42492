package dev.lookalike.solr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/**
 * One in-process SolrCloud for the module's tests (embedded ZooKeeper, two Jetty nodes, the lookalike configset
 * uploaded from the class path), started on first use and shut down when the test JVM exits. Thread-safe.
 */
final class SolrTestCluster {

    static final String CONFIGSET = "lookalike";
    static final int NODES = 2;
    static final String[] CONFIGSET_FILES = {"solrconfig.xml", "managed-schema.xml"};
    private static MiniSolrCloudCluster cluster;

    private SolrTestCluster() {
    }

    static synchronized MiniSolrCloudCluster get() throws Exception {
        if (cluster == null) {
            Path base = Files.createTempDirectory("lookalike-solrcloud");
            MiniSolrCloudCluster started = new MiniSolrCloudCluster.Builder(NODES, base)
                    .addConfig(CONFIGSET, configsetDir())
                    .withMetrics(false)
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.shutdown();
                } catch (Exception e) {
                    // the JVM is exiting; nothing is left to clean up in ZooKeeper
                }
                try (var paths = Files.walk(base)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a temp folder left behind
                }
            }));
            cluster = started;
        }
        return cluster;
    }

    /** The configset as this module ships it, copied out of the class path (a folder, or the jar under failsafe). */
    static Path configsetDir() throws IOException {
        Path dir = Files.createTempDirectory("lookalike-configset");
        for (String file : CONFIGSET_FILES) {
            try (InputStream in = SolrTestCluster.class.getResourceAsStream("/solr/configsets/lookalike/conf/" + file)) {
                if (in == null) {
                    throw new IOException("configset file " + file + " is not on the class path");
                }
                Files.copy(in, dir.resolve(file));
            }
        }
        return dir;
    }

    static String zkHosts() throws Exception {
        return get().getZkServer().getZkAddress();
    }

    /**
     * Creates a collection from its own copy of the lookalike configset ({@code lookalike-<name>}: the managed schema,
     * with the vector field of the collection's dimension, lives in the configset) and waits until every replica is
     * active.
     */
    static void createCollection(String name, int shards, int replicas) throws Exception {
        MiniSolrCloudCluster c = get();
        String configset = CONFIGSET + "-" + name;
        c.uploadConfigSet(configsetDir(), configset);
        CollectionAdminRequest.createCollection(name, configset, shards, replicas).process(c.getSolrClient());
        c.waitForActiveCollection(name, 120, TimeUnit.SECONDS, shards, shards * replicas);
    }
}
