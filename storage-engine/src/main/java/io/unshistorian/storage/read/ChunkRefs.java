package io.unshistorian.storage.read;

import java.util.Arrays;

import io.unshistorian.storage.block.BlockFile;

/**
 * The chunks of one series in one partition (blocks in generation order), and which of them are
 * exclusive: no other chunk of the partition and no head sample falls within their time range, so
 * they can be read (or summarized) on their own. Reusable; sorts primitive indexes, allocates
 * only when it grows.
 */
final class ChunkRefs {
    private BlockFile[] blocks = new BlockFile[64];
    private int[] entries = new int[64];
    private boolean[] exclusive = new boolean[64];
    /** Indexes in order of chunk start time (ties in insertion order). */
    private int[] byTime = new int[64];
    private long[] minTimes = new long[64];
    /** Indexes of the exclusive chunks, in time order. */
    private int[] exclusiveByTime = new int[64];
    private int exclusiveCount;
    private int size;

    void clear() {
        Arrays.fill(blocks, 0, size, null);
        size = 0;
        exclusiveCount = 0;
    }

    void add(BlockFile block, int entry) {
        if (size == blocks.length) {
            int grown = size * 2;
            blocks = Arrays.copyOf(blocks, grown);
            entries = Arrays.copyOf(entries, grown);
            exclusive = Arrays.copyOf(exclusive, grown);
            byTime = Arrays.copyOf(byTime, grown);
            minTimes = Arrays.copyOf(minTimes, grown);
            exclusiveByTime = Arrays.copyOf(exclusiveByTime, grown);
        }
        blocks[size] = block;
        entries[size] = entry;
        minTimes[size] = block.minTime(entry);
        size++;
    }

    int size() {
        return size;
    }

    BlockFile block(int index) {
        return blocks[index];
    }

    int entry(int index) {
        return entries[index];
    }

    boolean exclusive(int index) {
        return exclusive[index];
    }

    int exclusiveCount() {
        return exclusiveCount;
    }

    /** The index of the {@code k}-th exclusive chunk in time order. */
    int exclusiveByTime(int k) {
        return exclusiveByTime[k];
    }

    private long max(int index) {
        return blocks[index].maxTime(entries[index]);
    }

    /** Marks the chunks that overlap no other chunk and none of the head samples [from, to). */
    void markExclusive(MergeBuffer head, int from, int to) {
        sortByStartTime();
        long reach = Long.MIN_VALUE;   // the furthest max time of the chunks before
        exclusiveCount = 0;
        for (int k = 0; k < size; k++) {
            int i = byTime[k];
            boolean alone = minTimes[i] > reach;
            if (k + 1 < size && minTimes[byTime[k + 1]] <= max(i)) {
                alone = false;
            }
            exclusive[i] = alone && !headWithin(head, from, to, minTimes[i], max(i));
            if (exclusive[i]) {
                exclusiveByTime[exclusiveCount++] = i;
            }
            reach = Math.max(reach, max(i));
        }
    }

    /**
     * Insertion sort of the indexes by chunk start time, stable. Chunks arrive nearly sorted (one
     * block's chunks of a series are in time order), so this is close to one pass.
     */
    private void sortByStartTime() {
        for (int i = 0; i < size; i++) {
            int index = i;
            long key = minTimes[i];
            int k = i - 1;
            while (k >= 0 && minTimes[byTime[k]] > key) {
                byTime[k + 1] = byTime[k];
                k--;
            }
            byTime[k + 1] = index;
        }
    }

    private static boolean headWithin(MergeBuffer head, int from, int to, long min, long max) {
        int low = from;
        int high = to;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (head.timestamp(mid) < min) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low < to && head.timestamp(low) <= max;
    }
}
