package dev.lookalike.search;

import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.projection.Projection;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where indexed products live: the embedded Lucene store, or a SolrCloud collection. Implementations are
 * thread-safe: searches run concurrently with each other and with writes.
 *
 * <p>Writes are visible to searches after {@link #refresh()} and durable after {@link #commit()} (which also makes
 * them visible). Each product is written atomically: a search sees all of it or none of it; a batch of
 * {@link #upsert} may become visible a part at a time when another thread refreshes meanwhile.
 * {@link dev.lookalike.engine.CatalogService} refreshes on a schedule and commits before it acknowledges.
 */
public interface ProductStore extends Closeable {

    /** The fusion settings the store was created with; fixed for its lifetime. */
    FusionSettings settings();

    /**
     * The image projection the settings name ({@link FusionSettings#imageProjection()}), loaded from the store; empty
     * when they name none. Stores that cannot hold a projection keep this default.
     */
    default Optional<Projection> imageProjection() {
        return Optional.empty();
    }

    /** Inserts or replaces products by id. */
    void upsert(List<IndexedProduct> products) throws IOException;

    /** Deletes a product; returns whether it existed (as of the last refresh). */
    boolean delete(String id) throws IOException;

    Optional<IndexedProduct> get(String id) throws IOException;

    /**
     * The fused vector of the product with this id: empty when there is no such product, an array of length 0 when
     * the product has no vector. The "more like this" anchor needs no more; stores override it to skip reading and
     * parsing the stored product.
     */
    default Optional<float[]> fusedVector(String id) throws IOException {
        return get(id).map(p -> p.vectors().fusedVector().orElse(new float[0]));
    }

    /** Products ordered by id, for browsing: skips {@code offset}, returns at most {@code limit}. */
    List<dev.lookalike.catalog.Product> list(int offset, int limit) throws IOException;

    /** Nearest neighbours in the fused space, honouring the filter and exclusions. */
    SearchResult nearest(VectorQuery query) throws IOException;

    /**
     * A point-in-time view for multi-step searches (keyword candidates, exact scoring of candidate sets, paging);
     * close it when done. Stores that cannot offer one throw {@link UnsupportedOperationException}.
     */
    default SearchSnapshot snapshot() throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support search snapshots");
    }

    /** Products visible to searches. */
    long count() throws IOException;

    /** Makes writes that have returned visible to searches that start afterwards. */
    void refresh() throws IOException;

    /**
     * Makes writes that have returned durable (after it returns, a crash or kill loses none of them) and visible.
     */
    void commit() throws IOException;
}
