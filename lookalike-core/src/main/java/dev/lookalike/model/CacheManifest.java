package dev.lookalike.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <cache>/<model>/lookalike-model.json}: what was downloaded into a model's folder, file by file: SHA-256,
 * size, whether the registry pinned it or it was trusted on first use, the URL and the time. Written atomically
 * (temp file, fsync, rename) after each file. Package-private; stateless.
 */
final class CacheManifest {

    static final String FILE_NAME = "lookalike-model.json";
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One downloaded file. */
    record Entry(String sha256, long size, boolean pinned, String url, Instant downloadedAt) {
    }

    private CacheManifest() {
    }

    /** The entries by file path; empty when the folder has no manifest. */
    static Map<String, Entry> read(Path modelDir) throws IOException {
        Path file = modelDir.resolve(FILE_NAME);
        Map<String, Entry> out = new TreeMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a valid model cache manifest: " + e.getMessage(), e);
        }
        int version = root.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IOException(file + ": model cache manifest version " + version + " is not supported (this build "
                    + "reads " + FORMAT_VERSION + ")");
        }
        for (Map.Entry<String, JsonNode> e : root.path("files").properties()) {
            JsonNode f = e.getValue();
            String sha = f.path("sha256").asText("");
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new IOException(file + ": file " + e.getKey() + " has no valid sha256");
            }
            Instant at;
            try {
                at = Instant.parse(f.path("downloaded_at").asText(""));
            } catch (java.time.format.DateTimeParseException ex) {
                at = Instant.EPOCH;
            }
            out.put(e.getKey(), new Entry(sha, f.path("size").asLong(-1), "pinned".equals(f.path("trust").asText()),
                    f.path("url").asText(""), at));
        }
        return out;
    }

    static void write(Path modelDir, String model, Map<String, Entry> entries) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("model", model);
        ObjectNode files = root.putObject("files");
        new TreeMap<>(entries).forEach((path, e) -> {
            ObjectNode f = files.putObject(path);
            f.put("sha256", e.sha256());
            f.put("size", e.size());
            f.put("trust", e.pinned() ? "pinned" : "first-use");
            f.put("url", e.url());
            f.put("downloaded_at", e.downloadedAt().toString());
        });
        // a name of its own: two processes pulling the same model each move their own complete file into place
        Path tmp = modelDir.resolve(FILE_NAME + "." + java.util.UUID.randomUUID() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(tmp, modelDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
