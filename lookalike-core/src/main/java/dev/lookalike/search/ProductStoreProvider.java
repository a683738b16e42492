package dev.lookalike.search;

import dev.lookalike.fusion.FusionSettings;
import java.io.IOException;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens one kind of remote {@link ProductStore} from configuration (for example {@code solr}: ZooKeeper hosts and a
 * collection), found at run time with {@link ServiceLoader}, so that the command line and the server need not compile
 * against a backend, and a backend whose libraries cannot share a classpath with the embedded store (SolrCloud's
 * Lucene 9 beside Lucene 10) ships as a separate jar. Implementations are stateless and thread-safe.
 */
public interface ProductStoreProvider {

    /** The kind this provider opens, e.g. {@code solr}. */
    String kind();

    /**
     * Opens the store that {@code options} name, initialising it with {@code settingsIfNew} when it holds no products
     * yet and no settings; an initialised store keeps its own settings. With {@code settingsIfNew == null} the store
     * must already be initialised.
     *
     * @throws IllegalArgumentException naming the option when one is missing or invalid, or when the store is not
     *                                  initialised and no settings are given
     */
    ProductStore open(Map<String, String> options, FusionSettings settingsIfNew) throws IOException;

    /**
     * The provider of {@code kind} on the class path.
     *
     * @throws IllegalArgumentException when none is, naming the jar to add
     */
    static ProductStoreProvider find(String kind) {
        for (ProductStoreProvider p : ServiceLoader.load(ProductStoreProvider.class)) {
            if (p.kind().equals(kind)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no '" + kind + "' store on the class path: run with lookalike-" + kind
                + ".jar beside lookalike.jar (see docs/solrcloud.md)");
    }
}
