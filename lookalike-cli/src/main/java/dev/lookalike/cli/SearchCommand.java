package dev.lookalike.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.catalog.ProductJson;
import dev.lookalike.query.Anchor;
import dev.lookalike.query.AnchorStrategy;
import dev.lookalike.query.DroppedHit;
import dev.lookalike.query.Explanation;
import dev.lookalike.query.Hybrid;
import dev.lookalike.query.ModalityScore;
import dev.lookalike.query.ModalityWeights;
import dev.lookalike.query.SearchHit;
import dev.lookalike.query.SearchJson;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.query.SearchResponse;
import dev.lookalike.query.SearchRules;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search: keywords and/or filters select products, anchors rank them by similarity (sort by similar),",
                "or anchors alone find the nearest products; search by photo, semantic text, hybrid RRF, business rules,",
                "diversity, explanations. See README \"Search\"."})
final class SearchCommand implements Callable<Integer> {

    @Mixin
    IndexOptions indexOptions;

    @Option(names = {"--q", "-q"}, paramLabel = "KEYWORDS", description = "Keywords (BM25; every word must match; title counts double).")
    String keywords;

    @Option(names = "--like", paramLabel = "ID[:WEIGHT]", description = "Anchor product, optionally weighted (default 1). Repeatable.")
    List<String> like = new ArrayList<>();

    @Option(names = "--unlike", paramLabel = "ID[:WEIGHT]", description = "\"Less like this\" product (weight -1, or -WEIGHT). Repeatable.")
    List<String> unlike = new ArrayList<>();

    @Option(names = "--image", paramLabel = "FILE", description = "Search by photo: a JPEG, PNG or WebP picture.")
    Path image;

    @Option(names = "--text", description = "With --image: a refining text (\"in red\"). Alone: semantic text search.")
    String text;

    @Option(names = "--strategy", defaultValue = "mean", description = "How anchors combine: mean, max (like any) or min (like all). Default ${DEFAULT-VALUE}.")
    String strategy;

    @Option(names = "--weights", paramLabel = "SPEC", description = "Per-query modality weights, e.g. image=1,text=0.5,attributes=0 (others keep the index's).")
    String weights;

    @Option(names = "--hybrid", paramLabel = "MODE", description = "none (keywords select, anchors sort) or rrf (reciprocal rank fusion of BM25 and vectors, k=60).")
    String hybrid;

    @Option(names = "--rrf-k", defaultValue = "60", description = "RRF constant (default ${DEFAULT-VALUE}).")
    int rrfK;

    @ArgGroup(exclusive = false, heading = "Filters:%n")
    FilterOptions filters = new FilterOptions();

    @Option(names = "--price-band", paramLabel = "PERCENT", description = "Rule: price within ±PERCENT of the anchor's.")
    Double priceBand;

    @Option(names = "--same-brand", description = "Rule: the anchor's brand only.")
    boolean sameBrand;

    @Option(names = "--exclude-brand", paramLabel = "BRAND", description = "Rule: never this brand. Repeatable.")
    List<String> excludeBrands = new ArrayList<>();

    @Option(names = "--same-category", description = "Rule: the anchor's leaf category only.")
    boolean sameCategory;

    @Option(names = "--same-attr", paramLabel = "NAME", description = "Rule: same value of this attribute as the anchor (e.g. gender). Repeatable.")
    List<String> sameAttributes = new ArrayList<>();

    @Option(names = "--max-per-brand", paramLabel = "N", description = "Diversity: at most N hits per brand.")
    Integer maxPerBrand;

    @Option(names = "--collapse-variants", description = "Diversity: keep only the best product of each variant group.")
    boolean collapseVariants;

    @Option(names = "--min-score", description = "Drop hits whose similarity to the anchors is below this.")
    Double minScore;

    @Option(names = "--explain", description = "Explain each hit (score by modality, shared attributes, rules) and list dropped products.")
    boolean explain;

    @Option(names = "--k", defaultValue = "10", description = "Hits (1-1000, default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--offset", defaultValue = "0", description = "Hits to skip (paging).")
    int offset;

    @Option(names = "--max-candidates", defaultValue = "10000", description = "Cap on candidates ranked (default ${DEFAULT-VALUE}).")
    int maxCandidates;

