package dev.lookalike.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a product picture lives: an absolute {@code file:} URI or an {@code http(s):} URL.
 * Catalog readers resolve relative paths against the catalog file's folder before creating one,
 * so a stored product never depends on the working directory.
 *
 * @param uri absolute URI with scheme {@code file}, {@code http} or {@code https}
 */
public record ImageRef(URI uri) {

    public ImageRef {
        if (uri == null || !uri.isAbsolute()) {
            throw new IllegalArgumentException("image URI must be absolute, got " + uri);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("file") && !scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("image URI scheme must be file, http or https, got " + uri);
        }
    }

    /**
     * Parses a catalog's image reference: {@code http(s)://…}, {@code file:…}, an absolute path,
     * or a path relative to {@code baseDir}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static ImageRef parse(String location, Path baseDir) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("image location must be non-blank");
        }
        String s = location.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                return new ImageRef(new URI(s));
            }
            if (lower.startsWith("file:")) {
                // a local path like any other: absolute and normalised, so that what the image root check sees is
                // what is read; a file: URI that names no local path (file:a.jpg, a host, a query) is this row's error
                try {
                    return new ImageRef(Path.of(new URI(s)).toAbsolutePath().normalize().toUri());
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    throw new IllegalArgumentException("image location '" + s + "' is not a local file URI (file:///path): "
                            + e.getMessage(), e);
                }
            }
            if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
                throw new IllegalArgumentException("image location scheme must be file, http or https, got '" + s + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("image location is not a valid URI: '" + s + "' (" + e.getReason() + ")", e);
        }
        Path p;
        try {
            p = Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("image location is not a valid path: '" + s + "'", e);
        }
        if (!p.isAbsolute()) {
            p = (baseDir == null ? Path.of("") : baseDir).resolve(p);
        }
        return new ImageRef(p.toAbsolutePath().normalize().toUri());
    }

    public boolean isRemote() {
        return !uri.getScheme().equalsIgnoreCase("file");
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
