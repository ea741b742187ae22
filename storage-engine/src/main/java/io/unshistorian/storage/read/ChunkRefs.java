package io.unshistorian.storage.read;

import java.util.Arrays;

import io.unshistorian.storage.block.BlockFile;

/**
 * The chunks of one series in one partition (blocks in generation order), and which of them are
 * exclusive: no other chunk of the partition and no head sample falls within their time range, so
 * they can be read (or summarized) on their own. Reusable.
 */
final class ChunkRefs {
    private BlockFile[] blocks = new BlockFile[64];
    private int[] entries = new int[64];
    private boolean[] exclusive = new boolean[64];
    private Integer[] byTime = new Integer[64];
    private int size;

    void clear() {
        Arrays.fill(blocks, 0, size, null);
        size = 0;
    }

    void add(BlockFile block, int entry) {
        if (size == blocks.length) {
            int grown = size * 2;
            blocks = Arrays.copyOf(blocks, grown);
            entries = Arrays.copyOf(entries, grown);
            exclusive = Arrays.copyOf(exclusive, grown);
            byTime = Arrays.copyOf(byTime, grown);
        }
        blocks[size] = block;
        entries[size] = entry;
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

    private long min(int index) {
        return blocks[index].minTime(entries[index]);
    }

    private long max(int index) {
        return blocks[index].maxTime(entries[index]);
    }

    /** Marks the chunks that overlap no other chunk and none of the head samples [from, to). */
    void markExclusive(MergeBuffer head, int from, int to) {
        for (int i = 0; i < size; i++) {
            byTime[i] = i;
        }
        Arrays.sort(byTime, 0, size, (a, b) -> Long.compare(min(a), min(b)));
        long reach = Long.MIN_VALUE;   // the furthest max time of the chunks before
        for (int k = 0; k < size; k++) {
            int i = byTime[k];
            boolean alone = min(i) > reach;
            if (k + 1 < size && min(byTime[k + 1]) <= max(i)) {
                alone = false;
            }
            exclusive[i] = alone && !headWithin(head, from, to, min(i), max(i));
            reach = Math.max(reach, max(i));
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

    /** Indexes of the exclusive chunks in time order. */
    int[] exclusiveByTime() {
        int count = 0;
        for (int k = 0; k < size; k++) {
            if (exclusive[byTime[k]]) {
                count++;
            }
        }
        int[] result = new int[count];
        int at = 0;
        for (int k = 0; k < size; k++) {
            if (exclusive[byTime[k]]) {
                result[at++] = byTime[k];
            }
        }
        return result;
    }
}
