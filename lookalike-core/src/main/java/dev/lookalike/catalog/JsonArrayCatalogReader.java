package dev.lookalike.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads products from one JSON array held in memory ({@code [{"id":"p1",…}, {"id":"p2",…}]}), each element in the
 * JSON Lines product form (docs/catalog-format.md) and checked the same way: a bad element becomes one
 * {@link RowError} (its {@code line} is where the element starts) and reading goes on; every element gives exactly
 * one {@code accept} or {@code reject}, in order, so a sink can count them to know an element's index.
 *
 * <p>A body that is not a JSON array, or has a syntax error, cannot be split into elements reliably: reading stops
 * with an {@link IllegalArgumentException} naming the source, line and column (elements before it were already
 * passed on). Reusable but not thread-safe.
 */
public final class JsonArrayCatalogReader implements CatalogReader {

    /** Reads one element at a time: the rest of the array is not "trailing tokens". */
    private static final ObjectReader ELEMENTS = JsonLinesCatalogReader.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String source;
    private final byte[] json;
    private final JsonLinesCatalogReader rows;

    /**
     * @param source  what errors call the input ("request body")
     * @param json    UTF-8 JSON (not copied: do not change it while reading)
     * @param baseDir relative image paths resolve against it (the working directory when null)
     */
    public JsonArrayCatalogReader(String source, byte[] json, Path baseDir, CatalogOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.json = Objects.requireNonNull(json, "json");
        this.rows = JsonLinesCatalogReader.fromText(source, "", baseDir, options);
    }

    @Override
    public void read(CatalogSink sink) throws IOException {
        try (JsonParser p = JsonLinesCatalogReader.MAPPER.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException(source + ": expected a JSON array of products, got "
                        + (t == null ? "nothing" : t.asString() == null ? t.name() : "'" + t.asString() + "'"));
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new IllegalArgumentException(source + ": the JSON array is not closed");
                }
                long line = p.currentTokenLocation().getLineNr();
                JsonNode element = ELEMENTS.readTree(p);
                Product product;
                try {
                    product = rows.parse(element);
                } catch (RowException e) {
                    sink.reject(new RowError(source, line, e.field(), e.getMessage(), FieldValues.truncateRaw(element.toString())));
                    continue;
                }
                sink.accept(product);
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException(source + ": unexpected content after the JSON array at line "
                        + p.currentTokenLocation().getLineNr());
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(source + ": malformed JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        }
    }
}
