package dev.lookalike.solr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.Product;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.FusionSettingsJson;
import dev.lookalike.search.Hit;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.SearchMode;
import dev.lookalike.search.SearchResult;
import dev.lookalike.search.SearchSnapshot;
import dev.lookalike.search.VectorQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.request.schema.FieldTypeDefinition;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.response.schema.SchemaResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.ZkStateReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SolrCloud store: products in one collection made from the {@code lookalike} configset (docs/solrcloud.md),
 * reached through ZooKeeper, with the fusion settings in the collection's properties ({@value #SETTINGS_PROPERTY}).
 * The same fields and semantics as the embedded store: BM25 on the searchable text with the title counted more, the
 * fused vector in an HNSW {@code DenseVectorField} (dot product, searched with the {@code knn} query parser and the
 * filters as pre-filters), per-modality vectors stored, filters on category, brand, attributes, price and stock.
 *
 * <p>Thread-safe (one {@link CloudSolrClient}). Writes become visible on {@link #refresh()} (a soft commit) and
 * durable on {@link #commit()} (a hard commit; the configset also hard-commits every 15 s). A write that fails because
 * a shard has no leader for a moment (a node stopped, an election running) is retried for up to
 * {@value #WRITE_RETRY_SECONDS} s; upserts by id are idempotent, so a retry loses and duplicates nothing.
 */
public final class SolrProductStore implements ProductStore {

    private static final Logger LOG = LoggerFactory.getLogger(SolrProductStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The collection property holding the store's format version and fusion settings (JSON). */
    static final String SETTINGS_PROPERTY = "lookalike.settings";
    static final int FORMAT_VERSION = 1;
    /** As in the embedded store: filtered searches keeping few products are answered exactly. */
    static final double EXACT_FILTER_SHARE = 0.05;
    static final int EXACT_MIN_CANDIDATES = 2_000;
    /** A graph search collects at least this many candidates per shard (knn {@code topK}) and keeps the best k. */
    static final int ANN_MIN_CANDIDATES = 100;
    /** Deepest page {@link #list} serves (offset + limit). */
    static final int MAX_BROWSE_WINDOW = 100_000;
    static final int WRITE_RETRY_SECONDS = 60;

    private final CloudSolrClient client;
    private final String collection;
    private final FusionSettings settings;

    private SolrProductStore(CloudSolrClient client, String collection, FusionSettings settings) {
        this.client = client;
        this.collection = collection;
        this.settings = settings;
    }

    /**
     * Opens the store in {@code collection} of the cluster whose ZooKeeper ensemble is {@code zkHosts}
     * ({@code host:port[,host:port...][/chroot]}), initialising the collection with {@code settingsIfNew} when it has no
     * Lookalike settings yet (the fused vector field is added to its schema). An initialised collection keeps its own
     * settings.
     *
     * @throws IllegalArgumentException when the collection does not exist, is not initialised and no settings are
     *                                  given, or the settings name an image projection (not supported on SolrCloud yet)
     */
    public static SolrProductStore open(String zkHosts, String collection, FusionSettings settingsIfNew) throws IOException {
        if (collection == null || collection.isBlank()) {
            throw new IllegalArgumentException("SolrCloud collection name must be non-blank, got '" + collection + "'");
        }
        CloudSolrClient client = connect(zkHosts);
        try {
            ZkStateReader zk = ZkStateReader.from(client);
            if (!zk.getClusterState().hasCollection(collection)) {
                throw new IllegalArgumentException("SolrCloud collection '" + collection + "' does not exist at " + zkHosts
                        + ": create it from the lookalike configset (docs/solrcloud.md)");
            }
            FusionSettings settings = readSettings(zk, collection);
            if (settings == null) {
                if (settingsIfNew == null) {
                    throw new IllegalArgumentException("SolrCloud collection '" + collection + "' holds no Lookalike index"
                            + " (no " + SETTINGS_PROPERTY + " property): ingest into it first");
                }
                initialise(client, collection, settingsIfNew);
                settings = settingsIfNew;
            }
            SolrProductStore store = new SolrProductStore(client, collection, settings);
            LOG.info("Opened SolrCloud collection {} at {} with {} products, fused dimension {}", collection, zkHosts,
                    store.count(), settings.fusedDimension());
            return store;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Opens an initialised collection. */
    public static SolrProductStore openExisting(String zkHosts, String collection) throws IOException {
        return open(zkHosts, collection, null);
    }

    private static CloudSolrClient connect(String zkHosts) {
        if (zkHosts == null || zkHosts.isBlank()) {
            throw new IllegalArgumentException("ZooKeeper hosts must be non-blank (host:port[,host:port...][/chroot]), got '"
                    + zkHosts + "'");
        }
        int slash = zkHosts.indexOf('/');
        String hosts = slash < 0 ? zkHosts : zkHosts.substring(0, slash);
        Optional<String> chroot = slash < 0 ? Optional.empty() : Optional.of(zkHosts.substring(slash));
        List<String> hostList = Arrays.stream(hosts.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
        if (hostList.isEmpty()) {
            throw new IllegalArgumentException("no ZooKeeper host in '" + zkHosts + "'");
        }
        CloudSolrClient.Builder builder = new CloudSolrClient.Builder(hostList, chroot);
        builder.withZkConnectTimeout(15, TimeUnit.SECONDS).withZkClientTimeout(30, TimeUnit.SECONDS)
                .withInternalClientBuilder(new Http2SolrClient.Builder()
                        .withConnectionTimeout(10, TimeUnit.SECONDS)
                        .withIdleTimeout(60, TimeUnit.SECONDS)
                        .withRequestTimeout(120, TimeUnit.SECONDS));
        return builder.build();
    }

    private static FusionSettings readSettings(ZkStateReader zk, String collection) {
        String json = zk.getCollectionProperties(collection).get(SETTINGS_PROPERTY);
        if (json == null) {
            return null;
        }
        try {
            JsonNode root = MAPPER.readTree(json);
            int version = root.path("format_version").asInt(-1);
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("collection " + collection + ": property " + SETTINGS_PROPERTY
                        + " has format version " + version + ", this build reads " + FORMAT_VERSION);
            }
            return FusionSettingsJson.read(root.path("fusion"), null);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("collection " + collection + ": invalid " + SETTINGS_PROPERTY + " property: "
                    + e.getMessage(), e);
        }
    }

    /** Adds the fused vector field for the settings' dimension, then records the settings (last, like a manifest). */
    private static void initialise(CloudSolrClient client, String collection, FusionSettings settings) throws IOException {
        if (settings.imageProjection() != null) {
            throw new IllegalArgumentException("the SolrCloud store does not hold image projections yet: ingest without"
                    + " --image-pca/--image-projection, or use an embedded --index");
        }
        int dim = settings.fusedDimension();
        if (dim > SolrSchema.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("fused dimension " + dim + " is above Solr's DenseVectorField maximum of "
                    + SolrSchema.MAX_DIMENSIONS);
        }
        try {
            SchemaResponse.FieldsResponse fields = new SchemaRequest.Fields().process(client, collection);
            Object existing = fields.getFields().stream().filter(f -> SolrSchema.FUSED_VECTOR.equals(f.get("name")))
                    .map(f -> f.get("type")).findFirst().orElse(null);
            if (existing != null && !SolrSchema.vectorTypeName(dim).equals(existing)) {
                // the managed schema lives in the configset: another collection of the same configset set the field
                throw new IllegalArgumentException("SolrCloud collection " + collection + " already has " + SolrSchema.FUSED_VECTOR
                        + " of type " + existing + ", not " + SolrSchema.vectorTypeName(dim) + " (fused dimension " + dim
                        + "): its configset is shared with a collection of another dimension; create it from its own configset");
            }
            if (existing == null) {
                FieldTypeDefinition type = new FieldTypeDefinition();
                type.setAttributes(SolrSchema.vectorFieldType(dim));
                requireOk(new SchemaRequest.AddFieldType(type).process(client, collection), "adding the vector field type");
                requireOk(new SchemaRequest.AddField(SolrSchema.vectorField(dim)).process(client, collection), "adding "
                        + SolrSchema.FUSED_VECTOR);
            }
            ObjectNode root = MAPPER.createObjectNode();
            root.put("format_version", FORMAT_VERSION);
            FusionSettingsJson.write(settings, root.putObject("fusion"));
            CollectionAdminRequest.setCollectionProperty(collection, SETTINGS_PROPERTY, MAPPER.writeValueAsString(root))
                    .process(client);
        } catch (SolrServerException e) {
            throw new IOException("initialising SolrCloud collection " + collection + ": " + e.getMessage(), e);
        }
    }

    private static void requireOk(SchemaResponse.UpdateResponse response, String what) {
        Object errors = response.getResponse().get("errors");
        if (errors != null) {
            throw new IllegalStateException(what + " failed: " + errors);
        }
    }

    public String collection() {
        return collection;
    }

    CloudSolrClient client() {
        return client;
    }

    @Override
    public FusionSettings settings() {
        return settings;
    }

    @Override
    public void upsert(List<IndexedProduct> products) throws IOException {
        if (products.isEmpty()) {
            return;
        }
        List<SolrInputDocument> docs = new ArrayList<>(products.size());
        for (IndexedProduct p : products) {
            docs.add(SolrSchema.toDocument(p, settings));
        }
        UpdateRequest request = new UpdateRequest();
        request.add(docs);
        write(request, "upserting " + docs.size() + " products");
    }

    @Override
    public boolean delete(String id) throws IOException {
        boolean existed = query(byId(id).setRows(0)).getResults().getNumFound() > 0;
        UpdateRequest request = new UpdateRequest();
        request.deleteById(id);
        write(request, "deleting " + id);
        return existed;
    }

    /** Sends a write, retrying while the cluster has no leader for a shard (a stopped node, an election). */
    private void write(UpdateRequest request, String what) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WRITE_RETRY_SECONDS);
        long backoffMillis = 250;
        while (true) {
            try {
                request.process(client, collection);
                return;
            } catch (SolrServerException | SolrException | IOException e) {
                if (!retryable(e) || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis) > deadline) {
                    throw new IOException(what + " in SolrCloud collection " + collection + ": " + e.getMessage(), e);
                }
                LOG.warn("{} failed ({}); retrying in {} ms", what, e.getMessage(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(what + ": interrupted while retrying", ie);
                }
                backoffMillis = Math.min(backoffMillis * 2, 4_000);
            }
        }
    }

    /** Server-side refusals of the request itself (bad document, schema) are not retried; outages are. */
    private static boolean retryable(Exception e) {
        if (e instanceof SolrException se) {
            int code = se.code();
            return code == SolrException.ErrorCode.SERVICE_UNAVAILABLE.code || code == SolrException.ErrorCode.SERVER_ERROR.code
                    || code == -1;
        }
        return true;
    }

    @Override
    public Optional<IndexedProduct> get(String id) throws IOException {
        SolrDocumentList docs = query(byId(id).setRows(1).setFields(SolrSchema.ID, SolrSchema.PRODUCT,
                SolrSchema.FUSED_VECTOR, SolrSchema.PART_PREFIX + "*")).getResults();
        return docs.isEmpty() ? Optional.empty() : Optional.of(SolrSchema.indexedProductOf(docs.get(0)));
    }

    /** Reads the fused vector field alone: no stored product, no parts. */
    @Override
    public Optional<float[]> fusedVector(String id) throws IOException {
        SolrDocumentList docs = query(byId(id).setRows(1).setFields(SolrSchema.ID, SolrSchema.FUSED_VECTOR)).getResults();
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        float[] v = SolrSchema.fusedVectorOf(docs.get(0));
        return Optional.of(v == null ? new float[0] : v);
    }

    private static SolrQuery byId(String id) {
        SolrQuery q = new SolrQuery("{!term f=" + SolrSchema.ID + " v=$lookalike.id}");
        q.set("lookalike.id", id);
        return q;
    }

    @Override
    public List<Product> list(int offset, int limit) throws IOException {
        if (offset < 0 || limit < 0 || (long) offset + limit > MAX_BROWSE_WINDOW) {
            throw new IllegalArgumentException("offset and limit must be >= 0 with offset + limit <= " + MAX_BROWSE_WINDOW
                    + ", got offset=" + offset + ", limit=" + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        SolrQuery q = new SolrQuery("*:*").setStart(offset).setRows(limit).setFields(SolrSchema.PRODUCT)
                .setSort(SolrSchema.ID, SolrQuery.ORDER.asc);
        List<Product> out = new ArrayList<>(limit);
        for (SolrDocument d : query(q).getResults()) {
            out.add(SolrSchema.productOf(d));
        }
        return out;
    }

    @Override
    public SearchResult nearest(VectorQuery query) throws IOException {
        long start = System.nanoTime();
        float[] vector = query.vector();
        requireDimension(vector);
        List<String> fq = SolrSchema.filterQueries(query.filter(), query.excludeIds());
        VectorHits found = vectorSearch(vector, query.k(), fq, fq.isEmpty() ? -1 : count(), SolrSchema.ID, SolrSchema.PRODUCT);
        List<Hit> hits = new ArrayList<>(found.docs().size());
        for (SolrDocument d : found.docs()) {
            hits.add(new Hit((String) d.getFieldValue(SolrSchema.ID), cosine(d), SolrSchema.productOf(d)));
        }
        return new SearchResult(hits, found.mode(), (System.nanoTime() - start) / 1_000);
    }

    /** Found documents, best first, with {@code score}, and how the search ran. */
    record VectorHits(SolrDocumentList docs, SearchMode mode) {
    }

    /**
     * The k nearest documents among those the filter queries keep: through the HNSW graph (each shard collects at least
     * {@link #ANN_MIN_CANDIDATES}), or exactly when the filters keep at most {@code max(EXACT_MIN_CANDIDATES, 5 %)} of
     * {@code total} products: then each shard's topK covers every filtered product, and Lucene scores them all
     * instead of walking the graph.
     *
     * @param total products in the collection, or -1 when there are no filters
     */
    VectorHits vectorSearch(float[] vector, int k, List<String> fq, long total, String... fields) throws IOException {
        int topK = Math.max(k, ANN_MIN_CANDIDATES);
        SearchMode mode = SearchMode.APPROXIMATE;
        if (!fq.isEmpty()) {
            long threshold = (long) Math.max(EXACT_MIN_CANDIDATES, total * EXACT_FILTER_SHARE);
            SolrQuery count = new SolrQuery("*:*").setRows(0);
            fq.forEach(count::addFilterQuery);
            long matching = query(count).getResults().getNumFound();
            if (matching <= threshold) {
                topK = (int) Math.max(topK, matching);
                mode = SearchMode.EXACT;
            }
        }
        SolrQuery q = new SolrQuery("{!knn f=" + SolrSchema.FUSED_VECTOR + " topK=" + topK + "}" + SolrSchema.vectorLiteral(vector));
        fq.forEach(q::addFilterQuery);
        q.setRows(k).setFields(fields).addField("score");
        q.addSort("score", SolrQuery.ORDER.desc).addSort(SolrSchema.ID, SolrQuery.ORDER.asc);
        return new VectorHits(query(q, SolrRequest.METHOD.POST).getResults(), mode);
    }

    static float cosine(SolrDocument d) {
        return SolrSchema.cosineFromScore(((Number) d.getFieldValue("score")).floatValue());
    }

    void requireDimension(float[] vector) {
        if (vector.length != settings.fusedDimension()) {
            throw new IllegalArgumentException("query vector must have " + settings.fusedDimension() + " components, got "
                    + vector.length);
        }
    }

    /** A point-in-time-per-request view: see {@link SolrSearchSnapshot}. */
    @Override
    public SearchSnapshot snapshot() throws IOException {
        return new SolrSearchSnapshot(this, count());
    }

    @Override
    public long count() throws IOException {
        return query(new SolrQuery("*:*").setRows(0)).getResults().getNumFound();
    }

    QueryResponse query(SolrQuery q) throws IOException {
        return query(q, SolrRequest.METHOD.GET);
    }

    QueryResponse query(SolrQuery q, SolrRequest.METHOD method) throws IOException {
        try {
            return client.query(collection, q, method);
        } catch (SolrServerException | SolrException e) {
            throw new IOException("SolrCloud collection " + collection + ": " + e.getMessage(), e);
        }
    }

    /** A soft commit on every replica: writes become visible. */
    @Override
    public void refresh() throws IOException {
        commit(true);
    }

    /** A hard commit on every replica (which also opens new searchers). */
    @Override
    public void commit() throws IOException {
        commit(false);
    }

    private void commit(boolean soft) throws IOException {
        UpdateRequest request = new UpdateRequest();
        request.setAction(UpdateRequest.ACTION.COMMIT, true, true, soft);
        write(request, soft ? "refreshing" : "committing");
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
