package dev.lookalike.solr;

import dev.lookalike.catalog.Product;
import dev.lookalike.search.Candidates;
import dev.lookalike.search.PictureMatch;
import dev.lookalike.search.SearchMode;
import dev.lookalike.search.SearchSnapshot;
import dev.lookalike.search.Selection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;

/**
 * {@link SearchSnapshot} over a SolrCloud collection. Solr keeps no point-in-time view across requests, so this one is
 * a handle table: each product a step returns gets an {@code int} handle (in order of first appearance), and the
 * products and fused vectors the snapshot has loaded are kept, so that later steps (exact re-ranking, the page, the
 * explanation) see those documents as they were first read. A product changed or deleted between two steps is seen
 * in its old state if it was loaded before, else in its new one (or, deleted, as a document without a vector).
 *
 * <p>Small results (up to {@value #INLINE_FETCH} documents) bring their product and fused vector in the same response;
 * larger ones bring ids only, and vectors and products are fetched in batches when asked for. Not thread-safe (one
 * request). Package-private.
 */
final class SolrSearchSnapshot implements SearchSnapshot {

    static final int INLINE_FETCH = 200;
    /** Products fetched together when one not yet loaded is asked for: it and the next handles not yet loaded. */
    static final int PRODUCT_BATCH = 64;
    private static final float[] NO_VECTOR = new float[0];

    private final SolrProductStore store;
    private final long size;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> handles = new HashMap<>();
    private final Map<Integer, Product> products = new HashMap<>();
    private final Map<Integer, float[]> vectors = new HashMap<>();

