package dev.lookalike.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

/**
 * Who may call what under {@code /v1}, checked before the matched endpoint runs, by HTTP method and route template:
 * a write (any method but GET, HEAD and OPTIONS, except the searches {@code POST /v1/search} and
 * {@code POST /v1/search/image}) needs a write key; a read needs a read or write key when reads are locked. A key comes
 * as {@code Authorization: Bearer KEY} or {@code X-API-Key: KEY}; it is hashed (SHA-256) and compared with every
 * configured key's hash in constant time ({@link MessageDigest#isEqual}). Routes outside {@code /v1} (health,
 * readiness, metrics, the page) and the API description are open. Thread-safe: immutable.
 */
final class ApiAccess {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final Set<String> READ_POSTS = Set.of("/v1/search", "/v1/search/image");
    private static final String OPEN_READ = "/v1/openapi.json";

    private final List<byte[]> writeHashes;
    private final List<byte[]> readHashes;
    private final boolean lockReads;

    ApiAccess(ServerConfig.Auth auth) {
        this.writeHashes = auth.writeKeys().stream().map(ApiAccess::sha256).toList();
        this.readHashes = auth.readKeys().stream().map(ApiAccess::sha256).toList();
        this.lockReads = auth.lockReads();
    }

    /** Whether {@code method route} changes data. */
    static boolean isWrite(HandlerType method, String route) {
        return switch (method) {
            case GET, HEAD, OPTIONS -> false;
            case POST -> !READ_POSTS.contains(route);
            default -> true;
        };
    }

    /** A before-matched handler: returns when the call is allowed, throws a 401 or 403 {@link ApiException} if not. */
    void check(Context ctx) {
        String route = ctx.endpointHandlerPath();
        if (!route.startsWith("/v1/") || route.equals(OPEN_READ)) {
            return;
        }
        boolean write = isWrite(ctx.method(), route);
        if (!write && !lockReads) {
            return;
        }
        if (write && writeHashes.isEmpty()) {
            throw new ApiException(403, "writes_disabled", "writes are disabled: the server has no auth.write_keys");
        }
        String key = presentedKey(ctx);
        if (key == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized", (write ? "writes" : "reads") + " need an API key: send "
                    + "'Authorization: Bearer KEY' or '" + API_KEY_HEADER + ": KEY'");
        }
        byte[] hash = sha256(key);
        if (matches(hash, writeHashes) || (!write && matches(hash, readHashes))) {
            return;
        }
        throw new ApiException(403, "forbidden", "the API key is not valid for " + (write ? "writes" : "reads"));
    }

    private static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = auth.substring(7).strip();
            return key.isEmpty() ? null : key;
        }
        String key = ctx.header(API_KEY_HEADER);
        return key == null || key.isBlank() ? null : key.strip();
    }

    /** Compares with every hash, so the time taken does not say which key (or how much of one) matched. */
    private static boolean matches(byte[] hash, List<byte[]> hashes) {
        boolean any = false;
        for (byte[] h : hashes) {
            any |= MessageDigest.isEqual(hash, h);
        }
        return any;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
