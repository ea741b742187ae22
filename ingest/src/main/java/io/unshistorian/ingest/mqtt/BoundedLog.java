package io.unshistorian.ingest.mqtt;

import java.util.EnumMap;
import java.util.Map;

import org.slf4j.Logger;

/**
 * Logs bad input at a bounded rate: the first occurrence of each {@link Reason}, then at most one
 * line per reason per interval, saying how many were suppressed meanwhile. A flood of bad messages
 * must not flood the log. Thread-safe.
 */
final class BoundedLog {
    private final Logger log;
    private final long intervalNanos;
    private final Map<Reason, long[]> state = new EnumMap<>(Reason.class);

    BoundedLog(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    synchronized void warn(Reason reason, String topic, String detail) {
        long now = System.nanoTime();
        long[] last = state.computeIfAbsent(reason, r -> new long[] {now - intervalNanos, 0});
        if (now - last[0] < intervalNanos) {
            last[1]++;
            return;
        }
        if (last[1] > 0) {
            log.warn("not stored ({}): topic {}: {} ({} more like it since the last line)", reason, topic, detail,
                last[1]);
        } else {
            log.warn("not stored ({}): topic {}: {}", reason, topic, detail);
        }
        last[0] = now;
        last[1] = 0;
    }
}
