package io.unshistorian.ingest.mqtt;

import java.time.Instant;

/**
 * Epoch nanoseconds of a message's arrival, measured on the monotonic clock ({@link
 * System#nanoTime}) when it arrived and mapped to the wall clock through a base the ingest thread
 * renews every second. Two messages of one topic a microsecond apart get timestamps a microsecond
 * apart, where the millisecond wall clock would give both one timestamp (and keep only the last).
 * Not thread-safe: the ingest thread's.
 */
public final class ArrivalClock {
    private static final long RENEW_NANOS = 1_000_000_000L;

    private long baseNano;
    private long baseEpochNanos;

    public long epochNanos(long arrivalNanoTime) {
        long now = System.nanoTime();
        if (baseEpochNanos == 0 || now - baseNano > RENEW_NANOS) {
            Instant wall = Instant.now();
            baseNano = System.nanoTime();
            baseEpochNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        }
        return baseEpochNanos + (arrivalNanoTime - baseNano);
    }
}
