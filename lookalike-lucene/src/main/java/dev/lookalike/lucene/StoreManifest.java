package dev.lookalike.lucene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.FusionSettingsJson;
import dev.lookalike.projection.Projection;
import dev.lookalike.projection.ProjectionDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code lookalike-store.json}: the format version and the fusion settings of an index, written once when the index is
 * created (atomically: temp file, fsync, rename). Version 2 adds the image projection (or {@code null}); version 1
 * files are still read, as "no projection". Version 3 has the same keys and marks an index whose products with two or
 * more pictures have picture documents (docs/index-format.md); versions 1 and 2 are still read, without them.
 * {@code vector_quantization} (none, int8, int4) is optional in every version: a manifest without it is an index with
 * float32 graphs. Package-private; the format is in docs/index-format.md.
 */
final class StoreManifest {

    static final String FILE_NAME = "lookalike-store.json";
    static final int FORMAT_VERSION = 3;
    /** The oldest version this build reads. */
    static final int OLDEST_READABLE_VERSION = 1;
    /** Where a new index keeps its image projection (docs/index-format.md). */
    static final String IMAGE_PROJECTION_FILE = "image-projection.lkp";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * What a manifest holds.
     *
     * @param formatVersion       the version it was written in
     * @param settings            the fusion settings
     * @param imageProjectionFile the projection file's name in the index folder, or {@code null} when there is none
     * @param quantization        how the fused vectors' graph is quantized ({@code vector_quantization}; absent means none)
     */
    record Contents(int formatVersion, FusionSettings settings, String imageProjectionFile, VectorQuantization quantization) {

        /** Whether products are written as blocks with picture documents (version 3 and later). */
        boolean pictureBlocks() {
            return formatVersion >= 3;
        }
    }

    private StoreManifest() {
    }

    static Optional<Contents> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a valid store manifest: " + e.getMessage(), e);
        }
        int version = root.path("format_version").asInt(-1);
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new IllegalArgumentException(file + ": store format version " + version + " is not supported by this build (it reads "
                    + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION + ")");
        }
        VectorQuantization quantization;
        try {
            quantization = VectorQuantization.parse(root.path("vector_quantization").asText("none"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": field 'vector_quantization': " + e.getMessage(), e);
        }
        JsonNode f = root.path("fusion");
        ProjectionDescriptor projection = null;
        String projectionFile = null;
        JsonNode p = f.path("image_projection");
        if (version >= 2 && p.isObject()) {
            try {
                projection = new ProjectionDescriptor(p.path("kind").asText(null), p.path("id").asText(null),
                        p.path("input_dimension").asInt(), p.path("output_dimension").asInt());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": invalid image_projection: " + e.getMessage(), e);
            }
            projectionFile = p.path("file").asText("");
            if (!projectionFile.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
                throw new IllegalArgumentException(file + ": image_projection.file must be a plain file name in the index folder, got '"
                        + projectionFile + "'");
            }
        } else if (version >= 2 && !p.isNull() && !p.isMissingNode()) {
            throw new IllegalArgumentException(file + ": image_projection must be an object or null, got " + p);
        }
        try {
            return Optional.of(new Contents(version, FusionSettingsJson.read(f, projection), projectionFile, quantization));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": invalid fusion settings: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a version-{@value #FORMAT_VERSION} manifest. {@code imageProjection} must be the projection the settings
     * name (or {@code null} when they name none); its file is {@link #IMAGE_PROJECTION_FILE}.
     */
    static void write(Path dir, FusionSettings s, Projection imageProjection, VectorQuantization quantization) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("vector_quantization", quantization.id());
        ObjectNode f = root.putObject("fusion");
        FusionSettingsJson.write(s, f);
        if (s.imageProjection() == null) {
            f.putNull("image_projection");
        } else {
            ProjectionDescriptor d = s.imageProjection();
            ObjectNode p = f.putObject("image_projection");
            p.put("kind", d.kind());
            p.put("id", d.id());
            p.put("input_dimension", d.inputDimension());
            p.put("output_dimension", d.outputDimension());
            p.put("file", IMAGE_PROJECTION_FILE);
            p.put("description", imageProjection == null ? "" : imageProjection.description());
        }
        Path tmp = dir.resolve(FILE_NAME + "." + java.util.UUID.randomUUID() + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
