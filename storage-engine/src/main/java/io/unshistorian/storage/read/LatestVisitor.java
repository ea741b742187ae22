package io.unshistorian.storage.read;

import io.unshistorian.storage.series.Series;

/** Receives the newest sample of one series (see {@code StorageEngine.latest}). */
@FunctionalInterface
public interface LatestVisitor {
    void latest(Series series, long timestampNanos, long valueBits, int quality, String text);
}
