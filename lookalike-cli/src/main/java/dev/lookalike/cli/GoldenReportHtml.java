package dev.lookalike.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lookalike.html.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the golden-set evaluation report (the JSON {@link GoldenEval} produces) as one self-contained HTML page:
 * a table of the headline metrics per configuration, nDCG@k curves and latency bars as inline SVG. No script, no
 * external style sheet or font. Stateless.
 */
final class GoldenReportHtml {

    /** Line colours, one per configuration (cycled). */
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

    private GoldenReportHtml() {
    }

    static String render(JsonNode report) {
        int k = report.path("k").asInt();
        JsonNode configs = report.path("configs");
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lookalike evaluation</title>\n<style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
                .append("th{background:#f4f4f4}code{background:#f4f4f4;padding:1px 3px}.note{color:#666}svg{display:block;margin:1em 0}")
                .append("</style></head><body>\n");
        h.append("<h1>Lookalike evaluation</h1>\n<p>");
        JsonNode j = report.path("judgments");
        line(h, "Catalog", report.path("catalog").asText() + " (" + report.path("products").asInt() + " products)");
        line(h, "Judgments", j.path("source").asText() + ": " + j.path("queries").asInt() + " queries, " + j.path("judgments").asLong()
                + " judgments; gain " + j.path("gain").asText() + ", relevant from grade " + j.path("relevant_grade").asInt());
        line(h, "Generated", report.path("generated").asText() + ", " + report.path("machine").path("cores").asInt() + " cores, load average "
                + fmt(report.path("machine").path("load_average"), 2) + " at the start, " + fmt(report.path("machine_end").path("load_average"), 2)
                + " at the end; " + report.path("machine").path("java").asText());
        h.append("</p>\n");

        h.append("<h2>Headline metrics at k = ").append(k).append("</h2>\n<table><tr><th>configuration</th><th>index</th><th>queries</th>")
                .append("<th>nDCG@").append(k).append("</th><th>nDCG@").append(k).append(" exact</th><th>P@").append(k)
                .append("</th><th>R@").append(k).append("</th><th>MRR</th><th>ANN recall@").append(k)
                .append("</th><th>graph share</th><th>p50 ms</th><th>p99 ms</th><th>exact p50 ms</th><th>exact p99 ms</th></tr>\n");
        for (JsonNode c : configs) {
            JsonNode a = c.path("ann");
            JsonNode e = c.path("exact");
            h.append("<tr><td>").append(Html.escape(c.path("name").asText())).append("</td><td>").append(Html.escape(c.path("index").path("key").asText()))
                    .append("</td><td>").append(a.path("scored").asInt()).append(" / ").append(c.path("queries").path("total").asInt());
            for (JsonNode v : List.of(a.path("ndcg"), e.path("ndcg"), a.path("precision"), a.path("recall"), a.path("mrr"),
                    c.path("ann_recall"), a.path("graph_share"))) {
                h.append("</td><td>").append(fmt(v, 4));
            }
            for (JsonNode v : List.of(a.path("latency_ms").path("p50"), a.path("latency_ms").path("p99"),
                    e.path("latency_ms").path("p50"), e.path("latency_ms").path("p99"))) {
                h.append("</td><td>").append(fmt(v, 3));
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">nDCG, precision, recall and MRR on the served index (HNSW graph) unless marked exact; ")
                .append("means over the queries that ran and have a relevant judgment. ANN recall: share of the exact top ").append(k)
                .append(" the graph search returned. Graph share: queries the graph answered (the store scans exactly when a filter keeps few")
                .append(" products). Latency: wall clock of the whole search call, one thread.</p>\n");

        h.append("<h2>nDCG@k</h2>\n").append(ndcgChart(configs, report.path("max_k").asInt()));
        h.append("<h2>Latency</h2>\n").append(latencyChart(configs));
        h.append("<h2>Configurations</h2>\n<table><tr><th>name</th><th>configuration</th><th>index</th></tr>\n");
        for (JsonNode c : configs) {
            JsonNode ix = c.path("index");
            h.append("<tr><td>").append(Html.escape(c.path("name").asText())).append("</td><td style=\"text-align:left\"><code>")
                    .append(Html.escape(c.path("config").toString())).append("</code></td><td style=\"text-align:left\">")
                    .append(ix.path("fused_dimension").asInt()).append("-d fused (image ").append(ix.path("image_dimension").asInt())
                    .append("), built in ").append(fmt(ix.path("build_seconds"), 1)).append(" s, ")
                    .append(String.format(Locale.ROOT, "%.1f MB", ix.path("size_bytes").asLong() / 1e6)).append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** nDCG@1..maxK per configuration: graph solid, exact dashed. */
    static String ndcgChart(JsonNode configs, int maxK) {
        int w = 720;
        int ht = 360;
        int left = 50;
        int right = 190;
        int top = 15;
        int bottom = 40;
        double pw = w - left - right;
        double ph = ht - top - bottom;
        double lo = 1;
        double hi = 0;
        for (JsonNode c : configs) {
            for (String mode : List.of("ann", "exact")) {
                for (JsonNode v : c.path(mode).path("ndcg_at")) {
                    if (v.isNumber()) {
                        lo = Math.min(lo, v.asDouble());
                        hi = Math.max(hi, v.asDouble());
                    }
                }
            }
        }
        if (hi < lo) {
            lo = 0;
            hi = 1;
        }
        lo = Math.max(0, Math.floor(lo * 10) / 10);
        hi = Math.min(1, Math.ceil(hi * 10) / 10);
        if (hi <= lo) {
            hi = lo + 0.1;
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " role=\"img\" aria-label=\"nDCG at k per configuration\" font-size=\"11\">%n", w, ht, w, ht));
        for (int t = 0; t <= 5; t++) {
            double v = lo + (hi - lo) * t / 5;
            double y = top + ph - ph * t / 5;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", left, y, left + pw, y, left - 6, y + 4, v));
        }
        for (int x = 1; x <= maxK; x++) {
            if (maxK <= 20 || x % 5 == 0 || x == 1) {
                double px = left + (maxK == 1 ? pw / 2 : pw * (x - 1) / (maxK - 1));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>%n", px, top + ph + 16, x));
            }
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">k</text>%n", left + pw / 2, ht - 6));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>%n",
                left, top, pw, ph));
        int i = 0;
        for (JsonNode c : configs) {
            String colour = COLOURS[i % COLOURS.length];
            for (String mode : List.of("ann", "exact")) {
                List<String> points = new ArrayList<>();
                JsonNode curve = c.path(mode).path("ndcg_at");
                for (int x = 0; x < curve.size(); x++) {
                    if (curve.get(x).isNumber()) {
                        double px = left + (maxK == 1 ? pw / 2 : pw * x / (maxK - 1));
                        double py = top + ph - ph * (curve.get(x).asDouble() - lo) / (hi - lo);
                        points.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
                    }
                }
                s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                        .append(mode.equals("exact") ? " stroke-dasharray=\"5,4\" opacity=\"0.7\"" : "")
                        .append(" points=\"").append(String.join(" ", points)).append("\"><title>")
                        .append(Html.escape(c.path("name").asText())).append(mode.equals("exact") ? " (exact)" : "").append("</title></polyline>\n");
            }
            double ly = top + 12 + 18 * i;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", left + pw + 12, ly, left + pw + 34, ly, colour, left + pw + 40, ly + 4,
                    Html.escape(c.path("name").asText())));
            i++;
        }
        double ly = top + 12 + 18 * i + 6;
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#666\">solid: graph; dashed: exact</text>%n",
                left + pw + 12, ly));
        return s.append("</svg>\n").toString();
    }

    /** Horizontal bars: p50 and p99 per configuration, graph and exact. */
    static String latencyChart(JsonNode configs) {
        double max = 0;
        for (JsonNode c : configs) {
            for (String mode : List.of("ann", "exact")) {
                max = Math.max(max, c.path(mode).path("latency_ms").path("p99").asDouble(0));
            }
        }
        if (max <= 0) {
            max = 1;
        }
        int left = 170;
        int barW = 430;
        int row = 14;
        int gap = 10;
        int n = configs.size();
        int ht = 30 + n * (4 * row + gap);
        int w = left + barW + 110;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " role=\"img\" aria-label=\"query latency per configuration\" font-size=\"11\">%n", w, ht, w, ht));
        double y = 10;
        int i = 0;
        for (JsonNode c : configs) {
            String colour = COLOURS[i % COLOURS.length];
            s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%.1f\" font-weight=\"bold\">%s</text>%n", y + row, Html.escape(c.path("name").asText())));
            for (String mode : List.of("ann", "exact")) {
                for (String p : List.of("p50", "p99")) {
                    double v = c.path(mode).path("latency_ms").path(p).asDouble(0);
                    double bw = barW * v / max;
                    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s %s</text>"
                                    + "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"%s/>"
                                    + "<text x=\"%.1f\" y=\"%.1f\">%.3f ms</text>%n",
                            left - 6, y + row - 3, mode.equals("ann") ? "graph" : "exact", p, left, y + 1, Math.max(bw, 0.5), row - 2, colour,
                            p.equals("p99") ? " opacity=\"0.55\"" : "", left + Math.max(bw, 0.5) + 4, y + row - 3, v));
                    y += row;
                }
            }
            y += gap;
            i++;
        }
        return s.append("</svg>\n").toString();
    }

    private static void line(StringBuilder h, String label, String value) {
        h.append("<b>").append(label).append(":</b> ").append(Html.escape(value)).append("<br>\n");
    }

    private static String fmt(JsonNode v, int decimals) {
        return v == null || !v.isNumber() ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v.asDouble());
    }
}
