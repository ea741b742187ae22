package io.unshistorian.storage.read;

import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;

/**
 * A {@link SampleVisitor} that can also take a run of samples as decoded column arrays, so a bulk
 * consumer (an Arrow exporter) copies arrays instead of taking one call per sample. A raw read
 * hands it the in-range samples of each chunk that nothing else overlaps as runs; merged and head
 * samples still arrive one at a time through {@link #sample}, interleaved in time order.
 */
public interface SampleRunVisitor extends SampleVisitor {
    /**
     * The samples {@code [from, to)} of {@code columns}, in time order, each the last write of its
     * timestamp. The arrays are only valid during the call (the reader reuses them).
     */
    void samples(SampleColumns columns, int from, int to);

    /** Passes a run on one sample at a time: for a visitor that takes runs only sometimes. */
    static void oneByOne(SampleColumns columns, int from, int to, SampleVisitor visitor) {
        boolean strings = columns.type() == ValueType.STRING;
        for (int k = from; k < to; k++) {
            visitor.sample(columns.timestamp(k), columns.valueBits(k), columns.quality(k),
                strings ? columns.stringValue(k) : null);
        }
    }
}
