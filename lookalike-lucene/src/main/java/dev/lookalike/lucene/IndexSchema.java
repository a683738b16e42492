package dev.lookalike.lucene;

import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectors;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.Selection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The Lucene document layout of a product (documented in docs/index-format.md) and the queries over it.
 * Stateless; package-private.
 */
final class IndexSchema {

    static final String ID = "id";
    static final String PRODUCT = "product";
    static final String FUSED_VECTOR = "vec.fused";
    static final String TEXT = "text";
    static final String TITLE = "title";
    static final String CATEGORY = "category";
    static final String BRAND = "brand";
    static final String ATTRIBUTE_PREFIX = "attr.";
    static final String PRICE = "price";
    static final String IN_STOCK = "in_stock";
    static final String GROUP = "group";
    static final int MAX_DIMENSIONS = KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS;
    /** HNSW graph: neighbours per node and candidates while building (Lucene's defaults, stated here). */
    static final int HNSW_M = 16;
    static final int HNSW_BEAM_WIDTH = 100;
    /** A keyword's BM25 score in the title counts this many times on top of its score in the searchable text. */
    static final float TITLE_BOOST = 2f;

    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    private IndexSchema() {
    }

    static String modalityField(Modality m) {
        return "vec." + m.name().toLowerCase(java.util.Locale.ROOT);
    }

    static Analyzer analyzer() {
        return new EnglishAnalyzer();
    }

    static Codec codec() {
        return codec(VectorQuantization.NONE, HNSW_M, HNSW_BEAM_WIDTH);
    }

    static Codec codec(VectorQuantization quantization) {
        return codec(quantization, HNSW_M, HNSW_BEAM_WIDTH);
    }

