package dev.lookalike.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;

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
        ctx.contentType(ContentType.APPLICATION_JSON).result(bytes(body));
    }

    /** {@code body} as UTF-8 JSON bytes. */
    static byte[] bytes(Body body) throws IOException {
        ByteArrayBuilder out = new ByteArrayBuilder(4096);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        }
        return out.toByteArray();
    }
}
