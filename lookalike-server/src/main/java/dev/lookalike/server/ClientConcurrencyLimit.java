package dev.lookalike.server;

import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code limit} requests in flight per client address: a {@code before} handler takes a slot or refuses the
 * request with 429 and {@code Retry-After: 1}; an {@code after} handler (which Javalin runs also when the handler
 * threw) gives the slot back; a request answered another way (a timeout) gives it back there. A slot is given back at
 * most once. The client is the connection's remote address ({@link Context#ip()}): behind a reverse
 * proxy every request comes from the proxy, so limit there instead.
 *
 * <p>Only addresses with a request in flight are remembered, so the map stays as small as the number of busy clients.
 * Thread-safe.
 */
final class ClientConcurrencyLimit {

    private static final String SLOT = ClientConcurrencyLimit.class.getName() + ".slot";

    private final int limit;
    /** A slot a request holds: its client, and whether it was given back. */
    private record Slot(String client, AtomicBoolean released) {
    }

    /** Requests in flight per address; an address with none has no entry. */
    private final ConcurrentMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    /** @param limit most requests in flight per client address, at least 1 */
    ClientConcurrencyLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the per-client concurrency limit must be >= 1, got " + limit);
        }
        this.limit = limit;
    }

    /**
     * Takes a slot for the request's client, or throws a 429. A request holds at most one: Jetty's forward of "/" to
     * the welcome file runs the before handlers again on the same request, and a second slot would never be given back.
     */
    void acquire(Context ctx) {
        if (ctx.attribute(SLOT) != null) {
            return;
        }
        String client = ctx.ip();
        boolean[] taken = new boolean[1];
        inFlight.compute(client, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= limit) {
                return n;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            ctx.header("Retry-After", "1");
            throw new ApiException(429, "too_many_requests", "more than " + limit
                    + " concurrent requests from this client; retry after the others finish");
        }
        ctx.attribute(SLOT, new Slot(client, new AtomicBoolean()));
    }

    /** Gives back the slot the request took, if it took one. */
    void release(Context ctx) {
        Slot slot = ctx.attribute(SLOT);
        if (slot != null && slot.released().compareAndSet(false, true)) {
            inFlight.computeIfPresent(slot.client(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Requests in flight from {@code client} (for tests). */
    int inFlight(String client) {
        return inFlight.getOrDefault(client, 0);
    }
}
