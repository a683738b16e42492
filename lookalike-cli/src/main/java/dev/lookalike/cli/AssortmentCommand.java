package dev.lookalike.cli;

import dev.lookalike.audit.Assortment;
import dev.lookalike.audit.AssortmentPage;
import dev.lookalike.audit.CatalogVectors;
import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "assortment", mixinStandardHelpOptions = true,
        description = "Cluster the catalog (k-means on product vectors) and write a self-contained HTML page: size, prices, brands,"
                + " in-stock share and pictures per cluster, and the gaps (clusters with few products in stock).")
final class AssortmentCommand implements Callable<Integer> {

    /** Pictures above this size are linked, not embedded. */
    static final long MAX_EMBEDDED_BYTES = 512 * 1024;

    @Mixin
    IndexOptions indexOptions;

    @Mixin
    AuditOptions audit = new AuditOptions();

    @Option(names = "--k", defaultValue = "20", description = "Clusters (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--gap", defaultValue = "0.5", description = "A cluster with an in-stock share below this is a gap (default ${DEFAULT-VALUE}).")
    double gap;

    @Option(names = "--seed", defaultValue = "42", description = "k-means++ seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "HTML page to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (IndexOptions.OpenEngine open = indexOptions.openReadOnly()) {
            long start = System.nanoTime();
            CatalogVectors vectors = CatalogVectors.load(open.engine().store(), audit.modalities());
            double load = (System.nanoTime() - start) / 1e9;
            Assortment.Report report = Assortment.analyse(vectors, new Assortment.Options(k, seed, gap, 100, 6));
            Files.writeString(out, AssortmentPage.render(report, vectors, "Assortment of " + indexOptions.describe(),
                    AssortmentCommand::embedded), StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "%d products in %d clusters, %d gaps; vectors read in %.1f s, clustered in %.1f s; page %s%n",
                    report.clustered(), report.clusters().size(), report.gaps().size(), load, report.seconds(), out);
            return 0;
        }
    }

    /** A local picture as a data: URI (the page stays self-contained), a remote one as its URL. */
    static String embedded(Product p) {
        if (p.images().isEmpty()) {
            return null;
        }
        ImageRef ref = p.images().get(0);
        if (ref.isRemote()) {
            return ref.toString();
        }
        try {
            Path file = Path.of(ref.uri());
            if (Files.size(file) > MAX_EMBEDDED_BYTES) {
                return ref.toString();
            }
            byte[] bytes = Files.readAllBytes(file);
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String type = name.endsWith(".png") ? "image/png" : name.endsWith(".gif") ? "image/gif" : name.endsWith(".webp") ? "image/webp" : "image/jpeg";
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
