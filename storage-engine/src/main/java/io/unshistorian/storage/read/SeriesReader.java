package io.unshistorian.storage.read;

import java.util.List;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ChunkHeader;
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
 * time order with the last write of each timestamp winning. Works one partition at a time: chunks
 * that nothing else overlaps stream straight from the block (or are answered from their header by
 * a {@link ScanHandler}); only overlapping sources are merged in memory. Not thread-safe; cheap to
 * create.
 */
public final class SeriesReader {
    private final BlockSet blocks;
    private final StorageProblems problems;
    private final ChunkDecoder decoder = new ChunkDecoder();
    private final SampleColumns chunk = new SampleColumns(ValueType.DOUBLE, 1024);
    private final HeadSamples headSamples = new HeadSamples();
    private final MergeBuffer headBuffer = new MergeBuffer();
    private final MergeBuffer merge = new MergeBuffer();
    private final MergeBuffer mergedSamples = new MergeBuffer();
    private final ChunkRefs refs = new ChunkRefs();

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
        scan(series, start, end, heads, new ScanHandler() {
            @Override
            public boolean exclusiveChunk(ChunkHeader header) {
                return false;
            }

            @Override
            public void sample(long timestampNanos, long valueBits, int quality, String text) {
                visitor.sample(timestampNanos, valueBits, quality, text);
            }
        });
    }

    /**
     * Scans {@code series} in {@code [start, end)}, partition by partition. Within a partition,
     * chunks that no other chunk or head sample overlaps are offered whole to the handler; all
     * other sources are decoded and merged (oldest first, so the last write of a timestamp wins)
     * and emitted as samples. Everything reaches the handler in time order.
     */
    public void scan(Series series, long start, long end, List<Head> heads, ScanHandler handler) {
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
                headCursor = emitHeadBefore(partitionStart, headCursor, handler);
                int first = i;
                while (i < overlapping.size() && overlapping.get(i).partitionStart() == partitionStart) {
                    i++;
                }
                int headEnd = headCursor;
                while (headEnd < headBuffer.size() && headBuffer.timestamp(headEnd) < partitionEnd) {
                    headEnd++;
                }
                scanPartition(overlapping.subList(first, i), series.id(), start, end, headCursor, headEnd, handler);
                headCursor = headEnd;
            }
            emitHeadBefore(Long.MAX_VALUE, headCursor, handler);
        } finally {
            overlapping.forEach(BlockFile::release);
            merge.clear();
            headBuffer.clear();
        }
    }

    /**
     * One partition: blocks in generation order and the head samples {@code [headFrom, headTo)} of
     * the head buffer.
     */
    private void scanPartition(List<BlockFile> partition, int seriesId, long start, long end, int headFrom,
                               int headTo, ScanHandler handler) {
        refs.clear();
        for (int b = 0; b < partition.size(); b++) {
            BlockFile block = partition.get(b);
            int entry = block.firstEntry(seriesId);
            for (; entry >= 0 && entry < block.entryCount() && block.seriesId(entry) == seriesId; entry++) {
                if (block.maxTime(entry) >= start && block.minTime(entry) < end) {
                    refs.add(block, entry);
                }
            }
        }
        refs.markExclusive(headBuffer, headFrom, headTo);
        merge.clear();
        for (int r = 0; r < refs.size(); r++) {
            if (!refs.exclusive(r)) {
                emitChunk(refs.block(r), refs.entry(r), start, end, merge::add);
            }
        }
        for (int k = headFrom; k < headTo; k++) {
            headBuffer.visit(k, merge::add);
        }
        mergedSamples.clear();
        merge.emit(mergedSamples::add);
        merge.clear();
        // Interleave exclusive chunks (by time) with the merged samples; they never overlap.
        int[] order = refs.exclusiveByTime();
        int cursor = 0;
        for (int index : order) {
            long chunkStart = refs.block(index).minTime(refs.entry(index));
            while (cursor < mergedSamples.size() && mergedSamples.timestamp(cursor) < chunkStart) {
                mergedSamples.visit(cursor++, handler);
            }
            BlockFile block = refs.block(index);
            int entry = refs.entry(index);
            if (!offerChunk(block, entry, handler)) {
                emitChunk(block, entry, start, end, handler);
            }
        }
        while (cursor < mergedSamples.size()) {
            mergedSamples.visit(cursor++, handler);
        }
        mergedSamples.clear();
    }

    private boolean offerChunk(BlockFile block, int entry, ScanHandler handler) {
        try {
            ChunkHeader header = decoder.verify(block.buffer(), block.chunkOffset(entry),
                block.chunkLength(entry));
            return handler.exclusiveChunk(header);
        } catch (CorruptChunkException e) {
            problems.report(block.path(), block.chunkOffset(entry), "chunk unreadable, skipped: " + e.getMessage());
            return true;
        }
    }

    private void emitChunk(BlockFile block, int entry, long start, long end, SampleVisitor visitor) {
        if (!decodeChunk(block, entry)) {
            return;
        }
        boolean strings = chunk.type() == ValueType.STRING;
        for (int k = 0; k < chunk.size(); k++) {
            long t = chunk.timestamp(k);
            if (t >= start && t < end) {
                visitor.sample(t, chunk.valueBits(k), chunk.quality(k), strings ? chunk.stringValue(k) : null);
            }
        }
    }

    private boolean decodeChunk(BlockFile block, int entry) {
        try {
            decoder.decode(block.buffer(), block.chunkOffset(entry), block.chunkLength(entry), chunk);
            return true;
        } catch (CorruptChunkException e) {
            problems.report(block.path(), block.chunkOffset(entry), "chunk of series " + block.seriesId(entry)
                + " unreadable, skipped: " + e.getMessage());
            return false;
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


    /**
     * The newest sample of {@code series}: the greatest timestamp across heads and blocks, the
     * last write of it winning. Reads only the newest partition that holds the series in blocks, and
     * decodes at most one chunk there.
     */
    public boolean latest(Series series, List<Head> heads, SampleVisitor visitor) {
        List<BlockFile> all = blocks.retainOverlapping(Long.MIN_VALUE + 1, Long.MAX_VALUE);
        try {
            return latest(series, heads, all, visitor);
        } finally {
            all.forEach(BlockFile::release);
        }
    }

    /** As {@link #latest(Series, List, SampleVisitor)}, over blocks the caller retained once for many series. */
    public boolean latest(Series series, List<Head> heads, List<BlockFile> all, SampleVisitor visitor) {
        long[] best = null;
        String bestText = null;
        for (Head head : heads) {
            SeriesBuffer buffer = head.buffer(series.id());
            if (buffer == null || buffer.size() == 0) {
                continue;
            }
            buffer.snapshot(headSamples);
            for (int k = 0; k < headSamples.size(); k++) {
                if (best == null || headSamples.timestamp(k) >= best[0]) {
                    best = new long[] {headSamples.timestamp(k), headSamples.value(k), headSamples.quality(k)};
                    bestText = headSamples.string(k);
                }
            }
        }
        int b = all.size() - 1;
        while (b >= 0) {
            long partitionStart = all.get(b).partitionStart();
            if (best != null && partitionStart + all.get(b).partitionWidth() <= best[0]) {
                break;   // this and older partitions end before the heads' newest sample
            }
            // In the newest partition holding the series: the chunk with the greatest time,
            // the later generation on a tie (blocks are in generation order).
            BlockFile newestBlock = null;
            int newestEntry = -1;
            for (; b >= 0 && all.get(b).partitionStart() == partitionStart; b--) {
                BlockFile block = all.get(b);
                int entry = lastEntry(block, series.id());
                if (entry >= 0 && (newestBlock == null || block.maxTime(entry) > newestBlock.maxTime(newestEntry))) {
                    newestBlock = block;
                    newestEntry = entry;
                }
            }
            if (newestBlock == null) {
                continue;
            }
            // A head sample at the same time is a later write: it keeps its place.
            if (best == null || newestBlock.maxTime(newestEntry) > best[0]) {
                long[] fromHeader = lastFromHeader(newestBlock, newestEntry);
                if (fromHeader != null) {
                    best = fromHeader;
                    bestText = null;
                } else if (decodeChunk(newestBlock, newestEntry)) {
                    int last = chunk.size() - 1;
                    best = new long[] {chunk.timestamp(last), chunk.valueBits(last), chunk.quality(last)};
                    bestText = chunk.type() == ValueType.STRING ? chunk.stringValue(last) : null;
                }
            }
            break;
        }
        if (best == null) {
            return false;
        }
        visitor.sample(best[0], best[1], (int) best[2], bestText);
        return true;
    }

    /**
     * The newest sample of a chunk from its header alone, when that is exact: every sample counts in
     * the statistics (so the last aggregatable value is the value at the greatest time) and all share
     * one quality code; null otherwise (or for STRING chunks).
     */
    private long[] lastFromHeader(BlockFile block, int entry) {
        try {
            ChunkHeader header = decoder.verify(block.buffer(), block.chunkOffset(entry), block.chunkLength(entry));
            if (header.valueType() == ValueType.STRING || header.count() == 0
                || header.aggregatableCount() != header.count()) {
                return null;
            }
            long maxTime = header.maxTime();
            long last = header.lastBits();
            long quality = decoder.constantQuality(block.buffer(), block.chunkOffset(entry));
            return quality < 0 ? null : new long[] {maxTime, last, quality};
        } catch (CorruptChunkException e) {
            return null;
        }
    }

    private static int lastEntry(BlockFile block, int seriesId) {
        int entry = block.firstEntry(seriesId);
        if (entry < 0) {
            return -1;
        }
        while (entry + 1 < block.entryCount() && block.seriesId(entry + 1) == seriesId) {
            entry++;
        }
        return entry;
    }
}
