package io.unshistorian.server.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts under a pair of label values, e.g. (source, reason), added to from many threads and read
 * at a scrape. A label pair's counter is made once and then only added to.
 */
final class LabeledCounts {
    record Key(String first, String second) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String first, String second, long amount) {
        counts.computeIfAbsent(new Key(first, second), key -> new LongAdder()).add(amount);
    }

    Map<Key, LongAdder> all() {
        return counts;
    }
}
