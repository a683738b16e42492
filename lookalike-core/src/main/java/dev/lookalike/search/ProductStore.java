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
 * <p>Writes are visible to searches after {@link #refresh()} (or within the store's refresh interval) and durable
 * after {@link #commit()}.
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

    /** Makes writes visible to searches. */
    void refresh() throws IOException;

    /** Makes writes durable: after it returns, a crash loses none of them. */
    void commit() throws IOException;
}
