package io.unshistorian.embedded;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.compression.chunk.ValueType;

/**
 * One stored sample as returned by a read: timestamp (epoch ns, UTC), typed value, OPC UA quality.
 */
public record Sample(long timestampNanos, ValueType type, long valueBits, String text, int quality) {
    public double doubleValue() {
        switch (type) {
            case DOUBLE:
                return Double.longBitsToDouble(valueBits);
            case LONG:
            case BOOLEAN:
                return valueBits;
            default:
                throw new IllegalStateException("a " + type + " sample has no numeric value");
        }
    }

    public long longValue() {
        if (type != ValueType.LONG && type != ValueType.BOOLEAN) {
            throw new IllegalStateException("a " + type + " sample has no long value");
        }
        return valueBits;
    }

    public boolean booleanValue() {
        if (type != ValueType.BOOLEAN) {
            throw new IllegalStateException("a " + type + " sample has no boolean value");
        }
        return valueBits != 0;
    }

    public String stringValue() {
        if (type != ValueType.STRING) {
            throw new IllegalStateException("a " + type + " sample has no string value");
        }
        return text;
    }

    /** The value as a boxed object: Double, Long, Boolean or String. */
    public Object value() {
        switch (type) {
            case DOUBLE:
                return Double.longBitsToDouble(valueBits);
            case LONG:
                return valueBits;
            case BOOLEAN:
                return valueBits != 0;
            default:
                return text;
        }
    }

    public boolean isGood() {
        return Quality.isGood(quality);
    }
}
