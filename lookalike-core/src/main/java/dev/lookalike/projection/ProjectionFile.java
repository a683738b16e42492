package dev.lookalike.projection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * The projection file format, version {@value #FORMAT_VERSION} (docs/index-format.md), all integers and floats
 * little-endian:
 *
 * <pre>
 * magic        8 bytes   ASCII "LOOKPROJ"
 * version      uint32    1
 * kind         uint16 n, then n ASCII bytes ("pca" or "lda"), 1 &lt;= n &lt;= 32
 * description  uint16 n, then n UTF-8 bytes, 0 &lt;= n &lt;= 16384
 * input        int32     input dimension, 1..65536
 * output       int32     output dimension, 1..65536
 * mean         input x float32
 * matrix       output x input float32, row-major (row r maps a centred input to output component r)
 * checksum     uint32    CRC-32C of every byte before it
 * </pre>
 *
 * A file is read whole and validated before use: a bad magic, an unsupported version or kind, impossible
 * dimensions, a length that does not match them (truncated or trailing bytes), a checksum mismatch or a non-finite
 * number is refused with an {@link IllegalArgumentException} naming the file and the bad value. Writes are atomic
 * (temporary file, fsync, rename). Stateless and thread-safe.
 */
public final class ProjectionFile {

    public static final int FORMAT_VERSION = 1;
    static final byte[] MAGIC = "LOOKPROJ".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_KIND_BYTES = 32;
    static final int MAX_DESCRIPTION_BYTES = 16_384;
    /** Files larger than this are refused before they are read. */
    static final long MAX_FILE_BYTES = 1L << 30;

    private ProjectionFile() {
    }

    /**
     * Writes {@code projection} to {@code file} atomically, replacing it.
     *
     * @throws IllegalArgumentException when the projection is not one this format holds (a fitted linear projection)
     */
    public static void write(Projection projection, Path file) throws IOException {
        if (!(projection instanceof LinearProjection p)) {
            throw new IllegalArgumentException("only projections made by this package's fitters can be written, got "
                    + (projection == null ? null : projection.getClass().getName()));
        }
        byte[] kind = p.kind().getBytes(StandardCharsets.US_ASCII);
        byte[] description = p.description().getBytes(StandardCharsets.UTF_8);
        if (description.length > MAX_DESCRIPTION_BYTES) {
            throw new IllegalArgumentException("projection description is " + description.length + " bytes in UTF-8, at most "
                    + MAX_DESCRIPTION_BYTES + " fit in the file");
        }
        long size = size(kind.length, description.length, p.inputDimension(), p.outputDimension());
        if (size > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("a " + p.inputDimension() + " x " + p.outputDimension() + " projection takes " + size
                    + " bytes, more than the " + MAX_FILE_BYTES + " a projection file may have");
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(FORMAT_VERSION);
        buf.putShort((short) kind.length).put(kind);
        buf.putShort((short) description.length).put(description);
        buf.putInt(p.inputDimension()).putInt(p.outputDimension());
        for (float v : p.meanView()) {
            buf.putFloat(v);
        }
        for (float v : p.matrixView()) {
            buf.putFloat(v);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        buf.flip();

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Total file size for the given header fields. */
    private static long size(int kindBytes, int descriptionBytes, int input, int output) {
        return MAGIC.length + 4L + 2 + kindBytes + 2 + descriptionBytes + 4 + 4
                + (long) input * Float.BYTES + (long) input * output * Float.BYTES + 4;
    }

    /**
     * Reads and validates a projection file.
     *
     * @throws IllegalArgumentException when the file is not a valid projection file of a supported version; the
     *                                  message names the file and the bad value
     * @throws IOException              when the file cannot be read
     */
    public static Projection read(Path file) throws IOException {
        long fileSize = Files.size(file);
        if (fileSize > MAX_FILE_BYTES) {
            throw bad(file, "file is " + fileSize + " bytes, more than the " + MAX_FILE_BYTES + " a projection may have");
        }
        byte[] bytes = Files.readAllBytes(file);
        int fixedHead = MAGIC.length + 4;
        if (bytes.length < fixedHead) {
            throw bad(file, "truncated: " + bytes.length + " bytes, shorter than the " + fixedHead + "-byte header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        buf.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw bad(file, "not a Lookalike projection file: magic bytes 0x" + java.util.HexFormat.of().formatHex(magic)
                    + ", expected \"LOOKPROJ\"");
        }
        int version = buf.getInt();
        if (version != FORMAT_VERSION) {
            throw bad(file, "projection format version " + Integer.toUnsignedString(version) + " is not supported by this build (it reads "
                    + FORMAT_VERSION + ")");
        }
        String kind = new String(lengthPrefixed(file, buf, "kind", 1, MAX_KIND_BYTES), StandardCharsets.US_ASCII);
        if (!ProjectionDescriptor.KINDS.contains(kind)) {
            throw bad(file, "unsupported projection kind '" + kind + "' (this build reads " + String.join(", ",
                    new TreeSet<>(ProjectionDescriptor.KINDS)) + ")");
        }
        byte[] descriptionBytes = lengthPrefixed(file, buf, "description", 0, MAX_DESCRIPTION_BYTES);
        String description;
        try {
            description = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(descriptionBytes)).toString();
        } catch (CharacterCodingException e) {
            throw bad(file, "description is not valid UTF-8");
        }
        if (buf.remaining() < 8) {
            throw bad(file, "truncated: " + bytes.length + " bytes, the header ends before the dimensions");
        }
        int input = buf.getInt();
        int output = buf.getInt();
        requireDimension(file, "input", input);
        requireDimension(file, "output", output);
        long expected = size(kindLength(kind), descriptionBytes.length, input, output);
        if (bytes.length != expected) {
            throw bad(file, String.format(Locale.ROOT, "%s: %d bytes, a %d x %d projection takes %d",
                    bytes.length < expected ? "truncated" : "trailing bytes", bytes.length, input, output, expected));
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw bad(file, String.format(Locale.ROOT, "checksum mismatch (stored %08x, computed %08x): the file is corrupted",
                    stored, (int) crc.getValue()));
        }
        float[] mean = new float[input];
        buf.asFloatBuffer().get(mean);
        buf.position(buf.position() + input * Float.BYTES);
        float[] matrix = new float[Math.toIntExact((long) input * output)];
        buf.asFloatBuffer().get(matrix);
        try {
            return new LinearProjection(kind, description, mean, matrix, output);
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static int kindLength(String kind) {
        return kind.getBytes(StandardCharsets.US_ASCII).length;
    }

    private static byte[] lengthPrefixed(Path file, ByteBuffer buf, String what, int min, int max) {
        if (buf.remaining() < 2) {
            throw bad(file, "truncated: the header ends before the " + what + " length");
        }
        int n = Short.toUnsignedInt(buf.getShort());
        if (n < min || n > max) {
            throw bad(file, what + " length must be between " + min + " and " + max + " bytes, got " + n);
        }
        if (buf.remaining() < n) {
            throw bad(file, "truncated: the header ends inside the " + what);
        }
        byte[] out = new byte[n];
        buf.get(out);
        return out;
    }

    private static void requireDimension(Path file, String what, int d) {
        if (d < 1 || d > ProjectionDescriptor.MAX_DIMENSION) {
            throw bad(file, what + " dimension must be between 1 and " + ProjectionDescriptor.MAX_DIMENSION + ", got " + d);
        }
    }

    private static IllegalArgumentException bad(Path file, String message) {
        return new IllegalArgumentException(file + ": " + message);
    }
}
