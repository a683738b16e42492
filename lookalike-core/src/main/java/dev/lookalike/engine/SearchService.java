package dev.lookalike.engine;

import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.image.ImageDecoder;
import dev.lookalike.image.ImageLoadException;
import dev.lookalike.query.Anchor;
import dev.lookalike.query.AnchorStrategy;
import dev.lookalike.query.DroppedHit;
import dev.lookalike.query.Explanation;
import dev.lookalike.query.Hybrid;
import dev.lookalike.query.ModalityScore;
import dev.lookalike.query.ModalityWeights;
import dev.lookalike.query.Retrieval;
import dev.lookalike.query.SearchHit;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.query.SearchResponse;
import dev.lookalike.query.SearchRules;
import dev.lookalike.search.Candidates;
import dev.lookalike.search.IndexedProduct;
import dev.lookalike.search.PictureMatch;
import dev.lookalike.search.ProductFilter;
import dev.lookalike.search.ProductStore;
import dev.lookalike.search.SearchMode;
import dev.lookalike.search.SearchSnapshot;
import dev.lookalike.search.Selection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs {@link SearchRequest}s over a store's {@link SearchSnapshot}: resolves the anchors into unit query vectors
 * (per-query modality weights applied), turns the anchor-tied rules into filters, gathers candidates (keywords,
 * filters, nearest neighbours, or both fused by RRF), scores them exactly against the anchors, applies
 * {@code min_score} and diversity while paging, and explains the hits. Photo, raw-vector and picture-space text
 * anchors match products by picture ({@link SearchSnapshot#similarities(int[], List, boolean[])}: the image modality
 * counts with the best of the mean of a product's pictures and its best single picture); product anchors are compared
 * mean to mean.
 *
 * <p>Thread-safe: every request uses its own snapshot and state. Package-private; {@link Lookalike#search} is the API.
 */
final class SearchService {

    /** Candidates fetched per hit needed when a diversity rule may drop some (doubled while the page is not full). */
    static final int DIVERSITY_OVERFETCH = 4;
    /** Smallest depth of each ranking fused by RRF. */
    static final int RRF_MIN_DEPTH = 100;
    /** Label under which uploaded pictures appear in error messages (never their bytes). */
    static final String UPLOAD_NAME = "uploaded image";

    private final ProductStore store;
    private final ProductVectorizer vectorizer;
    private final ImageDecoder uploads;

    SearchService(ProductStore store, ProductVectorizer vectorizer, ImageDecoder uploads) {
        this.store = store;
        this.vectorizer = vectorizer;
        this.uploads = uploads;
    }

    SearchResponse search(SearchRequest request) throws IOException {
        long start = System.nanoTime();
        FusionSettings settings = vectorizer.settings();
        float[] factors = request.weights().blockFactors(settings);
        List<Anchor> anchors = request.anchors();
        if (request.hybrid() == Hybrid.RRF && anchors.stream().noneMatch(a -> a.weight() > 0)) {
            // the vector list of the fusion needs something to be near: the keywords, as text (after any unlike anchors)
            anchors = new ArrayList<>(anchors);
            anchors.add(new Anchor.TextAnchor(request.keywords(), 1));
        }
        List<AnchorScorer.Resolved> resolved = new ArrayList<>(anchors.size());
        for (int i = 0; i < anchors.size(); i++) {
            resolved.add(resolve(anchors.get(i), "anchors[" + i + "]", factors, settings, request.weights()));
        }
        Product reference = resolved.stream().filter(a -> a.weight() > 0 && a.product() != null)
                .map(AnchorScorer.Resolved::product).findFirst().orElse(null);
        Selection selection = selection(request, anchors, reference);
        AnchorScorer scorer = resolved.isEmpty() ? null : new AnchorScorer(request.strategy(), resolved);
        try (SearchSnapshot snapshot = store.snapshot()) {
            return new Run(request, snapshot, scorer, selection, reference, settings).execute(start);
        }
    }

    // ------------------------------------------------------------------------------------------ anchors

    /** {@code where} names the anchor in messages, as the JSON request does ({@code anchors[2]}). */
    private AnchorScorer.Resolved resolve(Anchor anchor, String where, float[] factors, FusionSettings settings,
            ModalityWeights weights) throws IOException {
        float[] fused;
        Product product = null;
        switch (anchor) {
            case Anchor.ProductAnchor p -> {
                IndexedProduct found = store.get(p.id()).orElseThrow(() -> new ProductNotFoundException(p.id()));
                fused = found.vectors().fused();
                if (fused == null) {
                    throw new IllegalArgumentException("anchor product '" + p.id() + "' has no vector: no usable image, text or attributes");
                }
                product = found.product();
            }
            case Anchor.VectorAnchor v -> {
                fused = VectorMath.requireFinite(v.vector(), settings.fusedDimension(), where + ".vector");
                VectorMath.normalizeInPlace(fused);
            }
            case Anchor.ImageAnchor img -> {
                BufferedImage picture;
                try {
                    picture = uploads.decode(img.image(), UPLOAD_NAME);
                } catch (ImageLoadException e) {
                    throw new IllegalArgumentException("image: " + e.getMessage(), e);
                }
                Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
                parts.put(Modality.IMAGE, vectorizer.embedImage(picture));
                if (img.refinement() != null) {
                    parts.put(Modality.TEXT, vectorizer.embedText(img.refinement()));
                }
                fused = Fusion.fuse(settings, parts);
                if (fused == null) {
                    throw new IllegalArgumentException("image: the picture gives no signal (blank picture, or the index weights images 0)");
                }
            }
            case Anchor.TextAnchor t -> {
                Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
                parts.put(Modality.TEXT, vectorizer.embedText(t.text()));
                // CLIP-style encoders: the words also describe what the picture should look like
                vectorizer.embedTextAsImage(t.text()).ifPresent(v -> parts.put(Modality.IMAGE, v));
                fused = Fusion.fuse(settings, parts);
                if (fused == null) {
                    throw new IllegalArgumentException("text anchor " + t.label() + " gives no signal (the index weights text "
                            + settings.textWeight() + ")");
                }
            }
        }
        float[] v = reweight(fused, factors, settings);
        if (v == null) {
            throw new IllegalArgumentException("anchor " + anchor.label() + " has no signal left under the weights "
                    + weights.describe(settings));
        }
        // a picture, a raw vector or a text in the picture space (CLIP) matches a product by its best picture; a product
        // anchor is itself the mean of its pictures and is compared with the others' means
        boolean byPicture = !(anchor instanceof Anchor.ProductAnchor) && hasBlock(v, Modality.IMAGE, settings);
        return new AnchorScorer.Resolved(anchor.label(), v, anchor.weight(), product, byPicture);
    }

    private static boolean hasBlock(float[] v, Modality m, FusionSettings settings) {
        int from = settings.offset(m);
        for (int i = from; i < from + settings.dimension(m); i++) {
            if (v[i] != 0) {
                return true;
            }
        }
        return false;
    }

    /** Multiplies each block by its factor and normalises; {@code null} when nothing is left. */
    static float[] reweight(float[] fused, float[] factors, FusionSettings settings) {
        float[] v = fused.clone();
        for (Modality m : Modality.values()) {
            float f = factors[m.ordinal()];
            if (f == 1f) {
                continue;
            }
            int from = settings.offset(m);
            for (int i = from; i < from + settings.dimension(m); i++) {
                v[i] *= f;
            }
        }
        return VectorMath.norm(v) < 1e-9f ? null : VectorMath.normalizeInPlace(v);
    }

    // ------------------------------------------------------------------------------------------ rules

    private static Selection selection(SearchRequest request, List<Anchor> anchors, Product reference) {
        Set<String> anchorIds = new LinkedHashSet<>();
        for (Anchor a : anchors) {
            if (a instanceof Anchor.ProductAnchor p) {
                anchorIds.add(p.id());
            }
        }
        Selection s = Selection.of(request.filter()).excludingIds(anchorIds).excludingBrands(request.rules().excludeBrands());
        ProductFilter rules = ruleFilter(request.rules(), reference);
        return rules.isEmpty() ? s : s.and(rules);
    }

    /** The anchor-tied rules as a filter that must hold on top of the request's. */
    static ProductFilter ruleFilter(SearchRules rules, Product reference) {
        if (!rules.needsAnchor()) {
            return ProductFilter.NONE;
        }
        if (reference == null) {
            throw new IllegalArgumentException("rules price_band, same_brand, same_category and same_attributes need a product"
                    + " anchor with a positive weight");
        }
        ProductFilter.Builder b = ProductFilter.builder();
        if (rules.priceBandPercent() != null) {
            Double price = reference.price();
            if (price == null) {
                throw new IllegalArgumentException("price_band: anchor '" + reference.id() + "' has no price");
            }
            // in decimal: 100 at 15 % must reach 115.00 itself, not 114.99999999999999
            BigDecimal p = BigDecimal.valueOf(price);
            BigDecimal band = BigDecimal.valueOf(rules.priceBandPercent()).movePointLeft(2);
            b.minPrice(Math.max(0, p.subtract(p.multiply(band)).doubleValue())).maxPrice(p.add(p.multiply(band)).doubleValue());
        }
        if (rules.sameBrand()) {
            if (reference.brand() == null) {
                throw new IllegalArgumentException("same_brand: anchor '" + reference.id() + "' has no brand");
            }
            b.brand(reference.brand());
        }
        if (rules.sameCategory()) {
            if (reference.leafCategory() == null) {
                throw new IllegalArgumentException("same_category: anchor '" + reference.id() + "' has no category");
            }
            b.category(reference.leafCategory());
        }
        for (String name : rules.sameAttributes()) {
            List<String> values = reference.attributes().get(name);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("same_attributes: anchor '" + reference.id() + "' has no attribute '" + name + "'");
            }
            values.forEach(v -> b.attribute(name, v));
        }
        return b.build();
    }

    // ------------------------------------------------------------------------------------------ one request

    /** A candidate while ranking. Mutable; confined to one request. */
    private static final class Candidate {
        final int doc;
        float similarity = Float.NaN;
        float keyword = Float.NaN;
        int keywordRank;
        int vectorRank;
        float rrf = Float.NaN;
        AnchorScorer.Score detail;

        Candidate(int doc) {
            this.doc = doc;
        }
    }

    /** Ranked candidates and how they were found. */
    private record Pool(List<Candidate> ranked, boolean capped, boolean more, SearchMode mode) {
    }

    /** State of one request. Not thread-safe. */
    private static final class Run {
        private final SearchRequest request;
        private final SearchSnapshot snapshot;
        private final AnchorScorer scorer;
        private final Selection selection;
        private final Product reference;
        private final FusionSettings settings;
        private final Retrieval retrieval;
        private final Map<Integer, Product> products = new HashMap<>();
        private final List<DroppedHit> dropped = new ArrayList<>();
        /** Kept product id to the ids of the variants collapsed into it. */
        private final Map<String, List<String>> collapsed = new HashMap<>();

        Run(SearchRequest request, SearchSnapshot snapshot, AnchorScorer scorer, Selection selection, Product reference,
            FusionSettings settings) {
            this.request = request;
            this.snapshot = snapshot;
            this.scorer = scorer;
            this.selection = selection;
            this.reference = reference;
            this.settings = settings;
            if (request.hybrid() == Hybrid.RRF) {
                retrieval = Retrieval.HYBRID;
            } else if (request.hasKeywords()) {
                retrieval = Retrieval.KEYWORDS;
            } else {
                retrieval = scorer == null ? Retrieval.FILTER : Retrieval.VECTOR;
            }
        }

        SearchResponse execute(long start) throws IOException {
            int need = request.offset() + request.k();
            int cap = request.maxCandidates();
            int depth = Math.min(cap, need * (request.rules().diversity() ? DIVERSITY_OVERFETCH : 1)
                    * (scorer != null && (scorer.hasNegatives() || scorer.strategy() == AnchorStrategy.MIN) ? 2 : 1));
            if (retrieval == Retrieval.HYBRID) {
                depth = Math.min(cap, Math.max(depth, RRF_MIN_DEPTH));
            }
            Pool pool;
            List<Candidate> page;
            while (true) {
                pool = switch (retrieval) {
                    case KEYWORDS -> keywords();
                    case FILTER -> filter();
                    case VECTOR -> vector(depth);
                    case HYBRID -> hybrid(depth);
                };
                dropped.clear();
                collapsed.clear();
                List<Candidate> ranked = applyMinScore(pool.ranked());
                // nearest neighbours come by falling similarity: once some fall below min_score, deeper ones would too
                // (only when retrieval ranks as the score does: one mean of positive anchors, nothing unlike)
                boolean belowMinScore = retrieval == Retrieval.VECTOR && ranked.size() < pool.ranked().size()
                        && !scorer.hasNegatives() && scorer.strategy() == AnchorStrategy.MEAN;
                page = walk(ranked, need);
                if (page.size() >= need || !pool.more() || depth >= cap || belowMinScore) {
                    pool = new Pool(ranked, pool.capped(), pool.more(), pool.mode());
                    break;
                }
                depth = Math.min(cap, depth * 2);
            }
            List<SearchHit> hits = new ArrayList<>();
            for (int i = request.offset(); i < page.size(); i++) {
                hits.add(hit(page.get(i)));
            }
            return new SearchResponse(hits, request.offset(), request.k(), pool.ranked().size(), pool.capped(), retrieval,
                    pool.mode(), request.strategy(), request.explain() ? dropped : List.of(), (System.nanoTime() - start) / 1_000);
        }

        // ----------------------------------------------------------------------------------- gathering

        private Pool keywords() throws IOException {
            Candidates kw = snapshot.keywords(request.keywords(), selection, request.maxCandidates());
            List<Candidate> ranked = new ArrayList<>(kw.size());
            for (int i = 0; i < kw.size(); i++) {
                Candidate c = new Candidate(kw.doc(i));
                c.keyword = kw.score(i);
                c.keywordRank = i + 1;
                ranked.add(c);
            }
            if (scorer == null) {
                return new Pool(ranked, kw.capped(), false, SearchMode.NONE);
            }
            score(ranked);
            // scored candidates by similarity, then those without a vector by BM25 (their keyword rank)
            ranked.sort(SCORED_THEN_KEYWORD_RANK);
            return new Pool(ranked, kw.capped(), false, SearchMode.EXACT);
        }

        private Pool filter() throws IOException {
            Candidates all = snapshot.select(selection, request.maxCandidates());
            List<Candidate> ranked = new ArrayList<>(all.size());
            for (int i = 0; i < all.size(); i++) {
                ranked.add(new Candidate(all.doc(i)));
            }
            return new Pool(ranked, all.capped(), false, SearchMode.NONE);
        }

        private Pool vector(int depth) throws IOException {
            LinkedHashSet<Integer> docs = new LinkedHashSet<>();
            boolean more = false;
            boolean graph = false;
            List<float[]> vectors = scorer.retrievalVectors();
            boolean[] byPicture = scorer.retrievalByPicture();
            for (int i = 0; i < vectors.size(); i++) {
                Candidates near = snapshot.nearest(vectors.get(i), depth, selection, byPicture[i]);
                for (int d : near.docs()) {
                    docs.add(d);
                }
                more |= near.size() >= depth;
                graph |= near.mode() == SearchMode.APPROXIMATE;
            }
            List<Candidate> ranked = new ArrayList<>(docs.size());
            docs.forEach(d -> ranked.add(new Candidate(d)));
            score(ranked);
            ranked.removeIf(c -> Float.isNaN(c.similarity));
            ranked.sort(bySimilarity());
            return new Pool(ranked, more && depth >= request.maxCandidates(), more,
                    graph ? SearchMode.APPROXIMATE : SearchMode.EXACT);
        }

        private Pool hybrid(int depth) throws IOException {
            Candidates kw = snapshot.keywords(request.keywords(), selection, depth);
            Pool vec = vector(depth);
            Map<Integer, Candidate> byDoc = new LinkedHashMap<>();
            for (int i = 0; i < vec.ranked().size(); i++) {
                Candidate c = vec.ranked().get(i);
                c.vectorRank = i + 1;
                byDoc.put(c.doc, c);
            }
            List<Candidate> unscored = new ArrayList<>();
            for (int i = 0; i < kw.size(); i++) {
                Candidate c = byDoc.get(kw.doc(i));
                if (c == null) {
                    c = new Candidate(kw.doc(i));
                    byDoc.put(c.doc, c);
                    unscored.add(c);
                }
                c.keyword = kw.score(i);
                c.keywordRank = i + 1;
            }
            score(unscored);
            int k = request.rrfK();
            for (Candidate c : byDoc.values()) {
                float rrf = 0;
                if (c.keywordRank > 0) {
                    rrf += 1f / (k + c.keywordRank);
                }
                if (c.vectorRank > 0) {
                    rrf += 1f / (k + c.vectorRank);
                }
                c.rrf = rrf;
            }
            List<Candidate> ranked = new ArrayList<>(byDoc.values());
            ranked.sort(BY_RRF);
            // the keywords were cut at this depth, not at max_candidates: capped only when the depth is the cap
            return new Pool(ranked, kw.capped() && depth >= request.maxCandidates() || vec.capped(),
                    kw.capped() || vec.more(), vec.mode());
        }

        /** Candidates with a similarity first, by similarity (highest first), then by keyword rank; no boxing. */
        private static final Comparator<Candidate> SCORED_THEN_KEYWORD_RANK = (a, b) -> {
            boolean aMissing = Float.isNaN(a.similarity);
            boolean bMissing = Float.isNaN(b.similarity);
            if (aMissing != bMissing) {
                return aMissing ? 1 : -1;
            }
            int bySimilarity = aMissing ? 0 : Float.compare(b.similarity, a.similarity);
            return bySimilarity != 0 ? bySimilarity : Integer.compare(a.keywordRank, b.keywordRank);
        };

        /** By fused rank (highest first), then similarity (highest first, missing last), then doc id; no boxing. */
        private static final Comparator<Candidate> BY_RRF = (a, b) -> {
            int byRrf = Float.compare(b.rrf, a.rrf);
            if (byRrf != 0) {
                return byRrf;
            }
            float as = Float.isNaN(a.similarity) ? Float.NEGATIVE_INFINITY : a.similarity;
            float bs = Float.isNaN(b.similarity) ? Float.NEGATIVE_INFINITY : b.similarity;
            int bySimilarity = Float.compare(bs, as);
            return bySimilarity != 0 ? bySimilarity : Integer.compare(a.doc, b.doc);
        };

        private static Comparator<Candidate> bySimilarity() {
            return Comparator.comparingDouble((Candidate c) -> -c.similarity).thenComparingInt(c -> c.doc);
        }

        /** Exact similarity of each candidate to the anchors (through the store's vector scorer). */
        private void score(List<Candidate> candidates) throws IOException {
            if (candidates.isEmpty()) {
                return;
            }
            int[] docs = new int[candidates.size()];
            for (int i = 0; i < docs.length; i++) {
                docs[i] = candidates.get(i).doc;
            }
            float[][] sims = snapshot.similarities(docs, scorer.scoringVectors(), scorer.scoringByPicture());
            for (int i = 0; i < docs.length; i++) {
                Candidate c = candidates.get(i);
                c.detail = scorer.score(sims, i);
                c.similarity = c.detail.value();
            }
        }

        // ----------------------------------------------------------------------------------- rules and paging

        private List<Candidate> applyMinScore(List<Candidate> ranked) throws IOException {
            Double min = request.rules().minScore();
            if (min == null) {
                return ranked;
            }
            List<Candidate> kept = new ArrayList<>(ranked.size());
            for (Candidate c : ranked) {
                if (!Float.isNaN(c.similarity) && c.similarity >= min) {
                    kept.add(c);
                } else {
                    drop(c, Float.isNaN(c.similarity) ? "no similarity to compare with min_score " + min
                            : String.format(Locale.ROOT, "similarity %.4f below min_score %s", c.similarity, min));
                }
            }
            return kept;
        }

        /** Walks the ranking, applying diversity, until {@code need} hits are accepted. */
        private List<Candidate> walk(List<Candidate> ranked, int need) throws IOException {
            SearchRules rules = request.rules();
            if (!rules.diversity()) {
                return ranked.subList(0, Math.min(need, ranked.size()));
            }
            List<Candidate> accepted = new ArrayList<>(need);
            Map<String, String> keptByGroup = new HashMap<>();
            Map<String, Integer> perBrand = new HashMap<>();
            for (Candidate c : ranked) {
                if (accepted.size() >= need) {
                    break;
                }
                Product p = product(c);
                if (rules.collapseVariants() && p.groupId() != null) {
                    String kept = keptByGroup.get(p.groupId());
                    if (kept != null) {
                        drop(c, "collapsed variant of " + kept);
                        collapsed.computeIfAbsent(kept, x -> new ArrayList<>()).add(p.id());
                        continue;
                    }
                }
                String brand = p.brand() == null ? null : ProductFilter.normalizeValue(p.brand());
                if (rules.maxPerBrand() != null && brand != null && perBrand.getOrDefault(brand, 0) >= rules.maxPerBrand()) {
                    drop(c, "brand quota reached: " + rules.maxPerBrand() + " per brand (" + p.brand() + ")");
                    continue;
                }
                if (p.groupId() != null) {
                    keptByGroup.putIfAbsent(p.groupId(), p.id());
                }
                if (brand != null) {
                    perBrand.merge(brand, 1, Integer::sum);
                }
                accepted.add(c);
            }
            return accepted;
        }

        private void drop(Candidate c, String reason) throws IOException {
            if (request.explain() && dropped.size() < SearchResponse.MAX_DROPPED) {
                dropped.add(new DroppedHit(product(c).id(), reason));
            }
        }

        private Product product(Candidate c) throws IOException {
            Product p = products.get(c.doc);
            if (p == null) {
                p = snapshot.product(c.doc);
                products.put(c.doc, p);
            }
            return p;
        }

        // ----------------------------------------------------------------------------------- hits

        private SearchHit hit(Candidate c) throws IOException {
            Product p = product(c);
            Float similarity = Float.isNaN(c.similarity) ? null : c.similarity;
            Float keyword = Float.isNaN(c.keyword) ? null : c.keyword;
            Float score = switch (retrieval) {
                case VECTOR -> similarity;
                case KEYWORDS -> scorer == null ? keyword : similarity;
                case FILTER -> null;
                case HYBRID -> c.rrf;
            };
            return new SearchHit(p.id(), score, similarity, keyword, p, request.explain() ? explain(c, p) : null);
        }

        private Explanation explain(Candidate c, Product p) throws IOException {
            List<ModalityScore> modalities = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            String anchor = null;
            if (scorer != null && c.detail != null && !Float.isNaN(c.similarity)) {
                float[] hit = snapshot.fusedVector(c.doc);
                float[] positive = scorer.positiveVector(c.detail);
                float[] negative = scorer.negativeVector(c.detail);
                float lambda = scorer.lambda();
                // the vectors the similarity was measured against: the fused vector, or one with a single picture
                float[] positiveHit = hit;
                float[] negativeHit = hit;
                if (positive != null && scorer.positiveByPicture(c.detail)) {
                    PictureMatch match = snapshot.bestPicture(c.doc, positive);
                    if (match != null) {
                        positiveHit = match.fused();
                        notes.add(String.format(Locale.ROOT, "matched by its picture %d of %d (similarity %.4f; by the mean"
                                        + " of its pictures %.4f)", match.image() + 1, p.images().size(), match.similarity(),
                                VectorMath.dot(positive, hit)));
                    }
                }
                if (negative != null && scorer.negativeByPicture(c.detail)) {
                    PictureMatch match = snapshot.bestPicture(c.doc, negative);
                    if (match != null) {
                        negativeHit = match.fused();
                    }
                }
                for (Modality m : Modality.values()) {
                    int from = settings.offset(m);
                    int to = from + settings.dimension(m);
                    float contribution = 0;
                    if (positive != null) {
                        contribution += dot(positive, positiveHit, from, to);
                    }
                    if (negative != null) {
                        contribution -= lambda * dot(negative, negativeHit, from, to);
                    }
                    Float cosine = positive == null ? null : cosine(positive, positiveHit, from, to);
                    modalities.add(new ModalityScore(m, cosine, contribution));
                }
                anchor = scorer.anchorLabel(c.detail);
                if (scorer.strategy() != AnchorStrategy.MEAN && scorer.positives().size() > 1) {
                    notes.add((scorer.strategy() == AnchorStrategy.MAX ? "closest" : "least similar") + " anchor: " + anchor);
                }
                if (c.detail.penalty() != 0) {
                    notes.add(String.format(Locale.ROOT, "unlike anchor (%s) lowered the score by %.4f (λ = %.3f)",
                            scorer.negativeLabel(c.detail), c.detail.penalty(), lambda));
                }
            } else if (scorer != null) {
                notes.add("no vector: ranked after the products scored against the anchors, by keyword score");
            }
            if (c.keywordRank > 0) {
                notes.add(String.format(Locale.ROOT, "keyword match: BM25 %.3f, rank %d", c.keyword, c.keywordRank));
            }
            if (retrieval == Retrieval.HYBRID) {
                notes.add(String.format(Locale.ROOT, "RRF (k=%d): keyword rank %s, vector rank %s", request.rrfK(),
                        c.keywordRank > 0 ? Integer.toString(c.keywordRank) : "-", c.vectorRank > 0 ? Integer.toString(c.vectorRank) : "-"));
            }
            notes.addAll(ruleNotes(p));
            List<String> variants = collapsed.get(p.id());
            if (variants != null) {
                notes.add("best of its variant group " + p.groupId() + "; collapsed: " + String.join(", ", variants));
            }
            return new Explanation(modalities, anchor, sharedAttributes(p), notes);
        }

        private List<String> ruleNotes(Product p) {
            List<String> notes = new ArrayList<>();
            SearchRules rules = request.rules();
            if (reference == null) {
                return notes;
            }
            if (rules.priceBandPercent() != null) {
                notes.add(String.format(Locale.ROOT, "price %.2f within ±%s%% of the anchor's %.2f", p.price(),
                        trim(rules.priceBandPercent()), reference.price()));
            }
            if (rules.sameBrand()) {
                notes.add("same brand as the anchor: " + reference.brand());
            }
            if (rules.sameCategory()) {
                notes.add("same category as the anchor: " + reference.leafCategory());
            }
            for (String name : rules.sameAttributes()) {
                notes.add("same " + name + " as the anchor: " + String.join(", ", reference.attributes().get(name)));
            }
            return notes;
        }

        private Map<String, List<String>> sharedAttributes(Product p) {
            Map<String, List<String>> shared = new LinkedHashMap<>();
            if (reference == null) {
                return shared;
            }
            reference.attributes().forEach((name, values) -> {
                List<String> mine = p.attributes().get(name);
                if (mine == null) {
                    return;
                }
                Set<String> theirs = new java.util.HashSet<>();
                values.forEach(v -> theirs.add(ProductFilter.normalizeValue(v)));
                List<String> both = mine.stream().filter(v -> theirs.contains(ProductFilter.normalizeValue(v))).toList();
                if (!both.isEmpty()) {
                    shared.put(name, both);
                }
            });
            return shared;
        }

        private static String trim(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }

        private static float dot(float[] a, float[] b, int from, int to) {
            float s = 0;
            for (int i = from; i < to; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        private static Float cosine(float[] a, float[] b, int from, int to) {
            double na = 0;
            double nb = 0;
            for (int i = from; i < to; i++) {
                na += (double) a[i] * a[i];
                nb += (double) b[i] * b[i];
            }
            if (na == 0 || nb == 0) {
                return null;
            }
            return (float) (dot(a, b, from, to) / Math.sqrt(na * nb));
        }
    }
}
