package io.unshistorian.ingest.mqtt;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.series.SeriesMetadata;

/** Where decoders put samples of an exact type (the ingest thread's batch). */
public interface SampleSink {
    void doubleSample(String path, long timestampNanos, double value, int quality) throws BadMessageException;

    void longSample(String path, long timestampNanos, long value, int quality) throws BadMessageException;

    void booleanSample(String path, long timestampNanos, boolean value, int quality) throws BadMessageException;

    void stringSample(String path, long timestampNanos, String value, int quality) throws BadMessageException;

    /** The type of the series at {@code path}, stored or about to be, or null when it has none yet. */
    ValueType typeOf(String path);

    /** Sets a series' metadata once this batch is written (when it differs from what is stored). */
    void metadata(String path, SeriesMetadata metadata);

    /** Counts and logs (at a bounded rate) a part of a message that is not stored; the rest goes on. */
    void rejected(Reason reason, String topic, String detail);
}
