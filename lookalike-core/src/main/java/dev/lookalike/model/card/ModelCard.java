package dev.lookalike.model.card;

import dev.lookalike.encoder.onnx.ImagePreprocessing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A user's own ONNX image model, as its model card describes it: a JSON file next to the model (format in
 * {@code docs/model-card.md}), read by {@link #read(Path)}. The encoder id of a card is {@value #ID_PREFIX} and the
 * card's absolute, normalised path ({@link #encoderId()}): an index built with it stores that id and finds the same
 * card, and model, again. Immutable and thread-safe.
 *
 * @param path          the card file, absolute and normalised
 * @param file          the ONNX model file, absolute and normalised (the card names it relative to its folder)
 * @param sha256        the model file's SHA-256 as the card gives it, 64 lower-case hex digits; checked by
 *                      {@link #verifiedFile()}
 * @param dimension     the length of the model's vectors when the card declares it; the loaded model must give
 *                      exactly this many
 * @param preprocessing how pictures become the model's input and its output one vector
 */
public record ModelCard(Path path, Path file, String sha256, OptionalInt dimension, ImagePreprocessing preprocessing) {

    /** The prefix of a card's encoder id: {@code onnx:/models/fold0/card.json}. */
    public static final String ID_PREFIX = "onnx:";

    /** The current (and only) value of the card's {@code format} field. */
    public static final int FORMAT = 1;

    /** Longest accepted vector, as for the registry's encoders. */
    static final int MAX_DIMENSION = 16_384;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelCard {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(preprocessing, "preprocessing");
        if (!path.isAbsolute() || !file.isAbsolute()) {
            throw new IllegalArgumentException("card and model paths must be absolute, got " + path + " and " + file);
        }
        path = path.normalize();
        file = file.normalize();
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        if (dimension.isPresent() && (dimension.getAsInt() < 1 || dimension.getAsInt() > MAX_DIMENSION)) {
            throw new IllegalArgumentException("dimension must be in [1, " + MAX_DIMENSION + "], got "
                    + dimension.getAsInt());
        }
    }

    /**
     * Reads and checks a model card; the model file must exist (its checksum is checked later, by
     * {@link #verifiedFile()}).
     *
     * @throws IllegalArgumentException when there is no such card, or it is not a valid card: the message names
     *                                  the card, the line and column where known, and the field
     * @throws UncheckedIOException     when the card cannot be read
     */
    public static ModelCard read(Path card) {
        return ModelCardReader.read(card);
    }

    /** The id of the encoder of the card at {@code card}: {@value #ID_PREFIX} and its absolute, normalised path. */
    public static String encoderId(Path card) {
        return ID_PREFIX + card.toAbsolutePath().normalize();
    }

    /** Whether an encoder id names a model card. */
    public static boolean isCardId(String id) {
        return id != null && id.startsWith(ID_PREFIX);
    }

    /**
     * The card path of a card's encoder id, absolute and normalised ({@code onnx:card.json} resolves against the
     * working directory).
     *
     * @throws IllegalArgumentException when the id is not {@value #ID_PREFIX} and a path
     */
    public static Path cardPath(String id) {
        if (!isCardId(id) || id.substring(ID_PREFIX.length()).isBlank()) {
            throw new IllegalArgumentException("a model card's encoder id is " + ID_PREFIX
                    + "PATH/TO/card.json, got '" + id + "'");
        }
        return Path.of(id.substring(ID_PREFIX.length())).toAbsolutePath().normalize();
    }

    /**
     * {@code id} as an index stores it: a card's id with its path made absolute and normalised, any other id
     * unchanged.
     */
    public static String normalizeId(String id) {
        return isCardId(id) ? ID_PREFIX + cardPath(id) : id;
    }

    /** This card's encoder id, {@value #ID_PREFIX} and {@link #path()}. */
    public String encoderId() {
        return ID_PREFIX + path;
    }

    /**
     * The model file, after checking that its SHA-256 is the card's: a model swapped under an index would silently
     * put its vectors in another space. Reads the whole file.
     *
     * @throws IllegalStateException when the digests differ; the message names the card, the file and both digests
     * @throws UncheckedIOException  when the file cannot be read
     */
    public Path verifiedFile() {
        String actual;
        try {
            actual = sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("model card " + path + ": cannot read its model file " + file + ": " + e, e);
        }
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("model card " + path + ": model file " + file + " has SHA-256 " + actual
                    + ", but the card's field 'sha256' is " + sha256 + ". If you replaced the model on purpose, put "
                    + "its SHA-256 in the card and build a new index: an index built with the former model holds "
                    + "vectors of another space");
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
