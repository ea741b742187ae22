package io.unshistorian.storage.read;

import java.util.List;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.CorruptChunkException;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.block.BlockSet;
import io.unshistorian.storage.head.Head;
import io.unshistorian.storage.head.HeadSamples;
import io.unshistorian.storage.head.SeriesBuffer;
import io.unshistorian.storage.series.Series;

/**
 * Reads the samples of one series in {@code [start, end)} from block files and heads, oldest
 * source first (blocks by generation, then sealed heads, then the active head), and emits them in
 * time order with the last write of each timestamp winning. Works one partition at a time, so it
 * holds at most one partition of one series in memory. Not thread-safe; cheap to create.
 */
public final class SeriesReader {
    private final BlockSet blocks;
    private final StorageProblems problems;
    private final ChunkDecoder decoder = new ChunkDecoder();
    private final SampleColumns chunk = new SampleColumns(ValueType.DOUBLE, 1024);
    private final HeadSamples headSamples = new HeadSamples();
    private final MergeBuffer headBuffer = new MergeBuffer();
    private final MergeBuffer merge = new MergeBuffer();

    public SeriesReader(BlockSet blocks, StorageProblems problems) {
        this.blocks = blocks;
        this.problems = problems;
    }

    /**
     * Emits the samples of {@code series} in {@code [start, end)}.
     *
     * @param heads the heads to read, oldest first (sealed ones, then the active one)
     */
    public void read(Series series, long start, long end, List<Head> heads, SampleVisitor visitor) {
        if (start >= end) {
            return;
        }
        gatherHead(series, start, end, heads);
        List<BlockFile> overlapping = blocks.retainOverlapping(start, end);
        try {
            int headCursor = 0;
            int i = 0;
            while (i < overlapping.size()) {
                long partitionStart = overlapping.get(i).partitionStart();
                long partitionEnd = partitionStart + overlapping.get(i).partitionWidth();
                merge.clear();
                // Head samples before this partition have no blocks to merge with.
                headCursor = emitHeadBefore(partitionStart, headCursor, visitor);
                while (i < overlapping.size() && overlapping.get(i).partitionStart() == partitionStart) {
                    addBlockSamples(overlapping.get(i), series.id(), start, end);
                    i++;
                }
                headCursor = addHeadUntil(partitionEnd, headCursor);
                merge.emit(visitor);
            }
            emitHeadBefore(Long.MAX_VALUE, headCursor, visitor);
        } finally {
            overlapping.forEach(BlockFile::release);
            merge.clear();
            headBuffer.clear();
        }
    }

    /** Collects the heads' samples in range, sorted by time with the last write winning. */
    private void gatherHead(Series series, long start, long end, List<Head> heads) {
        MergeBuffer collected = merge;
        collected.clear();
        for (Head head : heads) {
            SeriesBuffer buffer = head.buffer(series.id());
            if (buffer == null) {
                continue;
            }
            buffer.snapshot(headSamples);
            for (int k = 0; k < headSamples.size(); k++) {
                long t = headSamples.timestamp(k);
                if (t >= start && t < end) {
                    collected.add(t, headSamples.value(k), headSamples.quality(k), headSamples.string(k));
                }
            }
        }
        headBuffer.clear();
        collected.emit(headBuffer::add);
        collected.clear();
    }

    private int emitHeadBefore(long limit, int cursor, SampleVisitor visitor) {
        int k = cursor;
        while (k < headBuffer.size() && headBuffer.timestamp(k) < limit) {
            headBuffer.visit(k, visitor);
            k++;
        }
        return k;
    }

    private int addHeadUntil(long limit, int cursor) {
        int k = cursor;
        while (k < headBuffer.size() && headBuffer.timestamp(k) < limit) {
            headBuffer.visit(k, merge::add);
            k++;
        }
        return k;
    }

    private void addBlockSamples(BlockFile block, int seriesId, long start, long end) {
        int entry = block.firstEntry(seriesId);
        if (entry < 0) {
            return;
        }
        for (; entry < block.entryCount() && block.seriesId(entry) == seriesId; entry++) {
            if (block.maxTime(entry) < start || block.minTime(entry) >= end) {
                continue;
            }
            try {
                decoder.decode(block.buffer(), block.chunkOffset(entry), block.chunkLength(entry), chunk);
            } catch (CorruptChunkException e) {
                problems.report(block.path(), block.chunkOffset(entry), "chunk of series " + seriesId
                    + " unreadable, skipped: " + e.getMessage());
                continue;
            }
            for (int k = 0; k < chunk.size(); k++) {
                long t = chunk.timestamp(k);
                if (t >= start && t < end) {
                    merge.add(t, chunk.valueBits(k), chunk.quality(k),
                        chunk.type() == ValueType.STRING ? chunk.stringValue(k) : null);
                }
            }
        }
    }
}
