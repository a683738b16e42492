package dev.lookalike.lucene;

import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.PictureVector;
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
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The Lucene document layout of a product (documented in docs/index-format.md) and the queries over it.
 *
 * <p>A product is one document, the <em>parent</em>, preceded in format 3 by one <em>picture</em> document per usable
 * picture when it has two or more (a Lucene block: children first, the parent last, written and deleted together
 * through the {@link #BLOCK} term). Only parents have the {@link #ID} field, its doc values ({@link #PARENTS}) and
 * every text, filter and stored product field, so a query on those fields never matches a picture document; the queries
 * that would match any document ({@link #PARENTS} instead of match-all) and document counts ({@link #productCount})
 * are restricted to parents here. Stateless; package-private.
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
    /** On the parent and its picture documents (format 3): the product id, to replace or delete the block at once. */
    static final String BLOCK = "block";
    /** On picture documents: the product's fused vector with this picture as the image part; HNSW graph. */
    static final String PICTURE_VECTOR = "vec.picture";
    /** On picture documents: the picture's position in the product's images, stored. */
    static final String PICTURE = "picture";
    /** The product (parent) documents: those with the id's doc values, which picture documents lack. */
    static final Query PARENTS = new FieldExistsQuery(ID);
    /**
     * Widest vector the index takes: above Lucene's default of {@value KnnVectorsFormat#DEFAULT_MAX_DIMENSIONS}, so that
     * 2048-d image features (ResNet-50, Inception V3) fuse with text and attributes unprojected. See {@link #codec()}.
     */
    static final int MAX_DIMENSIONS = 4096;
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

    /**
     * Lucene's default codec with float32 HNSW vectors ({@link #HNSW_M}, {@link #HNSW_BEAM_WIDTH}) that accept up to
     * {@link #MAX_DIMENSIONS} dimensions. Lucene checks a vector's width against its format's
     * {@code getMaxDimensions(field)} when indexing only; the wrapper ({@link WideVectorsFormat}) raises that number and
     * delegates everything else to the format {@link #vectorsFormat} picks, under that format's name, so the files are
     * the standard ones and any reader (a read-only opener, Luke, a build without this class) opens them through the
     * standard SPI format, quantized or not. This is what Elasticsearch does for its 4,096-dimension vectors.
     */
    static Codec codec() {
        return codec(VectorQuantization.NONE, HNSW_M, HNSW_BEAM_WIDTH);
    }

    static Codec codec(VectorQuantization quantization) {
        return codec(quantization, HNSW_M, HNSW_BEAM_WIDTH);
    }

    /**
     * The store's codec: every vector field (the fused one and, in format 3, the picture one) in {@link #vectorsFormat},
     * widened to {@link #MAX_DIMENSIONS} by {@link WideVectorsFormat}.
     */
    static Codec codec(VectorQuantization quantization, int m, int beamWidth) {
        KnnVectorsFormat wide = new WideVectorsFormat(vectorsFormat(quantization, m, beamWidth));
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return wide;
            }
        };
    }

    /** A vectors format that is {@code delegate} with {@link #MAX_DIMENSIONS} as its width limit. Stateless. */
    private static final class WideVectorsFormat extends KnnVectorsFormat {
        private final KnnVectorsFormat delegate;

        WideVectorsFormat(KnnVectorsFormat delegate) {
            super(delegate.getName());
            this.delegate = delegate;
        }

        @Override
        public org.apache.lucene.codecs.KnnVectorsWriter fieldsWriter(org.apache.lucene.index.SegmentWriteState state)
                throws IOException {
            return delegate.fieldsWriter(state);
        }

        @Override
        public org.apache.lucene.codecs.KnnVectorsReader fieldsReader(org.apache.lucene.index.SegmentReadState state)
                throws IOException {
            return delegate.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return MAX_DIMENSIONS;
        }

        @Override
        public String toString() {
            return delegate + " (up to " + MAX_DIMENSIONS + " dimensions)";
        }
    }

    /**
     * The product's documents: with {@code pictureBlocks} (format 3), a document per picture when it has at least two
     * (and images count), then the product document with the {@link #BLOCK} term; without, the product document alone,
     * as formats 1 and 2 wrote it.
     */
    static List<Document> toDocuments(IndexedProduct indexed, FusionSettings settings, boolean pictureBlocks) {
        Document parent = toDocument(indexed, settings);
        if (!pictureBlocks) {
            return List.of(parent);
        }
        String id = indexed.id();
        parent.add(new StringField(BLOCK, id, Field.Store.NO));
        ProductVectors v = indexed.vectors();
        if (v.pictures().isEmpty() || v.fused() == null || settings.imageWeight() == 0) {
            return List.of(parent);
        }
        List<Document> block = new java.util.ArrayList<>(v.pictures().size() + 1);
        Map<Modality, float[]> parts = v.parts();
        for (PictureVector picture : v.pictures()) {
            parts.put(Modality.IMAGE, picture.vector());
            // The picture's image vector is not stored: it is the image block of vec.picture, re-derived on load
            // (see load), as the product's weighted parts are blocks of vec.fused.
            Document child = new Document();
            child.add(new StringField(BLOCK, id, Field.Store.NO));
            child.add(new KnnFloatVectorField(PICTURE_VECTOR, Fusion.fuse(settings, parts), SIMILARITY));
            child.add(new StoredField(PICTURE, picture.image()));
            block.add(child);
        }
        block.add(parent);
        return block;
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
                b.add(PARENTS, BooleanClause.Occur.FILTER);
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
            b.add(PARENTS, BooleanClause.Occur.FILTER);
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

    /** Products (parent documents) visible to the searcher. */
    static int productCount(IndexSearcher searcher) throws IOException {
        return searcher.count(PARENTS);
    }

    /** Whether any segment holds picture documents. */
    static boolean hasPictures(IndexSearcher searcher) {
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            if (leaf.reader().getFieldInfos().fieldInfo(PICTURE_VECTOR) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The product at {@code doc} with its vectors; its per-picture vectors are read from its picture documents, the
     * block's documents before it ({@code firstChild} to {@code doc - 1}).
     */
    static IndexedProduct load(IndexSearcher searcher, int doc, int firstChild, FusionSettings settings) throws IOException {
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
        List<PictureVector> pictures = new java.util.ArrayList<>();
        for (int child = firstChild; child < doc; child++) {
            Document c = searcher.storedFields().document(child, PICTURE_FIELDS);
            BytesRef b = c.getBinaryValue(modalityField(Modality.IMAGE)); // format-3 indexes written before 2026-11-21
            float[] image = b != null ? fromBytes(b) : partOf(vector(searcher, child, PICTURE_VECTOR), Modality.IMAGE, settings);
            if (image == null) {
                throw new IllegalStateException("picture document " + child + " of product " + product.id()
                        + " has neither a stored image vector nor an image block in " + PICTURE_VECTOR);
            }
            pictures.add(new PictureVector(c.getField(PICTURE).numericValue().intValue(), image));
        }
        return new IndexedProduct(product, new ProductVectors(parts, fused, pictures));
    }

    private static final Set<String> PICTURE_FIELDS = Set.of(PICTURE, modalityField(Modality.IMAGE));

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
        return vector(searcher, doc, FUSED_VECTOR);
    }

    /** The document's vector in {@code field}, or {@code null} when it has none. */
    static float[] vector(IndexSearcher searcher, int doc, String field) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
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
