package dev.lookalike.audit;

import dev.lookalike.catalog.Product;
import dev.lookalike.html.Html;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders an {@link Assortment.Report} as one self-contained HTML page (inline CSS, no script): a summary, the gaps,
 * then a card per cluster with its figures and pictures. Stateless.
 */
public final class AssortmentPage {

    private AssortmentPage() {
    }

    /**
     * @param pictureSource the {@code src} of a product's picture (a URL or a {@code data:} URI), or {@code null} for none
     */
    public static String render(Assortment.Report report, CatalogVectors catalog, String title, Function<Product, String> pictureSource) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(title)).append("</title>\n<style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}")
                .append(".cluster{border:1px solid #ddd;border-radius:8px;padding:12px;margin:12px 0}.gap{border-color:#d33;background:#fff5f5}")
                .append(".pics img{width:80px;height:100px;object-fit:contain;margin:2px;background:#f6f6f6}")
                .append(".pics span{display:inline-block;width:80px;height:100px;margin:2px;background:#eee}")
                .append("table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left}.muted{color:#777}")
                .append("</style></head><body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        Assortment.Options o = report.options();
        h.append(String.format(Locale.ROOT, "<p>%,d products in %d clusters (k-means, k=%d, seed %d); %,d without a vector left out. "
                        + "A cluster is a <b>gap</b> when fewer than %.0f %% of its products are in stock: %d gap%s.</p>%n",
                report.clustered(), report.clusters().size(), o.k(), o.seed(), report.withoutVector(), o.gapThreshold() * 100,
                report.gaps().size(), report.gaps().size() == 1 ? "" : "s"));
        h.append("<table><tr><th>cluster</th><th>size</th><th>price min / median / max</th><th>in stock</th><th>top categories</th><th>top brands</th></tr>\n");
        for (Assortment.Cluster c : report.clusters()) {
            h.append("<tr").append(c.gap() ? " class=\"gap\"" : "").append("><td><a href=\"#c").append(c.number()).append("\">")
                    .append(c.number()).append(c.gap() ? " (gap)" : "").append("</a></td><td>").append(c.size()).append("</td><td>")
                    .append(prices(c)).append("</td><td>").append(String.format(Locale.ROOT, "%.0f %%", c.inStockShare() * 100))
                    .append("</td><td>").append(counts(c.categories())).append("</td><td>").append(counts(c.brands())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (Assortment.Cluster c : report.clusters()) {
            h.append("<div class=\"cluster").append(c.gap() ? " gap" : "").append("\" id=\"c").append(c.number()).append("\"><h2>Cluster ")
                    .append(c.number()).append(c.gap() ? " — gap" : "").append("</h2>\n<p>")
                    .append(String.format(Locale.ROOT, "%,d products, %.0f %% in stock; price %s (%d priced)", c.size(), c.inStockShare() * 100,
                            prices(c), c.priced()))
                    .append("<br>categories: ").append(counts(c.categories())).append("<br>brands: ").append(counts(c.brands()))
                    .append("</p>\n<div class=\"pics\">");
            for (int r : c.representatives()) {
                Product p = catalog.product(r);
                String src = pictureSource.apply(p);
                String label = Html.escape(p.id() + (p.title().isEmpty() ? "" : ": " + p.title()));
                if (src == null) {
                    h.append("<span title=\"").append(label).append("\"></span>");
                } else {
                    h.append("<img loading=\"lazy\" src=\"").append(Html.escape(src)).append("\" alt=\"").append(label).append("\" title=\"")
                            .append(label).append("\">");
                }
            }
            h.append("</div></div>\n");
        }
        h.append(String.format(Locale.ROOT, "<p class=\"muted\">Clustered in %.2f s.</p>%n</body></html>%n", report.seconds()));
        return h.toString();
    }

    private static String prices(Assortment.Cluster c) {
        return c.priceMin() == null ? "–" : String.format(Locale.ROOT, "%.2f / %.2f / %.2f", c.priceMin(), c.priceMedian(), c.priceMax());
    }

    private static String counts(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "<span class=\"muted\">–</span>";
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(Html.escape(k)).append(" (").append(v).append(')'));
        return sb.toString();
    }
}
