package dev.lookalike.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes rejected catalog rows as JSON Lines, one {@code {"source":…,"line":…,"field":…,"message":…,"raw":…}}
 * object per {@link RowError}, and counts them. The file is created (or truncated) when the writer is opened,
 * so a clean run leaves an empty rejects file rather than a stale one. Not thread-safe.
 */
public final class RejectsWriter implements AutoCloseable {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final String target;
    private final JsonGenerator out;
    private long count;

    /**
     * Creates or truncates {@code file} (UTF-8). A character UTF-8 cannot encode (a lone surrogate from a truncated
     * emoji in a rejected row) is written as '?' rather than failing the ingest at a later flush.
     */
    public RejectsWriter(Path file) throws IOException {
        this(new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8)), file.toString());
    }

    /** Writes to {@code out}, which {@link #close()} closes. */
    public RejectsWriter(Writer out) throws IOException {
        this(out, "stream");
    }

    private RejectsWriter(Writer out, String target) throws IOException {
        this.target = target;
        this.out = JSON.createGenerator(Objects.requireNonNull(out, "out"));
        this.out.setRootValueSeparator(null);
    }

    /** The rejects file for a catalog: {@code <catalog>.rejects.jsonl} next to it. */
    public static Path defaultPathFor(Path catalog) {
        Path name = catalog.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("catalog path has no file name: '" + catalog + "'");
        }
        return catalog.resolveSibling(name + ".rejects.jsonl");
    }

    public void write(RowError error) throws IOException {
        out.writeStartObject();
        out.writeStringField("source", error.source());
        out.writeNumberField("line", error.line());
        out.writeStringField("field", error.field());
        out.writeStringField("message", error.message());
        out.writeStringField("raw", error.raw());
        out.writeEndObject();
        out.writeRaw('\n');
        count++;
    }

    /** Rows written so far. */
    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    @Override
    public String toString() {
        return "RejectsWriter[" + target + ", " + count + " rows]";
    }
}
