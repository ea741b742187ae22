package io.unshistorian.storage.head;

import java.util.Arrays;

/** A reusable copy of a series' head samples, in arrival order. */
public final class HeadSamples {
    long[] timestamps = new long[16];
    long[] values = new long[16];
    int[] qualities = new int[16];
    String[] strings = new String[16];
    int size;

    void ensureCapacity(int capacity) {
        if (capacity > timestamps.length) {
            int grown = Math.max(capacity, timestamps.length * 2);
            timestamps = Arrays.copyOf(timestamps, grown);
            values = Arrays.copyOf(values, grown);
            qualities = Arrays.copyOf(qualities, grown);
            strings = Arrays.copyOf(strings, grown);
        }
    }

    public int size() {
        return size;
    }

    public long timestamp(int index) {
        return timestamps[index];
    }

    public long value(int index) {
        return values[index];
    }

    public int quality(int index) {
        return qualities[index];
    }

    public String string(int index) {
        return strings[index];
    }
}