    SolrSearchSnapshot(SolrProductStore store, long size) {
        this.store = store;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Candidates keywords(String keywords, Selection selection, int max) throws IOException {
        requireMax(max);
        String text = SolrSchema.keywordText(keywords == null ? "" : keywords);
        if (text.isEmpty()) {
            return Candidates.empty(SearchMode.NONE);
        }
        SolrQuery q = new SolrQuery(text);
        q.set("defType", "edismax");
        // every word must match the text; per word, its text and title scores add up (tie 1), the title's twice
        q.set("qf", SolrSchema.TEXT + " " + SolrSchema.TITLE + "^" + SolrSchema.TITLE_BOOST);
        q.set("q.op", "AND");
        q.set("mm", "100%");
        q.set("tie", "1.0");
        q.set("lowercaseOperators", false);
        SolrSchema.filterQueries(selection).forEach(q::addFilterQuery);
        q.addSort("score", SolrQuery.ORDER.desc).addSort(SolrSchema.ID, SolrQuery.ORDER.asc);
        return collect(q, max, SearchMode.NONE, false);
    }

    @Override
    public Candidates select(Selection selection, int max) throws IOException {
        requireMax(max);
        SolrQuery q = new SolrQuery("*:*");
        SolrSchema.filterQueries(selection).forEach(q::addFilterQuery);
        q.addSort(SolrSchema.ID, SolrQuery.ORDER.asc);
        Candidates c = collect(q, max, SearchMode.NONE, false);
        return new Candidates(c.docs(), new float[c.size()], c.totalMatches(), SearchMode.NONE);
    }

    /**
     * The collection keeps one fused vector per product (no picture documents), so {@code byPicture} is ignored: every
     * product is matched by the mean of its pictures. (Best-picture matching is an embedded-store feature;
     * docs/solrcloud.md.)
     */
    @Override
    public Candidates nearest(float[] vector, int k, Selection selection, boolean byPicture) throws IOException {
        requireMax(k);
        store.requireDimension(vector);
        List<String> fq = SolrSchema.filterQueries(selection);
        String[] fields = k <= INLINE_FETCH
                ? new String[] {SolrSchema.ID, SolrSchema.PRODUCT, SolrSchema.FUSED_VECTOR} : new String[] {SolrSchema.ID};
        SolrProductStore.VectorHits found = store.vectorSearch(vector, k, fq, fq.isEmpty() ? -1 : size, fields);
        return candidates(found.docs(), found.docs().size(), found.mode(), true);
    }

    private Candidates collect(SolrQuery q, int max, SearchMode mode, boolean cosine) throws IOException {
        q.setRows(max);
        if (max <= INLINE_FETCH) {
            q.setFields(SolrSchema.ID, SolrSchema.PRODUCT, SolrSchema.FUSED_VECTOR, "score");
        } else {
            q.setFields(SolrSchema.ID, "score");
        }
        QueryResponse response = store.query(q, SolrRequest.METHOD.POST);
        return candidates(response.getResults(), response.getResults().getNumFound(), mode, cosine);
    }

    private Candidates candidates(SolrDocumentList found, long total, SearchMode mode, boolean cosine) {
        int[] docs = new int[found.size()];
        float[] scores = new float[found.size()];
        for (int i = 0; i < docs.length; i++) {
            SolrDocument d = found.get(i);
            docs[i] = remember(d);
            Object score = d.getFieldValue("score");
            scores[i] = score == null ? 0f : cosine ? SolrProductStore.cosine(d) : ((Number) score).floatValue();
        }
        return new Candidates(docs, scores, Math.max(total, docs.length), mode);
    }

    /** The document's handle (a new one the first time), keeping whatever of it the response carried. */
    private int remember(SolrDocument d) {
        String id = (String) d.getFieldValue(SolrSchema.ID);
        Integer handle = handles.get(id);
        if (handle == null) {
            handle = ids.size();
            ids.add(id);
            handles.put(id, handle);
        }
        if (d.containsKey(SolrSchema.PRODUCT) && !products.containsKey(handle)) {
            products.put(handle, SolrSchema.productOf(d));
            float[] v = SolrSchema.fusedVectorOf(d);
            vectors.putIfAbsent(handle, v == null ? NO_VECTOR : v);
        }
        return handle;
    }

    /** As the embedded store for products with one picture: {@code byPicture} is ignored (see {@link #nearest}). */
    @Override
    public float[][] similarities(int[] docs, List<float[]> queries, boolean[] byPicture) throws IOException {
        for (float[] v : queries) {
            store.requireDimension(v);
        }
        List<Integer> missing = new ArrayList<>();
        for (int doc : docs) {
            requireDoc(doc);
            if (!vectors.containsKey(doc)) {
                missing.add(doc);
            }
        }
        load(missing, false);
        float[][] out = new float[queries.size()][docs.length];
        for (int q = 0; q < queries.size(); q++) {
            float[] query = queries.get(q);
            for (int i = 0; i < docs.length; i++) {
                float[] v = vectors.get(docs[i]);
                out[q][i] = v == null || v.length == 0 ? Float.NaN : dot(query, v);
            }
        }
        return out;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public float[] fusedVector(int doc) throws IOException {
        requireDoc(doc);
        if (!vectors.containsKey(doc)) {
            load(List.of(doc), false);
        }
        float[] v = vectors.get(doc);
        return v == null || v.length == 0 ? null : v.clone();
    }

    @Override
    public Product product(int doc) throws IOException {
        requireDoc(doc);
        Product p = products.get(doc);
        if (p == null) {
            List<Integer> batch = new ArrayList<>();
            batch.add(doc);
            for (int h = doc + 1; h < ids.size() && batch.size() < PRODUCT_BATCH; h++) {
                if (!products.containsKey(h)) {
                    batch.add(h);
                }
            }
            load(batch, true);
            p = products.get(doc);
            if (p == null) {
                throw new IOException("product " + ids.get(doc) + " was deleted from SolrCloud collection "
                        + store.collection() + " during the search");
            }
        }
        return p;
    }

    /** Fetches the fused vectors (and with {@code withProducts} the products) of the handles, in batches by id. */
    private void load(List<Integer> docs, boolean withProducts) throws IOException {
        for (int from = 0; from < docs.size(); from += 1_000) {
            List<Integer> part = docs.subList(from, Math.min(docs.size(), from + 1_000));
            StringBuilder idList = new StringBuilder();
            for (int doc : part) {
                idList.append(idList.isEmpty() ? "" : "\u001f").append(ids.get(doc));
            }
            SolrQuery q = new SolrQuery("{!terms f=" + SolrSchema.ID + " separator=$lookalike.sep v=$lookalike.ids}");
            q.set("lookalike.sep", "\u001f");
            q.set("lookalike.ids", idList.toString());
            q.setRows(part.size());
            if (withProducts) {
                q.setFields(SolrSchema.ID, SolrSchema.PRODUCT, SolrSchema.FUSED_VECTOR);
            } else {
                q.setFields(SolrSchema.ID, SolrSchema.FUSED_VECTOR);
            }
            for (SolrDocument d : store.query(q, SolrRequest.METHOD.POST).getResults()) {
                Integer handle = handles.get((String) d.getFieldValue(SolrSchema.ID));
                if (handle == null) {
                    continue;
                }
                if (withProducts) {
                    products.putIfAbsent(handle, SolrSchema.productOf(d));
                }
                float[] v = SolrSchema.fusedVectorOf(d);
                vectors.putIfAbsent(handle, v == null ? NO_VECTOR : v);
            }
            for (int doc : part) {
                vectors.putIfAbsent(doc, NO_VECTOR); // deleted since: no vector
            }
        }
    }

    private void requireDoc(int doc) {
        if (doc < 0 || doc >= ids.size()) {
            throw new IllegalArgumentException("document handle " + doc + " is not in this snapshot");
        }
    }

    private static void requireMax(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
    }

    @Override
    public void close() {
        ids.clear();
        handles.clear();
        products.clear();
        vectors.clear();
    }

    /** Always {@code null}: the collection holds no per-picture vectors (see {@link #nearest}). */
    @Override
    public PictureMatch bestPicture(int doc, float[] vector) {
        requireDoc(doc);
        return null;
    }
}