    /** The store's codec with its vector fields in {@link #vectorsFormat}. */
    static Codec codec(VectorQuantization quantization, int m, int beamWidth) {
        KnnVectorsFormat hnsw = vectorsFormat(quantization, m, beamWidth);
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return hnsw;
            }
        };
    }

    /**
     * HNSW over float32 vectors, or over scalar quantized ones (the float32 vectors are kept too, for exact re-ranking
     * and merges): int8 is Lucene's unsigned-byte encoding, int4 its packed-nibble one.
     */
    static KnnVectorsFormat vectorsFormat(VectorQuantization quantization, int m, int beamWidth) {
        return switch (quantization) {
            case NONE -> new Lucene99HnswVectorsFormat(m, beamWidth);
            case INT8 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, m, beamWidth);
            case INT4 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.PACKED_NIBBLE, m, beamWidth);
        };
    }

    static Document toDocument(IndexedProduct indexed, FusionSettings settings) {
        Product p = indexed.product();
        ProductVectors v = indexed.vectors();
        Document doc = new Document();
        doc.add(new StringField(ID, p.id(), Field.Store.YES));
        doc.add(new SortedDocValuesField(ID, new BytesRef(p.id())));
        doc.add(new StoredField(PRODUCT, new BytesRef(ProductJson.toBytes(p))));
        float[] fused = v.fused();
        if (fused != null) {
            if (fused.length != settings.fusedDimension()) {
                throw new IllegalArgumentException("product " + p.id() + ": fused vector has " + fused.length
                        + " components, the index expects " + settings.fusedDimension());
            }
            doc.add(new KnnFloatVectorField(FUSED_VECTOR, fused, SIMILARITY));
        }
        // A weighted part is a block of the fused vector (re-derived on load, see partsOf); only the parts the fused
        // vector cannot hold (index weight 0) are stored, as float32.
        v.parts().forEach((m, vec) -> {
            if (settings.weight(m) == 0 || fused == null) {
                doc.add(new StoredField(modalityField(m), new BytesRef(toBytes(vec))));
            }
        });

        doc.add(new TextField(TITLE, p.title(), Field.Store.NO));
        doc.add(new TextField(TEXT, searchableText(p), Field.Store.NO));
        for (String level : p.categoryPath()) {
            doc.add(new StringField(CATEGORY, ProductFilter.normalizeValue(level), Field.Store.NO));
        }
        if (p.brand() != null) {
            doc.add(new StringField(BRAND, ProductFilter.normalizeValue(p.brand()), Field.Store.NO));
        }
        p.attributes().forEach((name, values) -> {
            for (String value : values) {
                doc.add(new StringField(ATTRIBUTE_PREFIX + name, ProductFilter.normalizeValue(value), Field.Store.NO));
            }
        });
        if (p.price() != null) {
            doc.add(new DoublePoint(PRICE, p.price()));
        }
        doc.add(new StringField(IN_STOCK, Boolean.toString(p.inStock()), Field.Store.NO));
        if (p.groupId() != null) {
            doc.add(new StringField(GROUP, p.groupId(), Field.Store.NO));
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

    /** The filter as a Lucene query, or {@code null} when nothing is filtered or excluded. */
    static Query filterQuery(ProductFilter filter, Set<String> excludeIds) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean any = addFilterClauses(b, filter);
        if (!excludeIds.isEmpty()) {
            b.add(new TermInSetQuery(ID, bytes(excludeIds)), BooleanClause.Occur.MUST_NOT);
            if (!any) {
                b.add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER);
            }
            any = true;
        }
        return any ? b.build() : null;
    }

    /** The selection as a Lucene query, or {@code null} when it keeps every product. */
    static Query selectionQuery(Selection selection) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean any = false;
        for (ProductFilter f : selection.filters()) {
            any |= addFilterClauses(b, f);
        }
        boolean exclusions = false;
        if (!selection.excludeBrands().isEmpty()) {
            b.add(new TermInSetQuery(BRAND, bytes(selection.excludeBrands())), BooleanClause.Occur.MUST_NOT);
            exclusions = true;
        }
        if (!selection.excludeIds().isEmpty()) {
            b.add(new TermInSetQuery(ID, bytes(selection.excludeIds())), BooleanClause.Occur.MUST_NOT);
            exclusions = true;
        }
        if (exclusions && !any) {
            b.add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER);
        }
        return any || exclusions ? b.build() : null;
    }

    /** Adds the filter's conditions as FILTER clauses; returns whether it added any. */
    private static boolean addFilterClauses(BooleanQuery.Builder b, ProductFilter filter) {
        boolean any = false;
        if (!filter.categories().isEmpty()) {
            b.add(new TermInSetQuery(CATEGORY, bytes(filter.categories())), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (!filter.brands().isEmpty()) {
            b.add(new TermInSetQuery(BRAND, bytes(filter.brands())), BooleanClause.Occur.FILTER);
            any = true;
        }
        for (Map.Entry<String, Set<String>> e : filter.attributes().entrySet()) {
            b.add(new TermInSetQuery(ATTRIBUTE_PREFIX + e.getKey(), bytes(e.getValue())), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (filter.minPrice() != null || filter.maxPrice() != null) {
            double lo = filter.minPrice() == null ? Double.NEGATIVE_INFINITY : filter.minPrice();
            double hi = filter.maxPrice() == null ? Double.POSITIVE_INFINITY : filter.maxPrice();
            b.add(DoublePoint.newRangeQuery(PRICE, lo, hi), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (filter.inStockOnly()) {
            b.add(new TermQuery(new Term(IN_STOCK, "true")), BooleanClause.Occur.FILTER);
            any = true;
        }
        return any;
    }

    /**
     * BM25 keyword query: every analysed word must occur in the searchable text ({@code text}: title, description,
     * brand, categories, attribute values); a word that also occurs in the title adds its title score times
     * {@link #TITLE_BOOST}. Returns {@code null} when analysis leaves no word (e.g. only stop words).
     */
    static Query keywordQuery(Analyzer analyzer, String keywords) throws IOException {
        java.util.LinkedHashSet<String> terms = new java.util.LinkedHashSet<>();
        try (org.apache.lucene.analysis.TokenStream ts = analyzer.tokenStream(TEXT, keywords)) {
            org.apache.lucene.analysis.tokenattributes.CharTermAttribute term =
                    ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(term.toString());
            }
            ts.end();
        }
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String t : terms) {
            b.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.MUST);
            b.add(new BoostQuery(new TermQuery(new Term(TITLE, t)), TITLE_BOOST), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    private static List<BytesRef> bytes(Set<String> values) {
        return values.stream().map(BytesRef::new).toList();
    }

    /** Lucene's DOT_PRODUCT score is (1 + cos) / 2; callers want the cosine. */
    static float cosineFromScore(float score) {
        return 2 * score - 1;
    }

    static String idOf(IndexSearcher searcher, int doc) throws IOException {
        return searcher.storedFields().document(doc, Set.of(ID)).get(ID);
    }

    static Product productOf(IndexSearcher searcher, int doc) throws IOException {
        return productOf(searcher.storedFields(), doc);
    }

    /** The stored product; pass one {@link org.apache.lucene.index.StoredFields} for all the hits of a query. */
    static Product productOf(org.apache.lucene.index.StoredFields stored, int doc) throws IOException {
        BytesRef bytes = stored.document(doc, PRODUCT_ONLY).getBinaryValue(PRODUCT);
        return ProductJson.fromBytes(bytes.bytes, bytes.offset, bytes.length);
    }

    private static final Set<String> PRODUCT_ONLY = Set.of(PRODUCT);

    static IndexedProduct load(IndexSearcher searcher, int doc, FusionSettings settings) throws IOException {
        Document stored = searcher.storedFields().document(doc);
        Product product = ProductJson.fromBytes(BytesRef.deepCopyOf(stored.getBinaryValue(PRODUCT)).bytes);
        float[] fused = fusedVector(searcher, doc);
        Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            BytesRef b = stored.getBinaryValue(modalityField(m)); // weight-0 parts, and every part in older indexes
            float[] part = b != null ? fromBytes(b) : partOf(fused, m, settings);
            if (part != null) {
                parts.put(m, part);
            }
        }
        return new IndexedProduct(product, new ProductVectors(parts, fused));
    }

    /**
     * A modality's unit vector re-derived from the fused vector: the fused vector is {@code concat(w_m * v_m) / N}
     * with unit {@code v_m}, so its block, normalised, is {@code v_m} (to float rounding, about 1e-7). {@code null}
     * when the block is zero (the product lacks the modality) or the modality's weight is 0.
     */
    static float[] partOf(float[] fused, Modality m, FusionSettings settings) {
        if (fused == null || settings.weight(m) == 0) {
            return null;
        }
        int offset = settings.offset(m);
        float[] part = java.util.Arrays.copyOfRange(fused, offset, offset + settings.dimension(m));
        double norm = 0;
        for (float x : part) {
            norm += (double) x * x;
        }
        if (norm == 0) {
            return null;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < part.length; i++) {
            part[i] *= inv;
        }
        return part;
    }

    static float[] fusedVector(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(FUSED_VECTOR);
        if (values == null) {
            return null;
        }
        KnnVectorValues.DocIndexIterator it = values.iterator();
        int local = doc - leaf.docBase;
        if (it.advance(local) != local) {
            return null;
        }
        return values.vectorValue(it.index()).clone();
    }

    static byte[] toBytes(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return buf.array();
    }

    static float[] fromBytes(BytesRef b) {
        float[] v = new float[b.length / Float.BYTES];
        ByteBuffer.wrap(b.bytes, b.offset, b.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
