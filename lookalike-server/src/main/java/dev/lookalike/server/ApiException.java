package dev.lookalike.server;

/**
 * An error with an HTTP status and a stable machine-readable code, thrown by controllers and turned into the JSON
 * error body by {@link LookalikeServer}'s single exception mapping.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    /** The stable code for an HTTP status raised outside our handlers (Javalin's own 405, 413, ...). */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
