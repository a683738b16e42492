package dev.lookalike.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.audit.CatalogVectors;
import dev.lookalike.audit.DuplicateFinder;
import dev.lookalike.audit.DuplicateGenerator;
import dev.lookalike.audit.DuplicateGroups;
import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.CatalogSink;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.catalog.Product;
import dev.lookalike.catalog.RowError;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.lucene.LuceneProductStore;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "duplicates", mixinStandardHelpOptions = true,
        description = {"Near-duplicate groups: products whose vectors' cosine similarity reaches the threshold (among each product's"
                + " nearest neighbours in the index), joined transitively.",
                "With --catalog and --generate: copies N products (re-encoded, resized, cropped, listed again), indexes catalog and"
                        + " copies under --work, and prints precision and recall of the found pairs per threshold."})
final class DuplicatesCommand implements Callable<Integer> {

    @Option(names = "--index", paramLabel = "DIR", description = "Index folder (find mode).")
    Path index;

    @Option(names = "--threshold", defaultValue = "0.97", description = "Cosine similarity a pair needs (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours examined per product (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the groups as JSON Lines (find mode).")
    Path out;

    @Option(names = "--catalog", paramLabel = "PATH", description = "Evaluation mode: the catalog to copy products from.")
    Path catalog;

    @Option(names = "--generate", defaultValue = "500", description = "Evaluation mode: duplicates to generate (default ${DEFAULT-VALUE}).")
    int generate;

    @Option(names = "--work", paramLabel = "DIR", description = "Evaluation mode: folder for the copies' pictures and the index.")
    Path work;

    @Option(names = "--thresholds", split = ",", defaultValue = "0.9,0.95,0.97,0.98,0.99",
            description = "Evaluation mode: thresholds of the table (default ${DEFAULT-VALUE}).")
    List<Double> thresholds;

