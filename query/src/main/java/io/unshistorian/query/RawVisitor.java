package io.unshistorian.query;

import io.unshistorian.storage.series.Series;

/** Receives a raw read: each series' samples in time order, series in path order. */
public interface RawVisitor {
    void sample(Series series, long timestampNanos, long valueBits, int quality, String text);
}
