package dev.lookalike.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Value parsing shared by the catalog readers. Messages name the bad value; the caller supplies the field. */
final class FieldValues {

    /** Longest raw row text kept in a {@link RowError}. */
    static final int MAX_RAW_CHARS = 2_000;

    /** Longest bad value quoted in an error message. */
    private static final int MAX_QUOTED_CHARS = 100;

    /** Longer strings cannot be a price; saves BigDecimal from parsing megabytes of digits. */
    private static final int MAX_NUMBER_CHARS = 100;

    /** Canonical rendering keeps plain notation up to this decimal exponent; beyond it, scientific notation. */
    private static final int MAX_PLAIN_SCALE = 64;

    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");
    /** A URL scheme of two or more characters ({@code C://} is a Windows drive, not a scheme). */
    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+://");

    private FieldValues() {
    }

    /** Opens a UTF-8 text file, skipping a leading byte order mark; malformed bytes decode to U+FFFD. */
    static BufferedReader openUtf8(Path file) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
        } catch (IOException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    /** The row text for a {@link RowError}: at most {@link #MAX_RAW_CHARS}, never splitting a surrogate pair. */
    static String truncateRaw(CharSequence raw) {
        if (raw == null) {
            return null;
        }
        return cut(raw, MAX_RAW_CHARS);
    }

    /** {@code 'value'} for messages, shortened when long. */
    static String quote(String value) {
        return value == null ? "null" : "'" + (value.length() > MAX_QUOTED_CHARS ? cut(value, MAX_QUOTED_CHARS) + "…" : value) + "'";
    }

    private static String cut(CharSequence s, int max) {
        if (s.length() <= max) {
            return s.toString();
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.subSequence(0, end).toString();
    }

    static String requireId(String field, String id) {
        if (id == null) {
            throw new RowException(field, "id is missing");
        }
        try {
            return Product.requireId(id);
        } catch (IllegalArgumentException e) {
            throw new RowException(field, e.getMessage());
        }
    }

    /** Parses a price written as text: a plain or scientific decimal number, at least 0. */
    static Double parsePrice(String field, String text) {
        String s = text.strip();
        BigDecimal value;
        try {
            if (s.length() > MAX_NUMBER_CHARS) {
                throw new NumberFormatException();
            }
            value = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new RowException(field, "price is not a number: " + quote(text));
        }
        return price(field, value, text);
    }

    static Double price(String field, BigDecimal value, String original) {
        if (value.signum() < 0) {
            throw new RowException(field, "price must be >= 0, got " + quote(original));
        }
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
            throw new RowException(field, "price is too large: " + quote(original));
        }
        return d;
    }

    /** {@code true/false/yes/no/1/0/y/n}, case-insensitive. */
    static boolean parseBoolean(String field, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "y" -> true;
            case "false", "no", "0", "n" -> false;
            default -> throw new RowException(field, "not a boolean (expected true/false/yes/no/1/0/y/n): " + quote(text));
        };
    }

    /** A three-letter ISO 4217 code, upper-cased. */
    static String currency(String field, String text) {
        String s = text.strip();
        if (!CURRENCY.matcher(s).matches()) {
            throw new RowException(field, "not a 3-letter ISO 4217 currency code: " + quote(text));
        }
        return s.toUpperCase(Locale.ROOT);
    }

    /**
     * Category levels from one string. The separator's surrounding whitespace is optional (with the default
     * {@code " > "}, both {@code "A > B"} and {@code "A>B"} give {@code [A, B]}); blank levels are dropped.
     */
    static List<String> splitCategory(String text, String separator) {
        String sep = separator.strip().isEmpty() ? separator : separator.strip();
        return split(text, sep);
    }

    /** Values of a multi-valued cell, stripped, blanks dropped. */
    static List<String> split(String text, String separator) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(Pattern.quote(separator), -1)) {
            String p = part.strip();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** {@code 120} not {@code 120.0}, {@code 0.5} not {@code 5E-1}; scientific only for extreme exponents. */
    static String canonical(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return Math.abs((long) v.scale()) <= MAX_PLAIN_SCALE ? v.toPlainString() : v.toString();
    }

    /** An image reference resolved against the catalog's folder; rejects URL schemes other than http(s)/file. */
    static ImageRef image(String field, String location, Path baseDir) {
        String s = location.strip();
        if (URL_SCHEME.matcher(s).find()) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://") && !lower.startsWith("file://")) {
                throw new RowException(field, "unsupported image URL scheme (expected http, https or file): " + quote(location));
            }
        }
        try {
            return ImageRef.parse(s, baseDir);
        } catch (IllegalArgumentException e) {
            throw new RowException(field, e.getMessage());
        }
    }

    /** Whether a picture location is an {@code http(s)} URL. */
    static boolean isRemote(String location) {
        String lower = location.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /**
     * Refuses a local picture outside {@code root} (also through a symbolic link). The message names the location as
     * written and the root.
     */
    static void requireInside(String field, String location, ImageRef ref, Path root) {
        Path path = Path.of(ref.uri()).normalize();
        try {
            if (!path.startsWith(root) || (Files.exists(path) && !path.toRealPath().startsWith(root.toRealPath()))) {
                throw new RowException(field, "local picture " + quote(location) + " is outside the image root " + quote(root.toString()));
            }
        } catch (IOException e) {
            throw new RowException(field, "local picture " + quote(location) + " cannot be checked against the image root "
                    + quote(root.toString()) + ": " + e.getClass().getSimpleName());
        }
    }
}