    @Option(names = "--seed", defaultValue = "42", description = "Evaluation mode: seed of the copies (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    AuditOptions audit = new AuditOptions();

    @Mixin
    ModelCacheOption models = new ModelCacheOption();

    @Override
    public Integer call() throws Exception {
        if ((index == null) == (catalog == null)) {
            throw new IllegalArgumentException("give --index (find duplicates) or --catalog with --work (evaluate on generated ones)");
        }
        return index != null ? find() : evaluate();
    }

    private int find() throws Exception {
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.openReadOnly(index), models.cache())) {
            long start = System.nanoTime();
            CatalogVectors vectors = CatalogVectors.load(open.engine().store(), audit.modalities());
            DuplicateFinder.Result r = DuplicateFinder.find(vectors, vectors.indexSearch(open.engine().store()), threshold, k);
            List<ObjectNode> groups = r.groups().stream().map(g -> DuplicateGroups.json(DuplicateGroups.products(g, vectors))).toList();
            long conflicting = groups.stream().filter(g -> g.has("conflicts")).count();
            System.out.printf(Locale.ROOT, "%d products: %d pairs at cosine >= %.3f in %d groups, %d of them with products whose attributes"
                    + " differ (%.1f s)%n", vectors.size(), r.pairs().size(), threshold, groups.size(), conflicting, (System.nanoTime() - start) / 1e9);
            ObjectMapper json = new ObjectMapper();
            try (BufferedWriter w = out == null ? null : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (ObjectNode g : groups) {
                    if (w != null) {
                        w.write(json.writeValueAsString(g));
                        w.write('\n');
                    } else {
                        System.out.println(json.writeValueAsString(g));
                    }
                }
            }
            return 0;
        }
    }

    private int evaluate() throws Exception {
        if (work == null) {
            throw new IllegalArgumentException("evaluation mode needs --work DIR");
        }
        List<Product> products = new ArrayList<>();
        Catalogs.open(catalog, CatalogOptions.defaults()).read(new CatalogSink() {
            @Override
            public void accept(Product p) {
                products.add(p);
            }

            @Override
            public void reject(RowError e) {
                System.out.println("rejected: " + e);
            }
        });
        DuplicateGenerator.Generated g = DuplicateGenerator.generate(products, generate, seed, work.resolve("copies"));
        System.out.printf(Locale.ROOT, "%d products, %d copies (%s)%n", products.size(), g.products().size(), DuplicateGenerator.describe(g));
        List<Product> all = new ArrayList<>(products);
        all.addAll(g.products());
        Path indexDir = work.resolve("index");
        // the copies depend on the catalog, --generate and --seed: an index is reused only for the run that built it
        Path runFile = work.resolve("index-run.txt");
        String run = String.format(Locale.ROOT, "catalog=%s generate=%d seed=%d products=%d%n", catalog.toAbsolutePath().normalize(),
                generate, seed, all.size());
        boolean existed = LuceneProductStore.exists(indexDir);
        if (existed) {
            String built = Files.isRegularFile(runFile) ? Files.readString(runFile, StandardCharsets.UTF_8) : "an unknown run";
            if (!built.equals(run)) {
                throw new IllegalArgumentException("the index in " + indexDir + " was built for " + built.strip() + ", not for "
                        + run.strip() + ": give an empty --work folder");
            }
        }
        try (IndexOptions.OpenEngine open = IndexOptions.OpenEngine.of(LuceneProductStore.open(indexDir, Encoders.defaultSettings()), models.cache())) {
            long start = System.nanoTime();
            if (existed) {
                System.out.printf(Locale.ROOT, "reusing the index in %s (%d products; the copies are made again identically)%n", indexDir, all.size());
            } else {
                for (int i = 0; i < all.size(); i += 256) {
                    open.engine().upsert(all.subList(i, Math.min(all.size(), i + 256)));
                }
                open.engine().store().commit();
                Files.writeString(runFile, run, StandardCharsets.UTF_8);
                System.out.printf(Locale.ROOT, "indexed %d products in %.1f s%n", all.size(), (System.nanoTime() - start) / 1e9);
            }
            start = System.nanoTime();
            CatalogVectors vectors = CatalogVectors.load(open.engine().store(), audit.modalities());
            double min = thresholds.stream().mapToDouble(Double::doubleValue).min().orElse(threshold);
            DuplicateFinder.Result loose = DuplicateFinder.find(vectors, vectors.indexSearch(open.engine().store()), min, k);
            System.out.printf(Locale.ROOT, "pairs searched in %.1f s (k=%d, modalities %s)%n", (System.nanoTime() - start) / 1e9, k, audit.modalities);
            List<int[]> truth = new ArrayList<>();
            for (int i = 0; i < g.products().size(); i++) {
                truth.add(new int[] {vectors.row(g.sources().get(i)), vectors.row(g.products().get(i).id())});
            }
            System.out.println("| threshold | direct pairs | correct | precision | recall | groups | group pairs | correct | precision | recall |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (double t : thresholds.stream().sorted().toList()) {
                DuplicateFinder.Evaluation e = DuplicateFinder.evaluate(loose.atThreshold(t, vectors.size()), truth, vectors.size());
                System.out.printf(Locale.ROOT, "| %.3f | %d | %d | %.4f | %.4f | %d | %d | %d | %.4f | %.4f |%n", t, e.directPairs(), e.directCorrect(),
                        e.directPrecision(), e.directRecall(), e.groups(), e.foundPairs(), e.correctPairs(), e.precision(), e.recall());
            }
            // what the pairs that were not generated look like, at the strictest threshold
            double strictest = thresholds.stream().mapToDouble(Double::doubleValue).max().orElse(threshold);
            java.util.Set<Long> generated = new java.util.HashSet<>();
            truth.forEach(p -> generated.add(((long) Math.min(p[0], p[1]) << 32) | Math.max(p[0], p[1])));
            System.out.printf(Locale.ROOT, "pairs at >= %.3f that were not generated (first 10):%n", strictest);
            loose.atThreshold(strictest, vectors.size()).pairs().stream()
                    .filter(p -> !generated.contains(((long) p.a() << 32) | p.b())).limit(10)
                    .forEach(p -> System.out.printf(Locale.ROOT, "  %.4f  %s '%s'  |  %s '%s'%n", p.similarity(), vectors.product(p.a()).id(),
                            vectors.product(p.a()).title(), vectors.product(p.b()).id(), vectors.product(p.b()).title()));
            // recall per kind of copy at each threshold
            for (DuplicateGenerator.Kind kind : DuplicateGenerator.Kind.values()) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "recall of %-8s", kind.name().toLowerCase(Locale.ROOT)));
                for (double t : thresholds.stream().sorted().toList()) {
                    List<int[]> ofKind = new ArrayList<>();
                    for (int i = 0; i < truth.size(); i++) {
                        if (g.kinds().get(i) == kind) {
                            ofKind.add(truth.get(i));
                        }
                    }
                    sb.append(String.format(Locale.ROOT, "  %.3f: %.4f", t,
                            DuplicateFinder.evaluate(loose.atThreshold(t, vectors.size()), ofKind, vectors.size()).recall()));
                }
                System.out.println(sb);
            }
        }
        return 0;
    }
}
