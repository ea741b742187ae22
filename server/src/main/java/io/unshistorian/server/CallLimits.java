package io.unshistorian.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.unshistorian.server.security.Access;

/**
 * What the server lets run at once, so that no client — or crowd of clients — can exhaust it: a
 * number of queries (each holds a reader and, while its client reads slowly, a thread), and the
 * bytes of write batches being converted and stored; and, so that one client cannot starve the
 * others, the calls each principal has in progress (its limits come with its grants). Beyond them a
 * call is refused with RESOURCE_EXHAUSTED (a write batch: a retryable rejection), saying what to do.
 */
final class CallLimits {
    /** Queries (every read RPC) running at once. */
    static final int MAX_QUERIES = 64;
    /** Bytes of write batches converted and stored at once. */
    static final long MAX_WRITE_BYTES = 256L << 20;
    /** How long a write batch waits for room among the others before it is refused. */
    static final long WRITE_WAIT_MILLIS = 10_000;

    private final Semaphore queries;
    private final Semaphore writeKilobytes;
    private final int totalWriteKilobytes;
    private final ConcurrentHashMap<String, Integer> callsByPrincipal = new ConcurrentHashMap<>();

    CallLimits() {
        this(MAX_QUERIES, MAX_WRITE_BYTES);
    }

    CallLimits(int maxQueries, long maxWriteBytes) {
        this.queries = new Semaphore(maxQueries);
        this.totalWriteKilobytes = (int) Math.max(1, maxWriteBytes >> 10);
        this.writeKilobytes = new Semaphore(totalWriteKilobytes);
    }

    /** Takes a query slot, or refuses the call. Give it back with {@link #queryDone()}. */
    void startQuery() {
        if (!queries.tryAcquire()) {
            throw Status.RESOURCE_EXHAUSTED.withDescription(MAX_QUERIES + " queries are running already; retry "
                + "shortly").asRuntimeException();
        }
    }

    void queryDone() {
        queries.release();
    }

    /** Counts a call (a query or a write stream) of the caller, or refuses it. Give it back with {@link #callDone}. */
    void startCall(Access access) {
        String principal = access.principal().name();
        int limit = access.limits().calls();
        boolean[] refused = {false};
        // One atomic step per principal: a count that reaches 0 is removed, so idle principals cost nothing.
        callsByPrincipal.compute(principal, (p, calls) -> {
            int current = calls == null ? 0 : calls;
            if (current >= limit) {
                refused[0] = true;
                return calls;
            }
            return current + 1;
        });
        if (refused[0]) {
            throw Status.RESOURCE_EXHAUSTED.withDescription(principal + " has " + limit + " calls in progress, its "
                + "limit; wait for one to finish (or ask for a higher limit: historian grant limit)").asRuntimeException();
        }
    }

    void callDone(Access access) {
        callsByPrincipal.computeIfPresent(access.principal().name(), (principal, calls) -> calls <= 1 ? null : calls - 1);
    }

    /**
     * Takes room for a write batch of {@code bytes}, waiting up to {@link #WRITE_WAIT_MILLIS}.
     *
     * @return the permits taken (give them back with {@link #writeDone}), or 0 when there was no room
     */
    int startWrite(long bytes) throws InterruptedException {
        int permits = (int) Math.min(totalWriteKilobytes, (bytes >> 10) + 1);   // a batch above the total waits for all
        return writeKilobytes.tryAcquire(permits, WRITE_WAIT_MILLIS, TimeUnit.MILLISECONDS) ? permits : 0;
    }

    void writeDone(int permits) {
        writeKilobytes.release(permits);
    }
}
