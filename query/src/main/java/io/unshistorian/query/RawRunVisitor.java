package io.unshistorian.query;

import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.storage.series.Series;

/**
 * A {@link RawVisitor} that can also take a run of samples as decoded column arrays (the in-range
 * samples of a chunk nothing else overlaps), for a consumer that copies arrays in bulk, such as a
 * wire encoder. Merged and head samples still arrive one at a time, in time order with the runs.
 */
public interface RawRunVisitor extends RawVisitor {
    /**
     * Samples {@code [from, to)} of {@code columns}, of {@code series}, in time order. The arrays are
     * valid only during the call.
     */
    void samples(Series series, SampleColumns columns, int from, int to);
}
