package dev.lookalike.server;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code multipart/form-data} body (RFC 7578) parsed from bytes already in memory. The servlet container's own
 * multipart support is not used on purpose: it spills parts above a threshold to temporary files, and uploads must
 * never touch the disk. Stateless; package-private.
 */
final class MultipartForm {

    /** One part: its field name, file name (or {@code null}), content type (or {@code null}) and bytes. */
    record Part(String name, String filename, String contentType, byte[] content) {
        @Override
        public String toString() {
            return "Part[" + name + ", " + content.length + " bytes]";
        }
    }

    static final int MAX_PARTS = 8;
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private MultipartForm() {
    }

    /**
     * Parses the parts of {@code body}.
     *
     * @param contentType the request's {@code Content-Type}, which carries the boundary
     * @throws IllegalArgumentException when the body is not well-formed multipart/form-data (messages never quote
     *                                  part contents)
     */
    static Map<String, Part> parse(byte[] body, String contentType) {
        byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0 || (at > 0 && !(at >= 2 && body[at - 2] == '\r' && body[at - 1] == '\n'))) {
            throw new IllegalArgumentException("multipart body does not start with its boundary");
        }
        byte[] separator = concat(new byte[] {'\r', '\n'}, delimiter);
        int pos = at + delimiter.length;
        while (true) {
            if (startsWith(body, pos, new byte[] {'-', '-'})) {
                return parts; // closing delimiter; the epilogue is ignored
            }
            pos = skipLinearWhitespace(body, pos);
            if (!startsWith(body, pos, new byte[] {'\r', '\n'})) {
                throw new IllegalArgumentException("multipart body is malformed after a boundary");
            }
            pos += 2;
            int headersEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, pos);
            if (headersEnd < 0 || headersEnd - pos > MAX_HEADER_BYTES) {
                throw new IllegalArgumentException("multipart part headers are missing or too long");
            }
            String headers = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int next = indexOf(body, separator, contentStart);
            if (next < 0) {
                throw new IllegalArgumentException("multipart body is truncated: no closing boundary");
            }
            byte[] content = java.util.Arrays.copyOfRange(body, contentStart, next);
            Part part = part(headers, content);
            if (parts.size() >= MAX_PARTS) {
                throw new IllegalArgumentException("multipart body has more than " + MAX_PARTS + " parts");
            }
            if (parts.putIfAbsent(part.name(), part) != null) {
                throw new IllegalArgumentException("multipart field '" + part.name() + "' is given twice");
            }
            pos = next + separator.length;
        }
    }

    private static Part part(String headers, byte[] content) {
        String name = null;
        String filename = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("multipart part has a malformed header line");
            }
            String header = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (header.equals("content-disposition")) {
                if (!value.toLowerCase(Locale.ROOT).startsWith("form-data")) {
                    throw new IllegalArgumentException("multipart part is not form-data");
                }
                name = parameter(value, "name");
                filename = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                type = value;
            }
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("multipart part has no field name");
        }
        return new Part(name, filename, type, content);
    }

    /** The boundary parameter of a multipart/form-data content type. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("the request must be multipart/form-data, got content type " + contentType);
        }
        String b = parameter(contentType, "boundary");
        if (b == null || b.isEmpty() || b.length() > 70) {
            throw new IllegalArgumentException("multipart/form-data needs a boundary of 1 to 70 characters");
        }
        return b;
    }

    /** A {@code key=value} or {@code key="value"} parameter of a header value, or {@code null}. */
    static String parameter(String headerValue, String key) {
        for (String piece : splitParameters(headerValue)) {
            int eq = piece.indexOf('=');
            if (eq > 0 && piece.substring(0, eq).strip().equalsIgnoreCase(key)) {
                String v = piece.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                return v;
            }
        }
        return null;
    }

    /** Splits on semicolons outside double quotes. */
    private static java.util.List<String> splitParameters(String s) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static int skipLinearWhitespace(byte[] b, int pos) {
        while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t')) {
            pos++;
        }
        return pos;
    }

    private static boolean startsWith(byte[] b, int pos, byte[] prefix) {
        if (pos < 0 || pos + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, byte[] needle, int from) {
        int last = b.length - needle.length;
        byte first = needle[0];
        for (int i = Math.max(0, from); i <= last; i++) {
            if (b[i] == first && startsWith(b, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
