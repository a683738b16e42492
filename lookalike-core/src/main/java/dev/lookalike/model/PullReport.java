package dev.lookalike.model;

import java.util.List;

/**
 * What a pull did, file by file.
 *
 * @param model the model's name
 * @param files one outcome per file of the model, in the registry's order
 */
public record PullReport(String model, List<FileOutcome> files) {

    public PullReport {
        files = List.copyOf(files);
    }

    /** What happened to a file. */
    public enum Action {
        /** It was in the cache already and its SHA-256 matched. */
        ALREADY_CACHED,
        /** It was downloaded and verified. */
        DOWNLOADED,
        /** The cached copy failed its checksum (or size) and was downloaded again. */
        REPLACED_CORRUPT
    }

    /**
     * @param path   the file's path in the model
     * @param action what happened
     * @param size   its size in bytes
     * @param sha256 its SHA-256
     * @param pinned whether the registry pinned it ({@code false}: trusted on first use)
     */
    public record FileOutcome(String path, Action action, long size, String sha256, boolean pinned) {
    }

    /** Bytes downloaded by this pull. */
    public long downloadedBytes() {
        return files.stream().filter(f -> f.action() != Action.ALREADY_CACHED).mapToLong(FileOutcome::size).sum();
    }
}
