package io.unshistorian.query;

import io.unshistorian.compression.chunk.ValueType;

/** The newest sample of a series (any quality): the last write at its greatest timestamp. */
public record LatestValue(String path, ValueType type, long timestamp, long valueBits, String text, int quality) {
    public double doubleValue() {
        return type == ValueType.DOUBLE ? Double.longBitsToDouble(valueBits) : valueBits;
    }
}
