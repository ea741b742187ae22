package io.unshistorian.storage.write;

import java.util.Arrays;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.compression.chunk.ValueType;

/**
 * A batch of samples to write, held as columns. A batch is validated whole and then accepted whole
 * or rejected whole. Reusable: {@link #clear()} keeps the arrays. Not thread-safe; give each writer
 * thread its own batch.
 *
 * <p>Timestamps are epoch nanoseconds (UTC). Quality is an OPC UA status code; the methods without
 * it write Good (0).
 */
public final class WriteBatch {
    private String[] paths;
    private byte[] types;
    private long[] timestamps;
    private long[] values;
    private int[] qualities;
    private String[] strings;
    private int size;

    public WriteBatch() {
        this(256);
    }

    public WriteBatch(int initialCapacity) {
        int capacity = Math.max(1, initialCapacity);
        paths = new String[capacity];
        types = new byte[capacity];
        timestamps = new long[capacity];
        values = new long[capacity];
        qualities = new int[capacity];
    }

    public WriteBatch addDouble(String path, long timestampNanos, double value) {
        return addDouble(path, timestampNanos, value, Quality.GOOD);
    }

    public WriteBatch addDouble(String path, long timestampNanos, double value, int quality) {
        return add(path, ValueType.DOUBLE, timestampNanos, Double.doubleToRawLongBits(value), quality);
    }

    public WriteBatch addLong(String path, long timestampNanos, long value) {
        return addLong(path, timestampNanos, value, Quality.GOOD);
    }

    public WriteBatch addLong(String path, long timestampNanos, long value, int quality) {
        return add(path, ValueType.LONG, timestampNanos, value, quality);
    }

    public WriteBatch addBoolean(String path, long timestampNanos, boolean value) {
        return addBoolean(path, timestampNanos, value, Quality.GOOD);
    }

    public WriteBatch addBoolean(String path, long timestampNanos, boolean value, int quality) {
        return add(path, ValueType.BOOLEAN, timestampNanos, value ? 1 : 0, quality);
    }

    public WriteBatch addString(String path, long timestampNanos, String value) {
        return addString(path, timestampNanos, value, Quality.GOOD);
    }

    public WriteBatch addString(String path, long timestampNanos, String value, int quality) {
        add(path, ValueType.STRING, timestampNanos, 0, quality);
        if (strings == null) {
            strings = new String[paths.length];
        }
        strings[size - 1] = value;
        return this;
    }

    private WriteBatch add(String path, ValueType type, long timestamp, long value, int quality) {
        if (size == paths.length) {
            grow();
        }
        paths[size] = path;
        types[size] = (byte) type.code();
        timestamps[size] = timestamp;
        values[size] = value;
        qualities[size] = quality;
        size++;
        return this;
    }

    private void grow() {
        int capacity = paths.length * 2;
        paths = Arrays.copyOf(paths, capacity);
        types = Arrays.copyOf(types, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        values = Arrays.copyOf(values, capacity);
        qualities = Arrays.copyOf(qualities, capacity);
        if (strings != null) {
            strings = Arrays.copyOf(strings, capacity);
        }
    }

    /**
     * Takes out the sample at {@code index}; the samples after it move up one place. For a writer
     * that drops the sample a {@link BatchRejectedException} names and writes the rest again.
     */
    public void remove(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("sample " + index + " of a batch of " + size);
        }
        int after = size - index - 1;
        System.arraycopy(paths, index + 1, paths, index, after);
        System.arraycopy(types, index + 1, types, index, after);
        System.arraycopy(timestamps, index + 1, timestamps, index, after);
        System.arraycopy(values, index + 1, values, index, after);
        System.arraycopy(qualities, index + 1, qualities, index, after);
        if (strings != null) {
            System.arraycopy(strings, index + 1, strings, index, after);
            strings[size - 1] = null;
        }
        paths[size - 1] = null;
        size--;
    }

    /** Empties the batch, keeping its capacity. */
    public void clear() {
        Arrays.fill(paths, 0, size, null);
        if (strings != null) {
            Arrays.fill(strings, 0, size, null);
        }
        size = 0;
    }

    public int size() {
        return size;
    }

    public String path(int index) {
        return paths[index];
    }

    public ValueType type(int index) {
        return ValueType.fromCode(types[index]);
    }

    public long timestamp(int index) {
        return timestamps[index];
    }

    /** The value as a 64-bit word: raw double bits, the long, 0/1; 0 for STRING. */
    public long valueBits(int index) {
        return values[index];
    }

    public int quality(int index) {
        return qualities[index];
    }

    /** The text of a STRING sample; null for other types. */
    public String stringValue(int index) {
        return strings == null ? null : strings[index];
    }
}
