package dev.lookalike.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a delimited-text catalog with a header row, UTF-8 (byte order mark skipped), through a
 * {@link ColumnMapping}. Cells are trimmed; an empty cell means the field is absent.
 *
 * <ul>
 *   <li>{@code category}: levels split on the category separator (default {@code " > "}).</li>
 *   <li>{@code images} and attribute columns: several values split on the multi-value separator (default
 *       {@code |}); relative image paths resolve against the file's folder.</li>
 *   <li>{@code price}: a decimal number, at least 0; {@code in_stock}: true/false/yes/no/1/0/y/n
 *       (case-insensitive), default true; {@code currency}: a 3-letter code.</li>
 * </ul>
 *
 * <p>A row that cannot become a product becomes one {@link RowError} with the physical line where the record
 * starts, the column name as field, and the record's original text; reading goes on. Malformed quoting is
 * reported at the record's first line and parsing resumes at the next physical line (see {@link CsvRows}).
 * A missing header, a duplicate column name or a mapped column that is not in the header fails the whole file
 * with an {@link IOException}. Ids are not checked for uniqueness: repeated ids are passed on in file order
 * (later row wins under upsert). Reusable (each {@link #read} re-opens the file) but not thread-safe.
 */
public final class CsvCatalogReader implements CatalogReader {

    private static final Logger LOG = LoggerFactory.getLogger(CsvCatalogReader.class);

    private final Path file;
    private final Path baseDir;
    /** The folder local pictures must lie in; {@code null}: anywhere. */
    private final Path imageRoot;
    private final CatalogOptions options;

    /** Default options: columns named like the fields, comma (tab for {@code *.tsv}), {@code |} between values. */
    public CsvCatalogReader(Path file) {
        this(file, CatalogOptions.defaults());
    }

    public CsvCatalogReader(Path file, CatalogOptions options) {
        this.file = Objects.requireNonNull(file, "file");
        this.baseDir = file.toAbsolutePath().getParent();
        this.options = Objects.requireNonNull(options, "options");
        this.imageRoot = options.imageRootFor(baseDir);
    }

    @Override
    public void read(CatalogSink sink) throws IOException {
        String source = file.toString();
        long[] counts = new long[2];
        CsvRows.read(file, options.delimiterFor(file), new CsvRows.Handler() {
            private Columns columns;

            @Override
            public void header(List<String> names) throws IOException {
                columns = Columns.resolve(source, names, options.mapping());
            }

            @Override
            public void row(long line, CSVRecord record, Supplier<String> raw) {
                Product product;
                try {
                    product = toProduct(record, columns);
                } catch (RowException e) {
                    counts[1]++;
                    sink.reject(new RowError(source, line, e.field(), e.getMessage(), raw.get()));
                    return;
                }
                counts[0]++;
                sink.accept(product);
            }

            @Override
            public void malformed(long line, String message, String raw) {
                counts[1]++;
                sink.reject(new RowError(source, line, null, message, raw));
            }
        });
        LOG.debug("Read {}: {} products, {} rejected rows", source, counts[0], counts[1]);
    }

    private Product toProduct(CSVRecord r, Columns c) {
        String id = FieldValues.requireId(c.name(c.id), cell(r, c.id));
        String price = cell(r, c.price);
        String inStock = cell(r, c.inStock);
        String currency = cell(r, c.currency);
        String category = cell(r, c.category);
        List<ImageRef> images = new ArrayList<>();
        String imageCell = cell(r, c.images);
        if (imageCell != null) {
            for (String location : FieldValues.split(imageCell, options.multiValueSeparator())) {
                ImageRef ref = FieldValues.image(c.name(c.images), location, baseDir);
                if (imageRoot != null && !ref.isRemote()) {
                    FieldValues.requireInside(c.name(c.images), location, ref, imageRoot);
                }
                images.add(ref);
            }
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (int i = 0; i < c.attributes.length; i++) {
            String v = cell(r, c.attributes[i]);
            if (v != null) {
                attributes.put(c.name(c.attributes[i]), FieldValues.split(v, options.multiValueSeparator()));
            }
        }
        try {
            return new Product(id,
                    cell(r, c.title),
                    cell(r, c.description),
                    cell(r, c.brand),
                    category == null ? List.of() : FieldValues.splitCategory(category, options.categorySeparator()),
                    price == null ? null : FieldValues.parsePrice(c.name(c.price), price),
                    currency == null ? null : FieldValues.currency(c.name(c.currency), currency),
                    inStock == null || FieldValues.parseBoolean(c.name(c.inStock), inStock),
                    cell(r, c.groupId),
                    images,
                    attributes);
        } catch (IllegalArgumentException e) {
            throw new RowException(null, e.getMessage());
        }
    }

    private static String cell(CSVRecord r, int index) {
        if (index < 0) {
            return null;
        }
        String v = r.get(index);
        return v.isEmpty() ? null : v;
    }

    /** Header positions of the product fields (-1: absent) and of the attribute columns. */
    private record Columns(List<String> header, int id, int title, int description, int brand, int category,
                           int price, int currency, int inStock, int groupId, int images, int[] attributes) {

        String name(int index) {
            return header.get(index);
        }

        static Columns resolve(String source, List<String> header, ColumnMapping mapping) throws IOException {
            Map<String, Integer> fields = new LinkedHashMap<>();
            for (String field : ColumnMapping.FIELDS) {
                String mapped = mapping.column(field);
                int index;
                if (mapped != null) {
                    index = find(header, mapped);
                    if (index < 0) {
                        throw new IOException(source + ": column '" + mapped + "' (mapped to " + field
                                + ") is not in the header " + header);
                    }
                } else {
                    index = find(header, field);
                    if (index < 0 && field.equals("images")) {
                        index = find(header, "image");
                    }
                }
                fields.put(field, index);
            }
            if (fields.get("id") < 0) {
                throw new IOException(source + ": the header has no id column (name one 'id' or map it with id=<column>): "
                        + header);
            }
            List<Integer> attributes = new ArrayList<>();
            if (mapping.attributes() == null) {
                for (int i = 0; i < header.size(); i++) {
                    if (!header.get(i).isEmpty() && !fields.containsValue(i)) {
                        attributes.add(i);
                    }
                }
            } else {
                for (String column : mapping.attributes()) {
                    int index = find(header, column);
                    if (index < 0) {
                        throw new IOException(source + ": attribute column '" + column + "' is not in the header " + header);
                    }
                    attributes.add(index);
                }
            }
            return new Columns(header, fields.get("id"), fields.get("title"), fields.get("description"), fields.get("brand"),
                    fields.get("category"), fields.get("price"), fields.get("currency"), fields.get("in_stock"),
                    fields.get("group_id"), fields.get("images"), attributes.stream().mapToInt(Integer::intValue).toArray());
        }

        /** Exact match, else the only case-insensitive match, else -1. */
        private static int find(List<String> header, String name) {
            int exact = header.indexOf(name);
            if (exact >= 0) {
                return exact;
            }
            int found = -1;
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(name)) {
                    if (found >= 0) {
                        return -1;
                    }
                    found = i;
                }
            }
            return found;
        }
    }
}
