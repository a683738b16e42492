package dev.lookalike.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A {@link CatalogSink} decorator that applies an {@link OnError} policy to rejected rows: products go to the
 * wrapped sink; under {@link OnError#FAIL} the first rejection throws {@link CatalogFailedException}, under
 * {@link OnError#SKIP} every rejection is written to a {@link RejectsWriter} and reading goes on (an I/O error
 * writing it surfaces as {@link UncheckedIOException}). The wrapped sink's {@code reject} is not called.
 * Not thread-safe, like the sinks it wraps.
 */
public final class ErrorPolicySink implements CatalogSink {

    private final CatalogSink delegate;
    private final OnError policy;
    private final RejectsWriter rejects;
    private long rejected;

    /**
     * @param rejects where skipped rows go; required for {@link OnError#SKIP}, ignored (may be null) for FAIL
     */
    public ErrorPolicySink(CatalogSink delegate, OnError policy, RejectsWriter rejects) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (policy == OnError.SKIP && rejects == null) {
            throw new IllegalArgumentException("on-error=skip needs a RejectsWriter, got null");
        }
        this.rejects = rejects;
    }

    @Override
    public void accept(Product product) {
        delegate.accept(product);
    }

    @Override
    public void reject(RowError error) {
        rejected++;
        if (policy == OnError.FAIL) {
            throw new CatalogFailedException(error);
        }
        try {
            rejects.write(error);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rejected row to " + rejects + ": " + e.getMessage(), e);
        }
    }

    /** Rows rejected so far. */
    public long rejected() {
        return rejected;
    }
}
