package io.unshistorian.compression.chunk;

import java.util.Arrays;

/**
 * The samples of one series as three parallel columns: timestamps (epoch ns), values as 64-bit
 * patterns, and quality codes. Reusable: encoders read from it and decoders fill it, growing its
 * arrays only when a chunk is larger than any before it.
 *
 * <p>Values are stored by type: DOUBLE as {@link Double#doubleToRawLongBits} (so NaN payloads and
 * -0.0 survive), LONG as is, BOOLEAN as 0 or 1, STRING as an index into {@link #dictionary()}.
 */
public final class SampleColumns {
    private ValueType type;
    private int size;
    private long[] timestamps;
    private long[] values;
    private long[] qualities;
    private final StringDictionary dictionary = new StringDictionary();

    public SampleColumns(ValueType type, int initialCapacity) {
        this.type = type;
        int capacity = Math.max(1, initialCapacity);
        this.timestamps = new long[capacity];
        this.values = new long[capacity];
        this.qualities = new long[capacity];
    }

    /** Empties the columns and sets the value type of what comes next. */
    public SampleColumns reset(ValueType newType) {
        this.type = newType;
        this.size = 0;
        dictionary.clear();
        return this;
    }

    /** Makes room for {@code capacity} samples, keeping the current ones. */
    public void ensureCapacity(int capacity) {
        if (capacity > timestamps.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, timestamps.length * 2L));
            timestamps = Arrays.copyOf(timestamps, grown);
            values = Arrays.copyOf(values, grown);
            qualities = Arrays.copyOf(qualities, grown);
        }
    }

    /** Appends a sample whose value is already in its 64-bit column form. */
    public void add(long timestampNanos, long valueBits, int quality) {
        if (size == timestamps.length) {
            ensureCapacity(size + 1);
        }
        timestamps[size] = timestampNanos;
        values[size] = valueBits;
        qualities[size] = quality & 0xFFFF_FFFFL;
        size++;
    }

    public void addDouble(long timestampNanos, double value, int quality) {
        add(timestampNanos, Double.doubleToRawLongBits(value), quality);
    }

    public void addLong(long timestampNanos, long value, int quality) {
        add(timestampNanos, value, quality);
    }

    public void addBoolean(long timestampNanos, boolean value, int quality) {
        add(timestampNanos, value ? 1 : 0, quality);
    }

    public void addString(long timestampNanos, String value, int quality) {
        add(timestampNanos, dictionary.indexOf(value), quality);
    }

    /** Sets the number of samples after a bulk fill of the arrays. */
    public void size(int newSize) {
        ensureCapacity(newSize);
        this.size = newSize;
    }

    public ValueType type() {
        return type;
    }

    public int size() {
        return size;
    }

    public long timestamp(int index) {
        return timestamps[index];
    }

    public long valueBits(int index) {
        return values[index];
    }

    public double doubleValue(int index) {
        return Double.longBitsToDouble(values[index]);
    }

    public boolean booleanValue(int index) {
        return values[index] != 0;
    }

    public String stringValue(int index) {
        return dictionary.get((int) values[index]);
    }

    public int quality(int index) {
        return (int) qualities[index];
    }

    /** The timestamp column; valid up to {@link #size()}. */
    public long[] timestamps() {
        return timestamps;
    }

    /** The value column; valid up to {@link #size()}. */
    public long[] values() {
        return values;
    }

    /** The quality column, as unsigned 32-bit codes in longs; valid up to {@link #size()}. */
    public long[] qualities() {
        return qualities;
    }

    public StringDictionary dictionary() {
        return dictionary;
    }
}
