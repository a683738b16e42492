package dev.lookalike.engine;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of an asynchronous catalog job ({@link CatalogService#submitReindex()},
 * {@link CatalogService#submitUpsert}). Immutable.
 *
 * @param id            the job's id (unique within one running service)
 * @param type          {@code reindex} or {@code upsert}
 * @param state         where it is
 * @param total         products the job will process ({@code -1} until known)
 * @param processed     products processed so far; every one of them is committed (durable)
 * @param warningCount  problems that did not stop the job (a picture that could not be used)
 * @param warnings      the first {@link #MAX_LISTED_WARNINGS} of them
 * @param error         why the job failed; {@code null} unless {@link State#FAILED}
 * @param created       when it was submitted
 * @param started       when it started running, or {@code null}
 * @param finished      when it ended, or {@code null}
 */
public record JobStatus(String id, String type, State state, long total, long processed, long warningCount,
                        List<String> warnings, String error, Instant created, Instant started, Instant finished) {

    public static final int MAX_LISTED_WARNINGS = 20;

    /** A job's states: {@code QUEUED → RUNNING → SUCCEEDED | FAILED}. */
    public enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        public boolean done() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    public JobStatus {
        warnings = List.copyOf(warnings);
    }
}
