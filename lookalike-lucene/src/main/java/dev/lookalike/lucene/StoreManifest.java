package dev.lookalike.lucene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.fusion.FusionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code lookalike-store.json}: the format version and the fusion settings of an index, written once when the index is
 * created (atomically: temp file, fsync, rename). Package-private; the format is in docs/index-format.md.
 */
final class StoreManifest {

    static final String FILE_NAME = "lookalike-store.json";
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoreManifest() {
    }

    static Optional<FusionSettings> read(Path dir) throws IOException {
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
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(file + ": store format version " + version + " is not supported by this build (it reads "
                    + FORMAT_VERSION + ")");
        }
        JsonNode f = root.path("fusion");
        List<String> fields = new ArrayList<>();
        f.path("attribute_fields").forEach(n -> fields.add(n.asText()));
        try {
            return Optional.of(new FusionSettings(
                    (float) f.path("image_weight").asDouble(),
                    (float) f.path("text_weight").asDouble(),
                    (float) f.path("attribute_weight").asDouble(),
                    f.path("image_encoder").asText(null),
                    f.path("image_dimension").asInt(),
                    f.path("text_encoder").asText(null),
                    f.path("text_dimension").asInt(),
                    f.path("attribute_dimension").asInt(),
                    fields));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": invalid fusion settings: " + e.getMessage(), e);
        }
    }

    static void write(Path dir, FusionSettings s) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        ObjectNode f = root.putObject("fusion");
        f.put("image_weight", s.imageWeight());
        f.put("text_weight", s.textWeight());
        f.put("attribute_weight", s.attributeWeight());
        f.put("image_encoder", s.imageEncoder());
        f.put("image_dimension", s.imageDimension());
        f.put("text_encoder", s.textEncoder());
        f.put("text_dimension", s.textDimension());
        f.put("attribute_dimension", s.attributeDimension());
        ArrayNode fields = f.putArray("attribute_fields");
        s.attributeFields().forEach(fields::add);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
