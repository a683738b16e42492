package dev.lookalike.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.Product;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a near-duplicate group says about the catalog: the attributes its products disagree on, and the group as the
 * JSON object the CLI and the HTTP API both print. Two listings with the same picture and different colours are a
 * shared packshot (shade variants of a lipstick: the picture cannot tell them apart, so no image model can) or a wrong
 * label: worth a look either way. Stateless.
 */
public final class DuplicateGroups {

    private DuplicateGroups() {
    }

    /**
     * The free attributes on which the products disagree: each such name (names sorted) to its distinct values in
     * the products' order; a multi-valued attribute counts as its values joined by {@code ", "}. Products without a
     * value for a name do not count for it.
     */
    public static SortedMap<String, List<String>> conflicts(List<Product> products) {
        SortedMap<String, SequencedSet<String>> seen = new TreeMap<>();
        for (Product p : products) {
            for (Map.Entry<String, List<String>> a : p.attributes().entrySet()) {
                if (!a.getValue().isEmpty()) {
                    seen.computeIfAbsent(a.getKey(), name -> new LinkedHashSet<>()).add(String.join(", ", a.getValue()));
                }
            }
        }
        SortedMap<String, List<String>> out = new TreeMap<>();
        seen.forEach((name, values) -> {
            if (values.size() > 1) {
                out.put(name, List.copyOf(values));
            }
        });
        return out;
    }

    /**
     * {@code {"size": n, "products": [{"id", "title", "attributes": {conflicting name: value}}...], "conflicts":
     * {name: [values]}}}; a product's {@code attributes} and the group's {@code conflicts} hold only the names the
     * products disagree on, and are left out when there are none.
     */
    public static ObjectNode json(List<Product> products) {
        SortedMap<String, List<String>> conflicts = conflicts(products);
        ObjectNode group = JsonNodeFactory.instance.objectNode();
        group.put("size", products.size());
        ArrayNode list = group.putArray("products");
        for (Product p : products) {
            ObjectNode o = list.addObject().put("id", p.id()).put("title", p.title());
            if (!conflicts.isEmpty()) {
                ObjectNode values = o.putObject("attributes");
                for (String name : conflicts.keySet()) {
                    List<String> v = p.attributes().getOrDefault(name, List.of());
                    if (!v.isEmpty()) {
                        values.put(name, String.join(", ", v));
                    }
                }
            }
        }
        if (!conflicts.isEmpty()) {
            ObjectNode c = group.putObject("conflicts");
            conflicts.forEach((name, values) -> {
                ArrayNode a = c.putArray(name);
                values.forEach(a::add);
            });
        }
        return group;
    }

    /** The products of a group's rows, in row order. */
    public static List<Product> products(int[] rows, CatalogVectors vectors) {
        List<Product> out = new ArrayList<>(rows.length);
        for (int row : rows) {
            out.add(vectors.product(row));
        }
        return out;
    }
}
