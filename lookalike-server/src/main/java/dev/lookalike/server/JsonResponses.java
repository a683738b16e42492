package dev.lookalike.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON responses written by a streaming generator into the response's bytes: no tree, no intermediate String (the
 * query routes' hits and products; {@code ctx.json} serialises a tree through a String and then its bytes). The body is
 * complete before it is handed to Javalin, so an exception while writing leaves nothing half-sent and the error is
 * rendered as usual. The output is what Javalin's Jackson mapper writes for the equivalent tree (compact, UTF-8).
 * Stateless and thread-safe.
 */
final class JsonResponses {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes one JSON value. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonResponses() {
    }

    /** Answers with {@code body} as {@code application/json}. */
    static void send(Context ctx, Body body) throws IOException {
        Buffer out = write(body);
        ctx.contentType(ContentType.APPLICATION_JSON).result(out.asInputStream());
    }

    /** {@code body} as UTF-8 JSON bytes. */
    static byte[] bytes(Body body) throws IOException {
        return write(body).toByteArray();
    }

    private static Buffer write(Body body) throws IOException {
        Buffer out = new Buffer();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        }
        return out;
    }

    /** A byte array stream whose content is read in place (no copy); 8 KB first, most answers fit. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer() {
            super(8 * 1024);
        }

        InputStream asInputStream() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
