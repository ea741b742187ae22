package io.unshistorian.ingest;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.ingest.mqtt.Reason;
import io.unshistorian.ingest.mqtt.SampleSink;
import io.unshistorian.storage.series.SeriesMetadata;

/**
 * The sample sink of the ingest fuzz targets (docs/fuzzing.md): keeps each path's type as the
 * ingest thread's batch does (the first sample's, or one given beforehand as if stored), checks
 * that what decoders hand over is whole and of its series' type (a decoder asks {@link #typeOf}
 * first; a sample of another type would make the historian refuse the batch), and counts it.
 */
public final class FuzzSampleSink implements SampleSink {
    private final Map<String, ValueType> types = new HashMap<>();
    private long samples;
    private long rejected;

    /** Forgets every path; the next message finds no series. */
    public void clear() {
        types.clear();
        samples = 0;
        rejected = 0;
    }

    /** Makes {@code path} a series of {@code type}, as if stored before. */
    public void stored(String path, ValueType type) {
        types.put(path, type);
    }

    public long samples() {
        return samples;
    }

    public long rejected() {
        return rejected;
    }

    private void sample(String path, ValueType type) {
        assertNotNull(path, "a sample without a path");
        ValueType known = types.putIfAbsent(path, type);
        assertTrue(known == null || known == type, "a " + type + " sample for " + path + ", a " + known + " series");
        samples++;
    }

    @Override
    public void doubleSample(String path, long timestampNanos, double value, int quality) {
        sample(path, ValueType.DOUBLE);
    }

    @Override
    public void longSample(String path, long timestampNanos, long value, int quality) {
        sample(path, ValueType.LONG);
    }

    @Override
    public void booleanSample(String path, long timestampNanos, boolean value, int quality) {
        sample(path, ValueType.BOOLEAN);
    }

    @Override
    public void stringSample(String path, long timestampNanos, String value, int quality) {
        assertNotNull(value, "a STRING sample without text");
        sample(path, ValueType.STRING);
    }

    @Override
    public ValueType typeOf(String path) {
        return types.get(path);
    }

    @Override
    public void metadata(String path, SeriesMetadata metadata) {
        assertNotNull(path);
        assertNotNull(metadata);
    }

    @Override
    public void rejected(Reason reason, String topic, String detail) {
        assertNotNull(reason);
        assertNotNull(detail);
        rejected++;
    }
}
