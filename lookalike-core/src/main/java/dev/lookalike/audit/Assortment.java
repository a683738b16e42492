package dev.lookalike.audit;

import dev.lookalike.catalog.Product;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * The assortment view: the catalog's products clustered by k-means on their view vectors (k-means++ seeding, seeded;
 * Lloyd iterations by Apache Commons Math; on unit vectors Euclidean distance ranks like cosine), and for each cluster
 * its size, price range, top brands and categories, in-stock share and representative products (nearest to the
 * centroid). A cluster whose in-stock share is below the gap threshold is a <em>gap</em>: demand the catalog shows but
 * cannot serve. Stateless.
 */
public final class Assortment {

    /**
     * @param k             clusters, {@code >= 1} (fewer when fewer products have vectors)
     * @param seed          of the k-means++ seeding
     * @param gapThreshold  a cluster with an in-stock share below this is a gap, in [0, 1]
     * @param maxIterations Lloyd iterations at most, {@code >= 1}
     * @param pictures      representative products kept per cluster, {@code >= 1}
     */
    public record Options(int k, long seed, double gapThreshold, int maxIterations, int pictures) {

        public static final Options DEFAULTS = new Options(20, 42, 0.5, 100, 6);

        public Options {
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + k);
            }
            if (!(gapThreshold >= 0 && gapThreshold <= 1)) {
                throw new IllegalArgumentException("gap threshold must be an in-stock share in [0, 1], got " + gapThreshold);
            }
            if (maxIterations < 1 || pictures < 1) {
                throw new IllegalArgumentException("maxIterations and pictures must be >= 1, got " + maxIterations + " and " + pictures);
            }
        }

        public Options withK(int newK) {
            return new Options(newK, seed, gapThreshold, maxIterations, pictures);
        }

        public Options withGapThreshold(double t) {
            return new Options(k, seed, t, maxIterations, pictures);
        }
    }

    /**
     * One cluster.
     *
     * @param rows            its products (rows of the catalog vectors), nearest to the centroid first
     * @param priceMin        lowest known price, {@code null} when no member has one
     * @param priceMedian     median known price
     * @param priceMax        highest known price
     * @param priced          members with a price
     * @param brands          brand to member count, most frequent first (at most 5)
     * @param categories      leaf category to member count, most frequent first (at most 3)
     * @param inStockShare    share of members in stock
     * @param representatives the {@link Options#pictures()} members nearest to the centroid
     * @param gap             in-stock share below the threshold
     */
    public record Cluster(int number, List<Integer> rows, Double priceMin, Double priceMedian, Double priceMax, int priced,
                          Map<String, Integer> brands, Map<String, Integer> categories, double inStockShare,
                          List<Integer> representatives, boolean gap) {
        public Cluster {
            rows = List.copyOf(rows);
            brands = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(brands));
            categories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(categories));
            representatives = List.copyOf(representatives);
        }

        public int size() {
            return rows.size();
        }
    }

    /**
     * @param clusters      largest first
     * @param withoutVector products left out (no view vector)
     * @param seconds       clustering time
     */
    public record Report(Options options, List<Cluster> clusters, int clustered, int withoutVector, double seconds) {
        public Report {
            clusters = List.copyOf(clusters);
        }

        public List<Cluster> gaps() {
            return clusters.stream().filter(Cluster::gap).toList();
        }
    }

    private record Point(int row, double[] point) implements Clusterable {
        @Override
        public double[] getPoint() {
            return point;
        }
    }

    private Assortment() {
    }

    public static Report analyse(CatalogVectors catalog, Options options) {
        Objects.requireNonNull(options, "options");
        long start = System.nanoTime();
        List<Point> points = new ArrayList<>();
        for (int r = 0; r < catalog.size(); r++) {
            float[] v = catalog.vector(r);
            if (v != null) {
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i];
                }
                points.add(new Point(r, d));
            }
        }
        if (points.isEmpty()) {
            return new Report(options, List.of(), 0, catalog.size(), 0);
        }
        JDKRandomGenerator random = new JDKRandomGenerator();
        random.setSeed(options.seed());
        KMeansPlusPlusClusterer<Point> kmeans = new KMeansPlusPlusClusterer<>(Math.min(options.k(), points.size()), options.maxIterations(),
                new EuclideanDistance(), random, KMeansPlusPlusClusterer.EmptyClusterStrategy.LARGEST_POINTS_NUMBER);
        List<CentroidCluster<Point>> found = kmeans.cluster(points);
        List<Cluster> clusters = new ArrayList<>();
        for (CentroidCluster<Point> c : found) {
            if (c.getPoints().isEmpty()) {
                continue;
            }
            double[] centre = c.getCenter().getPoint();
            List<Point> members = new ArrayList<>(c.getPoints());
            members.sort(Comparator.comparingDouble((Point p) -> distance(p.point(), centre)).thenComparingInt(Point::row));
            clusters.add(summarise(catalog, members.stream().map(Point::row).toList(), options));
        }
        clusters.sort(Comparator.comparingInt((Cluster c) -> -c.size()).thenComparingInt(c -> c.rows().get(0)));
        List<Cluster> numbered = new ArrayList<>();
        for (int i = 0; i < clusters.size(); i++) {
            Cluster c = clusters.get(i);
            numbered.add(new Cluster(i + 1, c.rows(), c.priceMin(), c.priceMedian(), c.priceMax(), c.priced(), c.brands(), c.categories(),
                    c.inStockShare(), c.representatives(), c.gap()));
        }
        return new Report(options, numbered, points.size(), catalog.size() - points.size(), (System.nanoTime() - start) / 1e9);
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    private static Cluster summarise(CatalogVectors catalog, List<Integer> rows, Options options) {
        List<Double> prices = new ArrayList<>();
        Map<String, Integer> brands = new LinkedHashMap<>();
        Map<String, Integer> categories = new LinkedHashMap<>();
        int inStock = 0;
        for (int r : rows) {
            Product p = catalog.product(r);
            if (p.price() != null) {
                prices.add(p.price());
            }
            if (p.brand() != null) {
                brands.merge(p.brand(), 1, Integer::sum);
            }
            if (p.leafCategory() != null) {
                categories.merge(p.leafCategory(), 1, Integer::sum);
            }
            inStock += p.inStock() ? 1 : 0;
        }
        prices.sort(null);
        Double median = prices.isEmpty() ? null : prices.size() % 2 == 1 ? prices.get(prices.size() / 2)
                : (prices.get(prices.size() / 2 - 1) + prices.get(prices.size() / 2)) / 2;
        double share = (double) inStock / rows.size();
        return new Cluster(0, rows, prices.isEmpty() ? null : prices.get(0), median, prices.isEmpty() ? null : prices.get(prices.size() - 1),
                prices.size(), top(brands, 5), top(categories, 3), share, rows.subList(0, Math.min(options.pictures(), rows.size())),
                share < options.gapThreshold());
    }

    private static Map<String, Integer> top(Map<String, Integer> counts, int n) {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
