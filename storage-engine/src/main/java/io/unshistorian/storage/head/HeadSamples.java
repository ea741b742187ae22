package io.unshistorian.storage.head;

import io.unshistorian.storage.read.SampleVisitor;

/**
 * A reader's view of a series' head samples in arrival order: the buffer's own arrays, not a copy,
 * and the size published when the view was taken. Safe while a writer appends (it only writes
 * beyond that size, and a growing buffer copies into new arrays and leaves these as they are).
 * Reusable; {@link #clear()} drops the references so a compacted head can be collected.
 */
public final class HeadSamples {
    private static final long[] NO_LONGS = new long[0];
    private static final int[] NO_INTS = new int[0];

    long[] timestamps = NO_LONGS;
    long[] values = NO_LONGS;
    int[] qualities = NO_INTS;
    String[] strings;
    int size;

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

    /** The text of a STRING sample; null for other types. */
    public String string(int index) {
        return strings == null ? null : strings[index];
    }

    /** Whether the samples are in time order (equal timestamps allowed): true for data written in order. */
    public boolean isSorted() {
        for (int i = 1; i < size; i++) {
            if (timestamps[i] < timestamps[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Emits sorted samples one per timestamp, the last written of each (they arrive in write order);
     * only for {@link #isSorted() sorted} samples.
     */
    public void emitLastWrites(SampleVisitor visitor) {
        for (int i = 0; i < size; i++) {
            if (i + 1 < size && timestamps[i + 1] == timestamps[i]) {
                continue;
            }
            visitor.sample(timestamps[i], values[i], qualities[i], strings == null ? null : strings[i]);
        }
    }

    /** Forgets the viewed buffer. */
    public void clear() {
        timestamps = NO_LONGS;
        values = NO_LONGS;
        qualities = NO_INTS;
        strings = null;
        size = 0;
    }
}
