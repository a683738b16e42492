package dev.lookalike.solr;

import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.Selection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * The Solr document layout of a product (the configset's managed-schema.xml, docs/solrcloud.md) and the query strings
 * over it; the same fields and semantics as the embedded store's IndexSchema. Stateless; package-private.
 */
final class SolrSchema {

    static final String ID = "id";
    static final String PRODUCT = "product";
    static final String FUSED_VECTOR = "vec_fused";
    static final String PART_PREFIX = "part_";
    static final String TEXT = "text";
    static final String TITLE = "title";
    static final String CATEGORY = "category";
    static final String BRAND = "brand";
    static final String ATTRIBUTE = "attr";
    /** Between an attribute's name and its value in {@link #ATTRIBUTE} terms. */
    static final char ATTRIBUTE_SEPARATOR = '\u001f';
    static final String PRICE = "price";
    static final String IN_STOCK = "in_stock";
    static final String GROUP = "group";
    /** Solr 9's (Lucene 9's) limit for DenseVectorField. */
    static final int MAX_DIMENSIONS = 1024;
    /** HNSW graph: neighbours per node and candidates while building, as in the embedded store. */
    static final int HNSW_M = 16;
    static final int HNSW_BEAM_WIDTH = 100;
    /** A keyword's BM25 score in the title counts this many times on top of its score in the searchable text. */
    static final float TITLE_BOOST = 2f;

    private SolrSchema() {
    }

    static String partField(Modality m) {
        return PART_PREFIX + m.name().toLowerCase(Locale.ROOT);
    }

    /** The Schema API definition of the fused vector's field type for {@code dimension}. */
    static Map<String, Object> vectorFieldType(int dimension) {
        return Map.of("name", vectorTypeName(dimension), "class", "solr.DenseVectorField",
                "vectorDimension", dimension, "similarityFunction", "dot_product", "knnAlgorithm", "hnsw",
                "hnswMaxConnections", HNSW_M, "hnswBeamWidth", HNSW_BEAM_WIDTH);
    }

    static String vectorTypeName(int dimension) {
        return "knn_vector_" + dimension;
    }

    static Map<String, Object> vectorField(int dimension) {
        return Map.of("name", FUSED_VECTOR, "type", vectorTypeName(dimension), "indexed", true, "stored", true);
    }

    static SolrInputDocument toDocument(IndexedProduct indexed, FusionSettings settings) {
        Product p = indexed.product();
        ProductVectors v = indexed.vectors();
        SolrInputDocument doc = new SolrInputDocument();
        doc.setField(ID, p.id());
        doc.setField(PRODUCT, ProductJson.toBytes(p));
        float[] fused = v.fused();
        if (fused != null) {
            if (fused.length != settings.fusedDimension()) {
                throw new IllegalArgumentException("product " + p.id() + ": fused vector has " + fused.length
                        + " components, the index expects " + settings.fusedDimension());
            }
            List<Float> values = new ArrayList<>(fused.length);
            for (float f : fused) {
                values.add(f);
            }
            doc.setField(FUSED_VECTOR, values);
        }
        v.parts().forEach((m, vec) -> doc.setField(partField(m), toBytes(vec)));
        doc.setField(TITLE, p.title());
        doc.setField(TEXT, searchableText(p));
        for (String level : p.categoryPath()) {
            doc.addField(CATEGORY, ProductFilter.normalizeValue(level));
        }
        if (p.brand() != null) {
            doc.setField(BRAND, ProductFilter.normalizeValue(p.brand()));
        }
        p.attributes().forEach((name, values) -> {
            for (String value : values) {
                doc.addField(ATTRIBUTE, name + ATTRIBUTE_SEPARATOR + ProductFilter.normalizeValue(value));
            }
        });
        if (p.price() != null) {
            doc.setField(PRICE, p.price());
        }
        doc.setField(IN_STOCK, p.inStock());
        if (p.groupId() != null) {
            doc.setField(GROUP, p.groupId());
        }
        return doc;
    }

    private static String searchableText(Product p) {
        StringBuilder sb = new StringBuilder(p.title()).append('\n').append(p.description());
        if (p.brand() != null) {
            sb.append('\n').append(p.brand());
        }
        p.categoryPath().forEach(c -> sb.append('\n').append(c));
        p.attributes().values().forEach(values -> values.forEach(v -> sb.append('\n').append(v)));
        return sb.toString();
    }

    /** Filter queries ({@code fq}) for the filter and exclusions; empty when nothing is filtered. */
    static List<String> filterQueries(ProductFilter filter, Set<String> excludeIds) {
        List<String> fq = new ArrayList<>();
        addFilter(fq, filter);
        if (!excludeIds.isEmpty()) {
            fq.add("-" + anyOf(ID, excludeIds));
        }
        return fq;
    }

    /** Filter queries ({@code fq}) for the selection; empty when it keeps every product. */
    static List<String> filterQueries(Selection selection) {
        List<String> fq = new ArrayList<>();
        for (ProductFilter f : selection.filters()) {
            addFilter(fq, f);
        }
        if (!selection.excludeBrands().isEmpty()) {
            fq.add("-" + anyOf(BRAND, selection.excludeBrands()));
        }
        if (!selection.excludeIds().isEmpty()) {
            fq.add("-" + anyOf(ID, selection.excludeIds()));
        }
        return fq;
    }

    private static void addFilter(List<String> fq, ProductFilter filter) {
        if (!filter.categories().isEmpty()) {
            fq.add(anyOf(CATEGORY, filter.categories()));
        }
        if (!filter.brands().isEmpty()) {
            fq.add(anyOf(BRAND, filter.brands()));
        }
        filter.attributes().forEach((name, values) ->
                fq.add(anyOf(ATTRIBUTE, values.stream().map(v -> name + ATTRIBUTE_SEPARATOR + v).toList())));
        if (filter.minPrice() != null || filter.maxPrice() != null) {
            fq.add(PRICE + ":[" + bound(filter.minPrice()) + " TO " + bound(filter.maxPrice()) + "]");
        }
        if (filter.inStockOnly()) {
            fq.add(IN_STOCK + ":true");
        }
    }

    private static String bound(Double v) {
        return v == null ? "*" : Double.toString(v);
    }

    /** {@code field:("a" OR "b")}: exact terms, quoted and escaped. */
    static String anyOf(String field, Collection<String> values) {
        StringBuilder sb = new StringBuilder(field).append(":(");
        boolean first = true;
        for (String v : values) {
            if (!first) {
                sb.append(" OR ");
            }
            first = false;
            sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append(')').toString();
    }

    /**
     * The keywords as plain words for edismax: each whitespace-separated word escaped (no query syntax, no
     * operators) and lower-cased (so AND/OR/NOT are words, and stop words, like in the embedded store).
     * Empty when there are no words.
     */
    static String keywordText(String keywords) {
        StringBuilder sb = new StringBuilder();
        for (String word : keywords.strip().split("\\s+")) {
            if (!word.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : " ").append(ClientUtils.escapeQueryChars(word.toLowerCase(Locale.ROOT)));
            }
        }
        return sb.toString();
    }

    /** The knn query parser's vector literal. */
    static String vectorLiteral(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 12).append('[');
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.append(']').toString();
    }

    /** Solr's (Lucene's) DOT_PRODUCT score is (1 + cos) / 2; callers want the cosine. */
    static float cosineFromScore(float score) {
        return 2 * score - 1;
    }

    static Product productOf(SolrDocument doc) {
        return ProductJson.fromBytes(bytes(doc.getFieldValue(PRODUCT)));
    }

    /** A binary field's value: {@code byte[]} over javabin, a {@link ByteBuffer} from some response writers. */
    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof ByteBuffer buf) {
            byte[] b = new byte[buf.remaining()];
            buf.duplicate().get(b);
            return b;
        }
        throw new IllegalStateException("expected a binary field value, got " + (value == null ? "none" : value.getClass().getName()));
    }

    /** The stored fused vector, or {@code null} when the product has none. */
    static float[] fusedVectorOf(SolrDocument doc) {
        Collection<Object> values = doc.getFieldValues(FUSED_VECTOR);
        if (values == null || values.isEmpty()) {
            return null;
        }
        float[] v = new float[values.size()];
        int i = 0;
        for (Object o : values) {
            v[i++] = ((Number) o).floatValue();
        }
        return v;
    }

    static IndexedProduct indexedProductOf(SolrDocument doc) {
        Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            Object b = doc.getFieldValue(partField(m));
            if (b != null) {
                parts.put(m, fromBytes(bytes(b)));
            }
        }
        return new IndexedProduct(productOf(doc), new ProductVectors(parts, fusedVectorOf(doc)));
    }

    static byte[] toBytes(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return buf.array();
    }

    static float[] fromBytes(byte[] b) {
        float[] v = new float[b.length / Float.BYTES];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
