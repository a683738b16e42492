package dev.lookalike.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.Product;
import dev.lookalike.engine.Lookalike;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /v1/facets}: the values the page offers as filters (category tree, brands, price range), counted over the
 * catalog's products in id order. Catalogs above {@link #MAX_SCAN} products are counted over their first
 * {@code MAX_SCAN} ({@code "complete": false}). Computed per request, never cached, so it follows writes. Thread-safe:
 * stateless apart from the engine.
 */
final class FacetController {

    /** Products read at most per request: the route reads every stored product it counts. */
    static final int MAX_SCAN = 100_000;
    static final int DEFAULT_BRANDS = 200;
    private static final int PAGE = 5_000;

    private final Lookalike engine;

    FacetController(Lookalike engine) {
        this.engine = engine;
    }

    void facets(Context ctx) throws IOException {
        int brandLimit = ProductController.intParam(ctx, "brands", DEFAULT_BRANDS, 0, 10_000);
        long total = engine.store().count();
        Facets facets = new Facets();
        int scanned = 0;
        while (scanned < Math.min(total, MAX_SCAN)) {
            List<Product> page = engine.store().list(scanned, (int) Math.min(PAGE, MAX_SCAN - scanned));
            if (page.isEmpty()) {
                break;
            }
            page.forEach(facets::add);
            scanned += page.size();
        }
        ctx.json(facets.render(total, scanned, brandLimit));
    }

    /** Counts of one scan; not thread-safe. */
    static final class Facets {

        private final Node categories = new Node("");
        private final Map<String, Integer> brands = new HashMap<>();
        private final TreeSet<String> currencies = new TreeSet<>();
        private double minPrice = Double.POSITIVE_INFINITY;
        private double maxPrice = Double.NEGATIVE_INFINITY;
        private int priced;

        void add(Product p) {
            Node node = categories;
            for (String level : p.categoryPath()) {
                node = node.children.computeIfAbsent(level, Node::new);
                node.count++;
            }
            if (p.brand() != null && !p.brand().isBlank()) {
                brands.merge(p.brand(), 1, Integer::sum);
            }
            if (p.price() != null) {
                priced++;
                minPrice = Math.min(minPrice, p.price());
                maxPrice = Math.max(maxPrice, p.price());
                if (p.currency() != null) {
                    currencies.add(p.currency());
                }
            }
        }

        ObjectNode render(long total, int scanned, int brandLimit) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("products", total);
            o.put("scanned", scanned);
            o.put("complete", scanned >= total);
            categories.renderChildren(o.putArray("categories"));
            ArrayNode b = o.putArray("brands");
            brands.entrySet().stream().sorted(BY_COUNT).limit(brandLimit)
                    .forEach(e -> b.addObject().put("value", e.getKey()).put("count", e.getValue()));
            o.put("brands_total", brands.size());
            if (priced == 0) {
                o.putNull("price");
            } else {
                ObjectNode price = o.putObject("price").put("min", minPrice).put("max", maxPrice).put("count", priced);
                currencies.forEach(price.putArray("currencies")::add);
            }
            return o;
        }

        private static final Comparator<Map.Entry<String, Integer>> BY_COUNT =
                Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());
    }

    /** One level of the category tree. */
    private static final class Node {
        final String value;
        final Map<String, Node> children = new HashMap<>();
        int count;

        Node(String value) {
            this.value = value;
        }

        void renderChildren(ArrayNode out) {
            children.values().stream()
                    .sorted(Comparator.comparingInt((Node n) -> -n.count).thenComparing(n -> n.value))
                    .forEach(n -> {
                        ObjectNode c = out.addObject().put("value", n.value).put("count", n.count);
                        if (!n.children.isEmpty()) {
                            n.renderChildren(c.putArray("children"));
                        }
                    });
        }
    }
}
