package io.unshistorian.storage.read;

import java.util.Arrays;

/**
 * Samples gathered from several sources (older first), sorted by timestamp with a stable sort and
 * reduced to one sample per timestamp: the one added last, which is the latest write. Reusable.
 */
public final class MergeBuffer {
    private static final int INITIAL_CAPACITY = 1024;
    /** A buffer that grew beyond this shrinks back when cleared, so a reused reader does not hold a burst's memory. */
    private static final int RETAINED_CAPACITY = 1 << 16;

    private long[] timestamps;
    private long[] values;
    private int[] qualities;
    private String[] strings;
    private int[] order;
    private int[] scratch;
    private int size;

    public MergeBuffer() {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        timestamps = new long[capacity];
        values = new long[capacity];
        qualities = new int[capacity];
        strings = new String[capacity];
        order = new int[capacity];
        scratch = new int[capacity];
    }

    public void clear() {
        if (timestamps.length > RETAINED_CAPACITY) {
            allocate(INITIAL_CAPACITY);
        } else {
            Arrays.fill(strings, 0, size, null);
        }
        size = 0;
    }

    /** Makes room for {@code capacity} samples at once, instead of growing step by step while adding. */
    public void ensureCapacity(int capacity) {
        if (capacity > timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, capacity);
            values = Arrays.copyOf(values, capacity);
            qualities = Arrays.copyOf(qualities, capacity);
            strings = Arrays.copyOf(strings, capacity);
            order = new int[capacity];
            scratch = new int[capacity];
        }
    }

    public void add(long timestamp, long value, int quality, String text) {
        if (size == timestamps.length) {
            ensureCapacity(size * 2);
        }
        timestamps[size] = timestamp;
        values[size] = value;
        qualities[size] = quality;
        strings[size] = text;
        size++;
    }

    public int size() {
        return size;
    }

    /** Emits the samples in time order, the last-added sample of each timestamp only. */
    public void emit(SampleVisitor visitor) {
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (!isSorted()) {
            sortStable(0, size);
        }
        for (int k = 0; k < size; k++) {
            int i = order[k];
            if (k + 1 < size && timestamps[order[k + 1]] == timestamps[i]) {
                continue;
            }
            visitor.sample(timestamps[i], values[i], qualities[i], strings[i]);
        }
    }

    private boolean isSorted() {
        for (int i = 1; i < size; i++) {
            if (timestamps[i] < timestamps[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Bottom-up merge sort of {@code order} by timestamp; equal timestamps keep insertion order. */
    private void sortStable(int from, int to) {
        int[] source = order;
        int[] target = scratch;
        for (int width = 1; width < to - from; width *= 2) {
            for (int left = from; left < to; left += 2 * width) {
                int middle = Math.min(left + width, to);
                int right = Math.min(left + 2 * width, to);
                int a = left;
                int b = middle;
                for (int k = left; k < right; k++) {
                    if (a < middle && (b >= right || timestamps[source[a]] <= timestamps[source[b]])) {
                        target[k] = source[a++];
                    } else {
                        target[k] = source[b++];
                    }
                }
            }
            int[] swap = source;
            source = target;
            target = swap;
        }
        if (source != order) {
            System.arraycopy(source, from, order, from, to - from);
        }
    }

    /** Timestamp of the sample at position {@code index} of insertion (for an already ordered buffer). */
    public long timestamp(int index) {
        return timestamps[index];
    }

    /** Passes the sample at insertion position {@code index} to {@code visitor}. */
    public void visit(int index, SampleVisitor visitor) {
        visitor.sample(timestamps[index], values[index], qualities[index], strings[index]);
    }
}
