package io.unshistorian.ingest.sparkplug;

import java.util.LinkedHashMap;
import java.util.Map;

import io.unshistorian.compression.chunk.ValueType;

/**
 * A metric as its birth defined it — the series it is stored in, its Sparkplug datatype, a
 * template's members — and the last value stored, which a death repeats with a stale quality.
 */
final class MetricInfo {
    final String name;
    final String path;
    final int datatype;
    /** A template instance's members by name (empty for other metrics). */
    final Map<String, MetricInfo> members = new LinkedHashMap<>();

    ValueType lastType;
    long lastBits;
    String lastString;
    long lastTimestampNanos = Long.MIN_VALUE;

    MetricInfo(String name, String path, int datatype) {
        this.name = name;
        this.path = path;
        this.datatype = datatype;
    }

    void remember(ValueType type, long bits, String text, long timestampNanos) {
        if (timestampNanos >= lastTimestampNanos) {
            lastType = type;
            lastBits = bits;
            lastString = text;
            lastTimestampNanos = timestampNanos;
        }
    }
}
