package io.unshistorian.storage.read;

import java.util.Arrays;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.CorruptChunkException;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.block.BlockFile;

/**
 * Merges time-sorted sources of one series — each block's chunks (a block holds a series' samples
 * sorted, one per timestamp, its chunks in time order), added oldest block first, and optionally the
 * head's sorted samples, which are newest — into one stream in time order where, for equal
 * timestamps, the newest source wins. It holds one decoded chunk per block at a time, so memory is
 * bounded by the number of sources times a chunk, whatever the number of samples merged. Reusable;
 * not thread-safe.
 */
public final class SortedChunkMerge {
    private final ChunkDecoder decoder = new ChunkDecoder();
    private final ChunkDamage damage;
    private ChunkSource[] blocks = new ChunkSource[4];
    private int blockCount;
    private MergeBuffer head;
    private int headFrom;
    private int headTo;

    /** @param damage told of each unreadable chunk, which the merge then skips */
    public SortedChunkMerge(ChunkDamage damage) {
        this.damage = damage;
    }

    /** Forgets every source; keeps the decode buffers for the next merge. */
    public void clear() {
        for (int i = 0; i < blockCount; i++) {
            blocks[i].clear();
        }
        blockCount = 0;
        head = null;
    }

    /** Starts the next (newer) block's source; then {@link #addChunk} its chunks in time order. */
    public void addBlock(BlockFile block) {
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, blockCount * 2);
        }
        if (blocks[blockCount] == null) {
            blocks[blockCount] = new ChunkSource();
        }
        blocks[blockCount++].block = block;
    }

    /** Adds a chunk (footer entry) of the block added last. */
    public void addChunk(int entry) {
        blocks[blockCount - 1].add(entry);
    }

    /** The head's samples {@code [from, to)} of {@code buffer}, sorted and one per timestamp: the newest source. */
    public void setHead(MergeBuffer buffer, int from, int to) {
        this.head = buffer;
        this.headFrom = from;
        this.headTo = to;
    }

    /** Emits the merged samples in {@code [start, end)} in time order, one per timestamp, the newest source's. */
    public void emit(long start, long end, SampleVisitor visitor) {
        for (int i = 0; i < blockCount; i++) {
            blocks[i].start(start, end);
        }
        int headAt = headFrom;
        while (head != null && headAt < headTo && head.timestamp(headAt) < start) {
            headAt++;
        }
        while (true) {
            long time = Long.MAX_VALUE;
            int newest = -1;   // index of the newest block source at the earliest time; -1: none
            for (int i = 0; i < blockCount; i++) {
                ChunkSource source = blocks[i];
                if (source.valid && source.time <= time) {   // later blocks win ties: <=
                    time = source.time;
                    newest = i;
                }
            }
            boolean headHas = head != null && headAt < headTo && head.timestamp(headAt) < end;
            long headTime = headHas ? head.timestamp(headAt) : Long.MAX_VALUE;
            if (newest < 0 && !headHas) {
                return;
            }
            if (headHas && headTime <= time) {
                head.visit(headAt, visitor);   // the head is newer than every block
                time = headTime;
                headAt++;
            } else {
                blocks[newest].visit(visitor);
            }
            for (int i = 0; i < blockCount; i++) {
                if (blocks[i].valid && blocks[i].time == time) {
                    blocks[i].advance();   // this time is done: older writes of it are dropped
                }
            }
        }
    }

    /** One block's chunks of the series, decoded one at a time. */
    private final class ChunkSource {
        BlockFile block;
        int[] entries = new int[8];
        int entryCount;
        int nextEntry;
        final SampleColumns chunk = new SampleColumns(ValueType.DOUBLE, 1024);
        int position;
        long start;
        long end;
        boolean valid;
        long time;

        void clear() {
            block = null;
            entryCount = 0;
            valid = false;
        }

        void add(int entry) {
            if (entryCount == entries.length) {
                entries = Arrays.copyOf(entries, entryCount * 2);
            }
            entries[entryCount++] = entry;
        }

        void start(long from, long to) {
            this.start = from;
            this.end = to;
            this.nextEntry = 0;
            chunk.size(0);
            this.position = 0;
            advanceFrom(-1);
        }

        void advance() {
            advanceFrom(position);
        }

        /** Moves to the first sample after {@code current} in [start, end), decoding chunks as needed. */
        private void advanceFrom(int current) {
            int at = current + 1;
            while (true) {
                while (at < chunk.size()) {
                    long t = chunk.timestamp(at);
                    if (t >= end) {
                        valid = false;
                        return;
                    }
                    if (t >= start) {
                        position = at;
                        time = t;
                        valid = true;
                        return;
                    }
                    at++;
                }
                if (!decodeNext()) {
                    valid = false;
                    return;
                }
                at = 0;
            }
        }

        private boolean decodeNext() {
            while (nextEntry < entryCount) {
                int entry = entries[nextEntry++];
                try {
                    decoder.decode(block.buffer(), block.chunkOffset(entry), block.chunkLength(entry), chunk);
                    return true;
                } catch (CorruptChunkException e) {
                    damage.damaged(block, entry, e);
                }
            }
            chunk.size(0);
            return false;
        }

        void visit(SampleVisitor visitor) {
            visitor.sample(time, chunk.valueBits(position), chunk.quality(position),
                chunk.type() == ValueType.STRING ? chunk.stringValue(position) : null);
        }
    }
}
