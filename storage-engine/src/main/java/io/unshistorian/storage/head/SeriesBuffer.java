package io.unshistorian.storage.head;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import io.unshistorian.compression.chunk.ValueType;

/**
 * The recent samples of one series, in arrival order (not sorted; duplicates kept, so the last
 * write of a timestamp is the last one here). One writer at a time appends (the engine's write
 * lock); any number of readers take {@link #snapshot}s without locking: a reader reads the
 * volatile size first and then the arrays, which hold at least that many samples.
 */
public final class SeriesBuffer {
    /** Bytes per sample held: timestamp, value word, quality (a STRING sample also its reference). */
    static final int BYTES_PER_SAMPLE = 8 + 8 + 4;
    static final int OVERHEAD_BYTES = 64;

    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(SeriesBuffer.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int seriesId;
    private final ValueType type;
    private long[] timestamps;
    private long[] values;
    private int[] qualities;
    private String[] strings;
    /** Published with release stores and read with acquire loads: no full fence per sample. */
    private int size;

    SeriesBuffer(int seriesId, ValueType type, int initialCapacity) {
        this.seriesId = seriesId;
        this.type = type;
        int capacity = Math.max(4, initialCapacity);
        this.timestamps = new long[capacity];
        this.values = new long[capacity];
        this.qualities = new int[capacity];
        this.strings = type == ValueType.STRING ? new String[capacity] : null;
    }

    /**
     * Appends a sample; returns the bytes of memory this added (non-zero when the arrays grew).
     * Only the writer holding the engine's write lock calls this.
     */
    long append(long timestamp, long value, int quality, String text) {
        int n = size;   // only the writer changes it
        long added = 0;
        if (n == timestamps.length) {
            added = grow(n);
        }
        timestamps[n] = timestamp;
        values[n] = value;
        qualities[n] = quality;
        if (strings != null) {
            strings[n] = text;
        }
        SIZE.setRelease(this, n + 1);
        return added;
    }

    private long grow(int n) {
        int capacity = n + (n >> 1) + 4;
        timestamps = Arrays.copyOf(timestamps, capacity);
        values = Arrays.copyOf(values, capacity);
        qualities = Arrays.copyOf(qualities, capacity);
        if (strings != null) {
            strings = Arrays.copyOf(strings, capacity);
        }
        return (long) (capacity - n) * bytesPerSample();
    }

    private int bytesPerSample() {
        return BYTES_PER_SAMPLE + (strings != null ? 8 : 0);
    }

    /** Memory held, in bytes (arrays at their capacity plus a fixed overhead). */
    long bytes() {
        return (long) timestamps.length * bytesPerSample() + OVERHEAD_BYTES;
    }

    public int seriesId() {
        return seriesId;
    }

    public ValueType type() {
        return type;
    }

    public int size() {
        return (int) SIZE.getAcquire(this);
    }

    /**
     * Points {@code into} at the samples held now, in arrival order, without copying them. Returns
     * how many. Safe while a writer appends: the size is read first (acquire), then the arrays, which
     * hold at least that many samples.
     */
    public int view(HeadSamples into) {
        int n = size();
        into.timestamps = timestamps;
        into.values = values;
        into.qualities = qualities;
        into.strings = strings;
        into.size = n;
        return n;
    }
}
