package dev.lookalike.engine;

import dev.lookalike.search.ProductStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit over a {@link ProductStore}: a writer takes a ticket after its write has returned
 * ({@link #written()}), then waits until a commit that started after that covers it ({@link #awaitDurable}). One
 * waiter commits at a time; writers that arrive meanwhile wait and share the next commit, so concurrent writers pay
 * for one commit together rather than one each.
 *
 * <p>Thread-safe.
 */
final class GroupCommit {

    private final ProductStore store;
    private final AtomicLong written = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    /** Highest ticket known durable; guarded by {@link #lock}. */
    private long committed;
    /** Whether a commit is running; guarded by {@link #lock}. */
    private boolean committing;

    GroupCommit(ProductStore store) {
        this.store = store;
    }

    /** A ticket for writes that have returned; call it after the write, never before. */
    long written() {
        return written.incrementAndGet();
    }

    /** Returns once a commit made after {@code ticket} was issued has succeeded; its exception otherwise. */
    void awaitDurable(long ticket) throws IOException {
        lock.lock();
        try {
            while (committed < ticket) {
                if (committing) {
                    finished.await();
                    continue;
                }
                committing = true;
                long covers = written.get(); // every ticket up to here belongs to a write that has returned
                boolean ok = false;
                lock.unlock();
                try {
                    store.commit();
                    ok = true;
                } finally {
                    lock.lock();
                    committing = false;
                    if (ok) {
                        committed = Math.max(committed, covers);
                    }
                    finished.signalAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a commit");
        } finally {
            lock.unlock();
        }
    }

    /** Commits whatever was written and not yet committed; nothing when all is durable. */
    void flush() throws IOException {
        awaitDurable(written.get());
    }
}
