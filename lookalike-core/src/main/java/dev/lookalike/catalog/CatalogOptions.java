package dev.lookalike.catalog;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How to read a catalog: see {@link Catalogs#open(Path, CatalogOptions)}. Null components take the defaults.
 * Immutable and thread-safe.
 *
 * @param format              the format, or {@link CatalogFormat#AUTO} to detect it from the path
 * @param mapping             CSV column mapping (CSV only)
 * @param delimiter           CSV cell delimiter; {@code null} means tab for {@code *.tsv} and comma otherwise
 * @param multiValueSeparator separates values inside one CSV cell (images, attributes); default {@code |}
 * @param categorySeparator   separates category levels written as one string (CSV, and JSON Lines when
 *                            {@code category} is a string); default {@code " > "}
 * @param imageRoot           the folder local pictures of a catalog file must lie in ({@code ..} and symbolic links may
 *                            not leave it); {@code null} means the catalog file's folder
 * @param imagesAnywhere      lets local pictures lie anywhere the process can read (the operator trusts the catalog)
 */
public record CatalogOptions(
        CatalogFormat format,
        ColumnMapping mapping,
        Character delimiter,
        String multiValueSeparator,
        String categorySeparator,
        Path imageRoot,
        boolean imagesAnywhere) {

    public static final String DEFAULT_MULTI_VALUE_SEPARATOR = "|";
    public static final String DEFAULT_CATEGORY_SEPARATOR = " > ";

    public CatalogOptions {
        format = format == null ? CatalogFormat.AUTO : format;
        mapping = mapping == null ? ColumnMapping.defaults() : mapping;
        if (delimiter != null && (delimiter == '"' || delimiter == '\r' || delimiter == '\n')) {
            throw new IllegalArgumentException("CSV delimiter cannot be a quote or line break, got '"
                    + escape(delimiter) + "'");
        }
        multiValueSeparator = requireSeparator("multi-value separator", multiValueSeparator, DEFAULT_MULTI_VALUE_SEPARATOR);
        categorySeparator = requireSeparator("category separator", categorySeparator, DEFAULT_CATEGORY_SEPARATOR);
        imageRoot = imageRoot == null ? null : imageRoot.toAbsolutePath().normalize();
    }

    public static CatalogOptions defaults() {
        return new CatalogOptions(null, null, null, null, null, null, false);
    }

    public CatalogOptions withFormat(CatalogFormat f) {
        return new CatalogOptions(f, mapping, delimiter, multiValueSeparator, categorySeparator, imageRoot, imagesAnywhere);
    }

    public CatalogOptions withMapping(ColumnMapping m) {
        return new CatalogOptions(format, m, delimiter, multiValueSeparator, categorySeparator, imageRoot, imagesAnywhere);
    }

    public CatalogOptions withDelimiter(char d) {
        return new CatalogOptions(format, mapping, d, multiValueSeparator, categorySeparator, imageRoot, imagesAnywhere);
    }

    public CatalogOptions withMultiValueSeparator(String s) {
        return new CatalogOptions(format, mapping, delimiter, s, categorySeparator, imageRoot, imagesAnywhere);
    }

    public CatalogOptions withCategorySeparator(String s) {
        return new CatalogOptions(format, mapping, delimiter, multiValueSeparator, s, imageRoot, imagesAnywhere);
    }

    /** Local pictures must lie in {@code root} (instead of the catalog file's folder). */
    public CatalogOptions withImageRoot(Path root) {
        return new CatalogOptions(format, mapping, delimiter, multiValueSeparator, categorySeparator, root, imagesAnywhere);
    }

    /** Whether local pictures may lie outside the image root. */
    public CatalogOptions withImagesAnywhere(boolean anywhere) {
        return new CatalogOptions(format, mapping, delimiter, multiValueSeparator, categorySeparator, imageRoot, anywhere);
    }

    /** The folder local pictures of {@code catalogDir}'s catalog must lie in; {@code null} when they may lie anywhere. */
    Path imageRootFor(Path catalogDir) {
        if (imagesAnywhere) {
            return null;
        }
        return imageRoot != null ? imageRoot : catalogDir == null ? null : catalogDir.toAbsolutePath().normalize();
    }

    /** The delimiter for {@code file}: the configured one, else tab for {@code *.tsv}, else comma. */
    char delimiterFor(Path file) {
        if (delimiter != null) {
            return delimiter;
        }
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
    }

    private static String requireSeparator(String what, String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isEmpty() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty and on one line, got '" + value + "'");
        }
        return value;
    }

    private static String escape(char c) {
        return c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : String.valueOf(c);
    }
}
