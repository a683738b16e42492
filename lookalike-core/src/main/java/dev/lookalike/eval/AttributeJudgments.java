package dev.lookalike.eval;

import dev.lookalike.catalog.Product;
import dev.lookalike.search.ProductFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Graded judgments derived from catalog attributes, for catalogs without human judgments (docs/golden-sets.md).
 * Rules such as {@code articleType,baseColour=2;articleType=1} grade a candidate by the highest rule whose attributes
 * all have the anchor's values (compared stripped and lower-cased; a product's first value of an attribute counts;
 * a missing value never matches). Every other product is grade 0.
 *
 * <p>Immutable and thread-safe.
 */
public final class AttributeJudgments {

    /** One rule: all these attributes equal gives this grade. */
    public record Rule(List<String> attributes, int grade) {
        public Rule {
            attributes = List.copyOf(attributes);
            if (attributes.isEmpty()) {
                throw new IllegalArgumentException("a rule needs at least one attribute");
            }
            if (grade < 1) {
                throw new IllegalArgumentException("a rule's grade must be >= 1, got " + grade);
            }
        }
    }

    private final List<Rule> rules;

    private AttributeJudgments(List<Rule> rules) {
        this.rules = rules.stream().sorted(Comparator.comparingInt(Rule::grade).reversed()).toList();
    }

    /**
     * Parses {@code ATTR[,ATTR...]=GRADE[;...]}, e.g. {@code articleType,baseColour=2;articleType=1}.
     *
     * @throws IllegalArgumentException naming the bad rule
     */
    public static AttributeJudgments parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("judgment rules must look like articleType,baseColour=2;articleType=1, got '" + spec + "'");
        }
        List<Rule> rules = new ArrayList<>();
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("judgment rule must look like ATTR[,ATTR...]=GRADE, got '" + part.strip() + "'");
            }
            List<String> attributes = new ArrayList<>();
            for (String a : part.substring(0, eq).split(",")) {
                if (a.isBlank()) {
                    throw new IllegalArgumentException("judgment rule '" + part.strip() + "' has an empty attribute name");
                }
                attributes.add(a.strip());
            }
            int grade;
            try {
                grade = Integer.parseInt(part.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("judgment rule '" + part.strip() + "': grade must be an integer >= 1, got '"
                        + part.substring(eq + 1).strip() + "'");
            }
            try {
                rules.add(new Rule(attributes, grade));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("judgment rule '" + part.strip() + "': " + e.getMessage(), e);
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no judgment rule in '" + spec + "'");
        }
        return new AttributeJudgments(rules);
    }

    /** The rules, highest grade first. */
    public List<Rule> rules() {
        return rules;
    }

    /** Every attribute some rule names, in rule order. */
    public List<String> attributes() {
        return List.copyOf(rules.stream().flatMap(r -> r.attributes().stream()).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** The grade of {@code candidate} for anchor {@code anchor}: the highest rule that matches, else 0. */
    public int grade(Product anchor, Product candidate) {
        for (Rule r : rules) {
            String a = key(anchor, r);
            if (a != null && a.equals(key(candidate, r))) {
                return r.grade();
            }
        }
        return 0;
    }

    /**
     * Judgments for up to {@code anchors} anchor products drawn from {@code catalog} (seeded, uniformly among the
     * products that have at least one other product with a positive grade): each anchor's judged candidates are all
     * the other products with a positive grade, so that the ideal ranking is known. Anchors come in catalog order.
     */
    public GoldenSet generate(List<Product> catalog, int anchors, long seed) {
        if (anchors < 1) {
            throw new IllegalArgumentException("anchors must be >= 1, got " + anchors);
        }
        // per rule: the products sharing each combination of values
        List<Map<String, List<Integer>>> groups = new ArrayList<>();
        for (Rule r : rules) {
            Map<String, List<Integer>> byKey = new HashMap<>();
            for (int i = 0; i < catalog.size(); i++) {
                String k = key(catalog.get(i), r);
                if (k != null) {
                    byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
                }
            }
            groups.add(byKey);
        }
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            for (int r = 0; r < rules.size(); r++) {
                String k = key(catalog.get(i), rules.get(r));
                if (k != null && groups.get(r).get(k).size() > 1) {
                    eligible.add(i);
                    break;
                }
            }
        }
        int[] order = eligible.stream().mapToInt(Integer::intValue).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = java.util.Arrays.stream(order).limit(anchors).sorted().toArray();
        List<Judgment> judgments = new ArrayList<>();
        for (int a : chosen) {
            Product anchor = catalog.get(a);
            Map<Integer, Integer> grades = new java.util.TreeMap<>();
            for (int r = 0; r < rules.size(); r++) {
                String k = key(anchor, rules.get(r));
                if (k == null) {
                    continue;
                }
                int grade = rules.get(r).grade();
                for (int c : groups.get(r).get(k)) {
                    if (c != a) {
                        grades.merge(c, grade, Math::max);
                    }
                }
            }
            grades.forEach((c, g) -> judgments.add(new Judgment(QueryKind.PRODUCT, anchor.id(), catalog.get(c).id(), g)));
        }
        return GoldenSet.of(judgments);
    }

    /** The product's values of the rule's attributes, or null when one is missing. */
    private static String key(Product p, Rule r) {
        StringBuilder sb = new StringBuilder();
        for (String a : r.attributes()) {
            String v = p.attribute(a);
            if (v == null || v.isBlank()) {
                return null;
            }
            sb.append(ProductFilter.normalizeValue(v)).append('\u0000');
        }
        return sb.toString();
    }
}
