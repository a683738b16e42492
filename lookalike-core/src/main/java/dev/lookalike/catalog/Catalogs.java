package dev.lookalike.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a catalog in any supported format. Stateless and thread-safe. */
public final class Catalogs {

    private static final Logger LOG = LoggerFactory.getLogger(Catalogs.class);

    static final String SUPPORTED = "a directory with " + FashionProductsReader.STYLES_FILE
            + " (fashion products), *.jsonl, *.ndjson or *.json (JSON Lines), *.csv or *.tsv (CSV)";

    private Catalogs() {
    }

    /** {@link #open(Path, CatalogOptions)} with default options. */
    public static CatalogReader open(Path path) {
        return open(path, CatalogOptions.defaults());
    }

    /**
     * A reader for {@code path}, in {@code options.format()} or, for {@link CatalogFormat#AUTO}, the format
     * {@link #detect(Path) detected} from the path. Nothing is read yet; a missing file fails at
     * {@link CatalogReader#read}.
     *
     * @throws IllegalArgumentException when the format cannot be told, naming the path and the supported formats
     */
    public static CatalogReader open(Path path, CatalogOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        CatalogFormat format = options.format() == CatalogFormat.AUTO ? detect(path) : options.format();
        LOG.debug("Opening catalog {} as {}", path, format);
        return switch (format) {
            case JSONL -> new JsonLinesCatalogReader(path, options);
            case CSV -> new CsvCatalogReader(path, options);
            case FASHION_PRODUCTS -> new FashionProductsReader(Files.isRegularFile(path) ? parentOrCurrent(path) : path);
            case AUTO -> throw new IllegalStateException("unreachable");
        };
    }

    /**
     * The format of {@code path}: a directory containing {@code styles.csv} is {@link CatalogFormat#FASHION_PRODUCTS};
     * a file named {@code *.jsonl}, {@code *.ndjson} or {@code *.json} is {@link CatalogFormat#JSONL};
     * {@code *.csv} or {@code *.tsv} is {@link CatalogFormat#CSV} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the path and the supported formats
     */
    /**
     * About how many rows the catalog holds, for progress display: lines that are not blank (and, for JSON Lines, not
     * comments), less the header for CSV. Multi-line CSV cells make it an overestimate. Reads the file once, fast.
     */
    public static long estimateRows(Path path, CatalogOptions options) throws java.io.IOException {
        CatalogFormat format = options.format() == CatalogFormat.AUTO ? detect(path) : options.format();
        Path file = format == CatalogFormat.FASHION_PRODUCTS && Files.isDirectory(path)
                ? path.resolve(FashionProductsReader.STYLES_FILE) : path; // the folder, or its styles.csv itself
        long rows = 0;
        try (java.io.BufferedReader in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String t = line.strip();
                if (!t.isEmpty() && !(format == CatalogFormat.JSONL && t.startsWith("#"))) {
                    rows++;
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            return -1;
        }
        return format == CatalogFormat.JSONL ? rows : Math.max(0, rows - 1);
    }

    public static CatalogFormat detect(Path path) {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(FashionProductsReader.STYLES_FILE))) {
                return CatalogFormat.FASHION_PRODUCTS;
            }
            throw new IllegalArgumentException("cannot read catalog '" + path + "': directory has no "
                    + FashionProductsReader.STYLES_FILE + "; supported: " + SUPPORTED);
        }
        Path name = path.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
            return CatalogFormat.JSONL;
        }
        if (lower.endsWith(".csv") || lower.endsWith(".tsv")) {
            return CatalogFormat.CSV;
        }
        throw new IllegalArgumentException("cannot tell the format of catalog '" + path + "'; supported: " + SUPPORTED
                + " (or set the format explicitly)");
    }

    /** A fashion-products catalog given as its styles.csv: the folder holding it. */
    private static Path parentOrCurrent(Path stylesFile) {
        Path parent = stylesFile.getParent();
        return parent == null ? Path.of("") : parent;
    }
}
