package io.unshistorian.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The highest origin sequence stored per caller and origin (a forwarding historian), so a batch it
 * sends again (after a timeout or a reconnect) is acknowledged without being stored twice. Keyed by
 * the caller too, so no principal can make another's batches look like duplicates. In memory: after
 * a restart the first resends are stored again, which is harmless (the last write of a timestamp wins,
 * and a resend carries the same values).
 */
final class OriginSequences {
    /** Origins remembered at most, and the longest origin remembered: a caller cannot grow this without bound. */
    static final int MAX_ORIGINS = 4096;
    static final int MAX_ORIGIN_CHARS = 256;

    private final ConcurrentHashMap<String, Long> highest = new ConcurrentHashMap<>();

    private static String key(String principal, String origin) {
        return principal + '\n' + origin;
    }

    /** Whether a batch ending at {@code sequence} was stored before. */
    boolean stored(String principal, String origin, long sequence) {
        Long seen = highest.get(key(principal, origin));
        return seen != null && Long.compareUnsigned(sequence, seen) <= 0;
    }

    /**
     * Records a batch ending at {@code sequence} as stored. Past the bounds an origin is not
     * remembered: its resends are then stored again, which is harmless.
     */
    void record(String principal, String origin, long sequence) {
        String key = key(principal, origin);
        if (origin.length() > MAX_ORIGIN_CHARS || !highest.containsKey(key) && highest.size() >= MAX_ORIGINS) {
            return;
        }
        highest.merge(key, sequence, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
    }
}
