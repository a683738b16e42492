package dev.lookalike.audit;

import dev.lookalike.catalog.Product;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.search.Hit;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.SearchResult;
import dev.lookalike.search.VectorQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Products with one <em>view vector</em> each, in memory: the chosen modalities' vectors, each weighted as the index
 * weighs it, concatenated in {@link Modality} order and L2-normalised, so that a dot product of two view vectors is
 * the weighted cosine over those modalities only (the attribute modality is normally left out, so that a product's own
 * attribute values do not pull its neighbours towards them). A product lacking every chosen modality has no view
 * vector ({@code null}); it is never a neighbour and has none.
 *
 * <p>Immutable and thread-safe once built (arrays are not copied out by the row accessors; callers must not modify
 * them).
 */
public final class CatalogVectors {

    /** Products read per page from a store. */
    static final int PAGE = 1_000;

    private final List<Product> products;
    private final float[][] vectors;
    private final Set<Modality> modalities;
    private final FusionSettings settings;
    private final Map<String, Integer> rowsById;

    private CatalogVectors(List<Product> products, float[][] vectors, Set<Modality> modalities, FusionSettings settings) {
        if (products.size() != vectors.length) {
            throw new IllegalArgumentException("products and vectors differ in count: " + products.size() + " vs " + vectors.length);
        }
        this.products = List.copyOf(products);
        this.vectors = vectors;
        this.modalities = modalities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(modalities));
        this.settings = settings;
        this.rowsById = new HashMap<>();
        for (int i = 0; i < this.products.size(); i++) {
            if (rowsById.put(this.products.get(i).id(), i) != null) {
                throw new IllegalArgumentException("product id '" + this.products.get(i).id() + "' appears twice");
            }
        }
    }

    /**
     * Products with vectors given directly (e.g. image vectors encoded in memory); {@code null} for a product without
     * one. Vectors are L2-normalised copies.
     */
    public static CatalogVectors of(List<Product> products, float[][] vectors) {
        float[][] copy = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i] == null ? null : normalized(vectors[i].clone());
        }
        return new CatalogVectors(products, copy, Set.of(), null);
    }

    /**
     * Every product of the store with its view vector over {@code modalities} (read from the vectors stored with it).
     * Reads the store page by page (its browsing window, 100,000 products for the Lucene store, bounds the catalog).
     *
     * @throws IllegalArgumentException when {@code modalities} is empty or names a modality the index weighs 0
     */
    public static CatalogVectors load(ProductStore store, Set<Modality> modalities) throws IOException {
        FusionSettings settings = store.settings();
        if (modalities == null || modalities.isEmpty()) {
            throw new IllegalArgumentException("name at least one modality (image, text, attributes)");
        }
        for (Modality m : modalities) {
            if (settings.weight(m) <= 0) {
                throw new IllegalArgumentException("modality " + m.name().toLowerCase(java.util.Locale.ROOT)
                        + " has weight 0 in this index, so its vectors are not searchable");
            }
        }
        List<Product> products = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        long total = store.count();
        for (long offset = 0; offset < total; offset += PAGE) {
            // never past the count: a store of exactly its browsing window must not be asked for the page after it
            List<Product> page = store.list((int) offset, (int) Math.min(PAGE, total - offset));
            for (Product p : page) {
                IndexedProduct indexed = store.get(p.id()).orElse(null);
                if (indexed == null) {
                    continue; // deleted since the page was read
                }
                products.add(indexed.product());
                vectors.add(view(settings, modalities, indexed.vectors().parts()));
            }
            if (page.isEmpty()) {
                break; // deleted since the count
            }
        }
        return new CatalogVectors(products, vectors.toArray(float[][]::new), modalities, settings);
    }

    private static float[] view(FusionSettings s, Set<Modality> modalities, Map<Modality, float[]> parts) {
        int length = 0;
        for (Modality m : Modality.values()) {
            if (modalities.contains(m)) {
                length += s.dimension(m);
            }
        }
        float[] out = new float[length];
        int offset = 0;
        boolean any = false;
        for (Modality m : Modality.values()) {
            if (!modalities.contains(m)) {
                continue;
            }
            float[] part = parts.get(m);
            if (part != null) {
                float w = s.weight(m);
                for (int i = 0; i < part.length; i++) {
                    out[offset + i] = w * part[i];
                    any |= part[i] != 0;
                }
            }
            offset += s.dimension(m);
        }
        return any ? normalized(out) : null;
    }

    private static float[] normalized(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        if (n == 0) {
            return null;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    public int size() {
        return products.size();
    }

    public List<Product> products() {
        return products;
    }

    public Product product(int row) {
        return products.get(row);
    }

    /** The row's view vector (shared, do not modify), or {@code null}. */
    public float[] vector(int row) {
        return vectors[row];
    }

    /** The row of a product id, or -1. */
    public int row(String id) {
        return rowsById.getOrDefault(id, -1);
    }

    /** The modalities of the view; empty for vectors given directly. */
    public Set<Modality> modalities() {
        return modalities;
    }

    /** Exact search over every view vector in memory (one dot product per product and query). */
    public NeighbourSearch exactSearch() {
        return (row, k) -> vectors[row] == null ? Neighbours.NONE : Neighbours.exact(vectors, vectors[row], k, row);
    }

    /**
     * Search through the store's ANN index: the view vector, placed in the fused layout, queries the store for
     * {@code 2k + 10} candidates (the fused space also holds the modalities left out of the view, so its ranking is
     * close to, not equal to, the view's); they are re-scored exactly in the view and the best {@code k} kept.
     *
     * @throws IllegalStateException when these vectors were not loaded from a store
     */
    public NeighbourSearch indexSearch(ProductStore store) {
        if (settings == null) {
            throw new IllegalStateException("these vectors were not loaded from a store");
        }
        return (row, k) -> {
            float[] v = vectors[row];
            if (v == null) {
                return Neighbours.NONE;
            }
            int candidates = Math.min(VectorQuery.MAX_K, 2 * k + 10);
            SearchResult result = store.nearest(new VectorQuery(fusedLayout(v), candidates, null,
                    Set.of(products.get(row).id())));
            List<Integer> rows = new ArrayList<>();
            for (Hit h : result.hits()) {
                int r = row(h.id());
                if (r >= 0 && r != row && vectors[r] != null) {
                    rows.add(r);
                }
            }
            float[][] candidateVectors = new float[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                candidateVectors[i] = vectors[rows.get(i)];
            }
            if (rows.isEmpty()) {
                return Neighbours.NONE;
            }
            Neighbours local = Neighbours.exact(candidateVectors, v, Math.min(k, rows.size()), -1);
            int[] mapped = new int[local.size()];
            for (int i = 0; i < mapped.length; i++) {
                mapped[i] = rows.get(local.row(i));
            }
            return new Neighbours(mapped, local.similarities());
        };
    }

    /** The view vector spread into the index's fused layout (same norm: the other modalities are zero). */
    private float[] fusedLayout(float[] view) {
        float[] out = new float[settings.fusedDimension()];
        int offset = 0;
        for (Modality m : Modality.values()) {
            if (modalities.contains(m)) {
                System.arraycopy(view, offset, out, settings.offset(m), settings.dimension(m));
                offset += settings.dimension(m);
            }
        }
        return out;
    }
}
