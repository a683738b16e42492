package dev.lookalike.model;

import java.net.URI;

/** Hears how a pull goes, for a progress display. Called on the pulling thread; implementations must be quick. */
public interface PullListener {

    /** Ignores everything. */
    PullListener NONE = new PullListener() {
    };

    /** A file's download starts; {@code totalBytes} is -1 when unknown. */
    default void downloading(ModelFile file, URI url, long totalBytes) {
    }

    /** Bytes received so far for the file being downloaded; called at most every 64 KiB. */
    default void progress(ModelFile file, long bytes, long totalBytes) {
    }

    /** A file is in the cache and verified. */
    default void done(PullReport.FileOutcome outcome) {
    }
}
