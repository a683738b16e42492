package dev.lookalike.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a directory laid out like the public "Fashion Product Images (Small)" data set (Myntra catalog):
 * {@code styles.csv} with the header
 * {@code id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName}
 * (any column order) and pictures in {@code images/<id>.jpg}.
 *
 * <ul>
 *   <li>{@code id} → id; {@code productDisplayName} → title; description is empty; in stock.</li>
 *   <li>Category path: {@code [masterCategory, subCategory, articleType]}, blank levels skipped.</li>
 *   <li>Attributes {@code gender, masterCategory, subCategory, articleType, baseColour, season, year, usage},
 *       each left out when blank.</li>
 *   <li>Image: {@code images/<id>.jpg} as an absolute file reference, only when that file exists; a product
 *       without its picture is kept without images and is not an error.</li>
 *   <li>Brand, by heuristic: the data set has no brand column, but titles read like
 *       {@code "Puma Men Ferrari Track Jacket"}: brand words, then a gender word. The brand is the title's
 *       words before the first gender word ({@code Men, Women, Boys, Girls, Unisex, Kids, Men's, Women's},
 *       case-sensitive), when that word is not the first; otherwise {@code null}. It errs on titles whose
 *       brand is followed by other words ({@code "Turtle Check Men Shirt"} gives {@code "Turtle Check"}) and on
 *       titles without a gender word (no brand).</li>
 * </ul>
 *
 * <p>Rows with more or fewer cells than the header (typically an unquoted comma in productDisplayName) are
 * reported as {@link RowError}s and skipped. Reusable but not thread-safe.
 */
public final class FashionProductsReader implements CatalogReader {

    private static final Logger LOG = LoggerFactory.getLogger(FashionProductsReader.class);

    public static final String STYLES_FILE = "styles.csv";
    public static final String IMAGES_DIR = "images";

    private static final List<String> COLUMNS = List.of("id", "gender", "masterCategory", "subCategory", "articleType",
            "baseColour", "season", "year", "usage", "productDisplayName");
    private static final List<String> ATTRIBUTES = COLUMNS.subList(1, 9);
    private static final List<String> CATEGORY = List.of("masterCategory", "subCategory", "articleType");
    private static final Set<String> GENDER_WORDS = Set.of("Men", "Women", "Boys", "Girls", "Unisex", "Kids", "Men's", "Women's");

    private final Path directory;

    /** @param directory the folder holding {@code styles.csv} and {@code images/} */
    public FashionProductsReader(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public void read(CatalogSink sink) throws IOException {
        Path styles = directory.resolve(STYLES_FILE);
        Path images = directory.resolve(IMAGES_DIR).toAbsolutePath().normalize();
        String source = styles.toString();
        long[] counts = new long[3];
        CsvRows.read(styles, ',', new CsvRows.Handler() {
            private final Map<String, Integer> index = new LinkedHashMap<>();

            @Override
            public void header(List<String> names) throws IOException {
                List<String> missing = new ArrayList<>();
                for (String column : COLUMNS) {
                    int i = names.indexOf(column);
                    if (i < 0) {
                        missing.add(column);
                    }
                    index.put(column, i);
                }
                if (!missing.isEmpty()) {
                    throw new IOException(source + ": not a fashion-products styles.csv, missing columns " + missing
                            + " in the header " + names);
                }
            }

            @Override
            public void row(long line, CSVRecord record, Supplier<String> raw) {
                Product product;
                try {
                    product = toProduct(record, index, images);
                } catch (RowException e) {
                    counts[1]++;
                    sink.reject(new RowError(source, line, e.field(), e.getMessage(), raw.get()));
                    return;
                }
                counts[0]++;
                if (product.images().isEmpty()) {
                    counts[2]++;
                }
                sink.accept(product);
            }

            @Override
            public void malformed(long line, String message, String raw) {
                counts[1]++;
                sink.reject(new RowError(source, line, null, message, raw));
            }
        });
        LOG.debug("Read {}: {} products ({} without an image file), {} rejected rows", source, counts[0], counts[2], counts[1]);
    }

    private static Product toProduct(CSVRecord r, Map<String, Integer> index, Path imagesDir) {
        String rawId = r.get(index.get("id"));
        String id = FieldValues.requireId("id", rawId.isEmpty() ? null : rawId);
        String title = r.get(index.get("productDisplayName"));
        List<String> category = new ArrayList<>();
        for (String column : CATEGORY) {
            String level = r.get(index.get(column));
            if (!level.isBlank()) {
                category.add(level);
            }
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (String column : ATTRIBUTES) {
            String value = r.get(index.get(column));
            if (!value.isBlank()) {
                attributes.put(column, List.of(value));
            }
        }
        List<ImageRef> images = new ArrayList<>();
        Path image = imagesDir.resolve(id + ".jpg").normalize();
        if (image.startsWith(imagesDir) && Files.isRegularFile(image)) {
            images.add(ImageRef.parse(image.toString(), null));
        }
        try {
            return new Product(id, title, "", brandOf(title), category, null, null, true, null, images, attributes);
        } catch (IllegalArgumentException e) {
            throw new RowException(null, e.getMessage());
        }
    }

    /** The words of {@code title} before its first gender word, when there are any; else {@code null}. */
    static String brandOf(String title) {
        if (title == null) {
            return null;
        }
        String[] words = title.strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (GENDER_WORDS.contains(words[i].replace('\u2019', '\''))) {
                return i == 0 ? null : String.join(" ", List.of(words).subList(0, i));
            }
        }
        return null;
    }
}