    @Option(names = "--json", description = "Print JSON (the HTTP response's shape) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SearchRequest request = request();
        try (IndexOptions.OpenEngine open = indexOptions.openReadOnly()) {
            SearchResponse response = open.engine().search(request);
            if (json) {
                StringWriter out = new StringWriter();
                try (JsonGenerator g = new ObjectMapper().writerWithDefaultPrettyPrinter().createGenerator(out)) {
                    SearchJson.write(g, response, ProductJson::write);
                }
                System.out.println(out);
            } else {
                print(response);
            }
            return 0;
        }
    }

    SearchRequest request() throws java.io.IOException {
        SearchRequest.Builder b = SearchRequest.builder().keywords(keywords).filter(filters.toFilter())
                .strategy(AnchorStrategy.parse(strategy)).weights(ModalityWeights.parse(weights))
                .hybrid(hybrid == null ? Hybrid.NONE : Hybrid.parse(hybrid)).rrfK(rrfK)
                .k(k).offset(offset).explain(explain).maxCandidates(maxCandidates);
        like.forEach(spec -> b.anchor(anchor(spec, 1, "--like")));
        unlike.forEach(spec -> b.anchor(anchor(spec, -1, "--unlike")));
        if (image != null) {
            b.image(Files.readAllBytes(image), text);
        } else if (text != null) {
            b.text(text);
        }
        SearchRules.Builder rules = SearchRules.builder().priceBandPercent(priceBand).sameBrand(sameBrand)
                .sameCategory(sameCategory).maxPerBrand(maxPerBrand).collapseVariants(collapseVariants).minScore(minScore);
        excludeBrands.forEach(rules::excludeBrand);
        sameAttributes.forEach(rules::sameAttribute);
        return b.rules(rules.build()).build();
    }

    /**
     * {@code ID} or {@code ID:WEIGHT}; the part after the last colon is a weight only when it is a number, so ids with
     * colons work (an id that itself ends in {@code :<number>} needs an explicit weight).
     */
    static Anchor.ProductAnchor anchor(String spec, double sign, String option) {
        int colon = spec.lastIndexOf(':');
        if (colon > 0 && colon < spec.length() - 1) {
            try {
                double w = Double.parseDouble(spec.substring(colon + 1));
                if (w <= 0) {
                    throw new IllegalArgumentException(option + " weight must be > 0 (" + (sign < 0 ? "--unlike negates it" : "use --unlike for less-like")
                            + "), got '" + spec + "'");
                }
                return new Anchor.ProductAnchor(spec.substring(0, colon), sign * w);
            } catch (NumberFormatException e) {
                // not a weight: the colon is part of the id
            }
        }
        return new Anchor.ProductAnchor(spec, sign);
    }

    private static void print(SearchResponse r) {
        for (SearchHit h : r.hits()) {
            String score = h.score() == null ? "     -" : String.format(Locale.ROOT, "%.4f", h.score());
            System.out.printf(Locale.ROOT, "%s  %-20s  %s%n", score, h.id(), h.product().title());
            Explanation e = h.explanation();
            if (e == null) {
                continue;
            }
            if (!e.modalities().isEmpty()) {
                // contributions are net of any unlike anchor, so that they add up to the score
                StringBuilder sb = new StringBuilder("        score by modality (vs ").append(e.anchor()).append("):");
                for (ModalityScore m : e.modalities()) {
                    sb.append(String.format(Locale.ROOT, "  %s %s → %+.4f", ModalityWeights.label(m.modality()),
                            m.cosine() == null ? "n/a" : String.format(Locale.ROOT, "cos %.3f", m.cosine()), m.contribution()));
                }
                System.out.println(sb);
            }
            if (!e.sharedAttributes().isEmpty()) {
                System.out.println("        shares " + e.sharedAttributes());
            }
            e.notes().forEach(n -> System.out.println("        " + n));
        }
        for (DroppedHit d : r.dropped()) {
            System.out.printf(Locale.ROOT, "dropped %-20s  %s%n", d.id(), d.reason());
        }
        System.err.printf(Locale.ROOT, "%d hits (offset %d) of %d candidates%s; %s, %s, %s; %.2f ms%n", r.hits().size(), r.offset(),
                r.total(), r.capped() ? " (capped)" : "", r.retrieval().label(), r.mode().name().toLowerCase(Locale.ROOT),
                r.strategy().label(), r.tookMicros() / 1000.0);
    }
}
