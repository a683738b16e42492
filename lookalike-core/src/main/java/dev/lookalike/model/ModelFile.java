package dev.lookalike.model;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One file of a model, as the registry knows it.
 *
 * @param path   the path inside the model's repository (and inside its cache folder), {@code /}-separated, e.g.
 *               {@code onnx/vision_model.onnx}; letters, digits, {@code . _ -} and {@code /} only, no {@code ..}
 * @param size   its size in bytes, or {@code -1} when the registry does not know it
 * @param sha256 its SHA-256 as 64 hexadecimal digits (stored lower-case), or {@code null} when the file is not
 *               pinned: then {@code pull} refuses it unless trust on first use is asked for
 */
public record ModelFile(String path, long size, String sha256) {

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    public ModelFile {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("model file path must be relative, '/'-separated, of letters, digits, "
                    + "'.', '_' and '-', got '" + path + "'");
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("model file path must not contain '.' or '..' segments, got '"
                        + path + "'");
            }
        }
        if (size < -1 || size == 0) {
            throw new IllegalArgumentException("model file size must be > 0, or -1 when unknown, got " + size
                    + " for " + path);
        }
        if (sha256 != null) {
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("SHA-256 of " + path + " must be 64 hexadecimal digits, got '"
                        + sha256 + "'");
            }
            sha256 = sha256.toLowerCase(Locale.ROOT);
        }
    }

    /** A file whose size and SHA-256 are known. */
    public static ModelFile pinned(String path, long size, String sha256) {
        if (sha256 == null) {
            throw new IllegalArgumentException("a pinned file needs its SHA-256: " + path);
        }
        return new ModelFile(path, size, sha256);
    }

    /** A file whose checksum this build does not know. */
    public static ModelFile unpinned(String path) {
        return new ModelFile(path, -1, null);
    }

    /** Whether the registry gives this file's SHA-256. */
    public boolean pinned() {
        return sha256 != null;
    }

    /** Lower-case hexadecimal of a digest, as {@link #sha256()} stores it. */
    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
