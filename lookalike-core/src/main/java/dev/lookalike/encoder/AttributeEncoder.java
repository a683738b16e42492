package dev.lookalike.encoder;

import dev.lookalike.catalog.Product;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One-hot encoding of a product's categorical data (attribute values, brand, category levels) with the hashing
 * trick: each {@code name=value} feature sets one of {@link #dimension()} buckets to +1 or -1 (a second hash picks
 * the sign, so collisions cancel out in expectation instead of adding up). The vocabulary need not be known in
 * advance, so upserts with new values never require re-indexing. Matching is case-insensitive.
 *
 * <p>Immutable and thread-safe.
 */
public final class AttributeEncoder implements Encoder<Product> {

    public static final String ID = "attributes-hashed-v1";

    private final int dimension;
    private final Set<String> fields;

    /**
     * @param dimension number of hash buckets, at least 8
     * @param fields    attribute names to encode; empty means every attribute. Brand and category always count.
     */
    public AttributeEncoder(int dimension, Set<String> fields) {
        if (dimension < 8) {
            throw new IllegalArgumentException("attribute dimension must be >= 8, got " + dimension);
        }
        this.dimension = dimension;
        this.fields = Set.copyOf(fields);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The features a product contributes, e.g. {@code colour=red}, {@code brand=acme}, {@code category.1=shirts}. */
    public List<String> features(Product p) {
        List<String> out = new ArrayList<>();
        if (p.brand() != null) {
            out.add("brand=" + p.brand().toLowerCase(Locale.ROOT));
        }
        for (int i = 0; i < p.categoryPath().size(); i++) {
            out.add("category." + i + "=" + p.categoryPath().get(i).toLowerCase(Locale.ROOT));
        }
        p.attributes().forEach((name, values) -> {
            if (fields.isEmpty() || fields.contains(name)) {
                String key = name.toLowerCase(Locale.ROOT) + "=";
                for (String v : values) {
                    out.add(key + v.toLowerCase(Locale.ROOT));
                }
            }
        });
        return out;
    }

    @Override
    public List<float[]> embedAll(List<Product> products) {
        List<float[]> out = new ArrayList<>(products.size());
        for (Product p : products) {
            float[] v = new float[dimension];
            for (String feature : features(p)) {
                long h = fnv1a64(feature);
                int bucket = (int) Long.remainderUnsigned(h, dimension);
                v[bucket] += (h >>> 63) == 0 ? 1f : -1f;
            }
            out.add(VectorMath.normalizeInPlace(v));
        }
        return out;
    }

    /** FNV-1a, 64 bit, over UTF-8: stable across JVMs and releases (String.hashCode would do too, but is 32 bit). */
    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // final avalanche (from MurmurHash3's fmix64) so that the sign bit and the bucket are independent
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
