package dev.lookalike.solr;

import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.ProductStoreProvider;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code solr} store kind for {@link java.util.ServiceLoader}: options {@value #ZK_HOSTS} and {@value #COLLECTION}.
 * Stateless, thread-safe.
 */
public final class SolrStoreProvider implements ProductStoreProvider {

    public static final String KIND = "solr";
    public static final String ZK_HOSTS = "zk-hosts";
    public static final String COLLECTION = "collection";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public ProductStore open(Map<String, String> options, FusionSettings settingsIfNew) throws IOException {
        for (String key : options.keySet()) {
            if (!key.equals(ZK_HOSTS) && !key.equals(COLLECTION)) {
                throw new IllegalArgumentException("unknown solr store option '" + key + "' (known: " + ZK_HOSTS + ", " + COLLECTION + ")");
            }
        }
        String zk = options.get(ZK_HOSTS);
        String collection = options.get(COLLECTION);
        if (zk == null || collection == null) {
            throw new IllegalArgumentException("a solr store needs both " + ZK_HOSTS + " and " + COLLECTION + ", got " + options.keySet());
        }
        return SolrProductStore.open(zk, collection, settingsIfNew);
    }
}
