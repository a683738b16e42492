package dev.lookalike.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.query.SearchJson;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.query.SearchResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/**
 * Thin handlers for {@code POST /v1/search} (a JSON body; a picture may come as base64 in its {@code image} field) and
 * {@code POST /v1/search/image} (multipart: an {@code image} file part and an optional JSON {@code query} part). Bodies
 * are read into memory under a cap and never written anywhere; nothing here logs them. Thread-safe: immutable after
 * construction.
 */
final class SearchController {

    private static final Set<String> MULTIPART_FIELDS = Set.of("image", "query");

    private final Lookalike engine;
    private final long maxJsonBody;
    private final long maxMultipartBody;
    private final int maxK;
    private final ObjectMapper mapper;

    /**
     * @param maxBodyBytes room for the JSON beside the picture (anchors may carry raw vectors): a body may hold that
     *                     much plus the engine's upload cap
     * @param maxK         most hits a request may ask for
     */
    SearchController(Lookalike engine, long maxBodyBytes, int maxK) {
        this.engine = engine;
        this.maxK = maxK;
        long maxImage = engine.uploadLimits().maxBytes();
        this.maxJsonBody = (maxImage + 2) / 3 * 4 + maxBodyBytes; // base64 grows 3 bytes into 4 characters
        this.maxMultipartBody = maxImage + maxBodyBytes;
        int maxString = (int) Math.min(Integer.MAX_VALUE, maxJsonBody);
        this.mapper = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxString).build()).build());
    }

    void search(Context ctx) throws IOException {
        JsonNode json = json(read(ctx, maxJsonBody), "request body");
        respond(ctx, SearchJson.parse(json, null));
    }

    void searchImage(Context ctx) throws IOException {
        Map<String, MultipartForm.Part> parts;
        try {
            parts = MultipartForm.parse(read(ctx, maxMultipartBody), ctx.header("Content-Type"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        for (String name : parts.keySet()) {
            if (!MULTIPART_FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown multipart field '" + name + "' (known: image, query)");
            }
        }
        MultipartForm.Part image = parts.get("image");
        if (image == null || image.content().length == 0) {
            throw ApiException.badRequest("multipart field 'image' (the picture) is missing or empty");
        }
        if (image.content().length > engine.uploadLimits().maxBytes()) {
            throw tooLarge("multipart field 'image' is " + image.content().length + " bytes, above the limit of "
                    + engine.uploadLimits().maxBytes());
        }
        MultipartForm.Part query = parts.get("query");
        JsonNode json = query == null ? mapper.createObjectNode() : json(query.content(), "multipart field 'query'");
        respond(ctx, SearchJson.parse(json, image.content()));
    }

    private void respond(Context ctx, SearchRequest request) throws IOException {
        if (request.k() > maxK) {
            throw ApiException.badRequest("field 'k' must be between 1 and " + maxK + " (search.max_k), got " + request.k());
        }
        SearchResponse response = engine.search(request);
        JsonResponses.send(ctx, g -> SearchJson.write(g, response, ProductViews::write));
    }

    private JsonNode json(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw ApiException.badRequest(what + " must be a JSON object, got nothing");
        }
        try {
            return mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            // the parser's own message may quote the input (an image's base64): report only where it failed
            var at = e.getLocation();
            throw ApiException.badRequest(what + " is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiException.badRequest(what + " could not be read as JSON");
        }
    }

    /** The request body, refused with 413 beyond {@code max} bytes. */
    static byte[] read(Context ctx, long max) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge("request body is " + declared + " bytes, above the limit of " + max);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            // with a Content-Length, an array of that size (Jetty ends the stream there); without one (chunked), up to
            // one byte past the cap, read in blocks of 16 KB
            byte[] body = in.readNBytes(declared >= 0 ? (int) declared : (int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            if (body.length > max) {
                throw tooLarge("request body is above the limit of " + max + " bytes");
            }
            return body;
        }
    }

    private static ApiException tooLarge(String message) {
        return new ApiException(413, "payload_too_large", message);
    }
}
