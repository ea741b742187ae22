package io.unshistorian.storage.read;

import java.util.ArrayList;
import java.util.List;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ChunkHeader;
import io.unshistorian.compression.chunk.CorruptChunkException;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.block.BlockSet;
import io.unshistorian.storage.block.UnreadableBlock;
import io.unshistorian.storage.head.Head;
import io.unshistorian.storage.head.HeadSamples;
import io.unshistorian.storage.head.SeriesBuffer;
import io.unshistorian.storage.series.Series;

/**
 * Reads the samples of one series in {@code [start, end)} from block files and heads, oldest
 * source first (blocks by generation, then sealed heads, then the active head), and emits them in
 * time order with the last write of each timestamp winning. Works one partition at a time: chunks
 * that nothing else overlaps stream straight from the block (or are answered from their header by
 * a {@link ScanHandler}); overlapping ones are merged as sorted streams ({@link SortedChunkMerge}),
 * one decoded chunk per block at a time, so memory does not grow with the samples that overlap.
 *
 * <p>Reusable and meant to be reused: the engine keeps one per thread, so a read allocates nothing
 * per sample and next to nothing per call. Not thread-safe; {@link #inUse()} tells whether a read
 * is running on it (a visitor that reads again must use another reader).
 */
public final class SeriesReader {
    private final BlockSet blocks;
    private final StorageProblems problems;
    private final ChunkDecoder decoder = new ChunkDecoder();
    private final SampleColumns chunk = new SampleColumns(ValueType.DOUBLE, 1024);
    private final HeadSamples headSamples = new HeadSamples();
    private final MergeBuffer headBuffer = new MergeBuffer();
    private final MergeBuffer merge = new MergeBuffer();
    private final SortedChunkMerge chunkMerge;
    private final ExclusiveInterleave interleave = new ExclusiveInterleave();
    private final ChunkRefs refs = new ChunkRefs();
    private final List<BlockFile> retained = new ArrayList<>();
    private final RawSamples raw = new RawSamples();
    private final Latest best = new Latest();
    /** Bound once: a method reference made inside a loop would allocate on every pass. */
    private final SampleVisitor intoHeadBuffer = headBuffer::add;
    private boolean inUse;
    /** The damage sink and the path of the read running now. */
    private ReadDamage damage;
    private String path;

    public SeriesReader(BlockSet blocks, StorageProblems problems) {
        this.blocks = blocks;
        this.problems = problems;
        this.chunkMerge = new SortedChunkMerge(this::chunkDamaged);
    }

    /** Block files that could not be opened may have held samples of this read: it is told so. */
    private void noteUnreadableBlocks(long start, long end) {
        List<UnreadableBlock> unreadable = blocks.unreadable();
        for (int u = 0; u < unreadable.size(); u++) {
            UnreadableBlock block = unreadable.get(u);
            if (damage != null && block.overlaps(start, end)) {
                damage.add(new DamagedRange(path, Math.max(start, block.fromNanos()), Math.min(end - 1, block.toNanos()),
                    block.file(), 0));
            }
        }
    }

    /** Reports an unreadable chunk and adds its range to the damage of the read that met it. */
    private void chunkDamaged(BlockFile block, int entry, CorruptChunkException failure) {
        problems.report(block.path(), block.chunkOffset(entry), "chunk of series " + block.seriesId(entry)
            + " unreadable, skipped: " + failure.getMessage());
        if (damage != null) {
            damage.add(new DamagedRange(path, block.minTime(entry), block.maxTime(entry), block.path(),
                block.chunkOffset(entry)));
        }
    }

    /** Whether a read runs on this reader now. */
    public boolean inUse() {
        return inUse;
    }

    /**
     * Emits the samples of {@code series} in {@code [start, end)}.
     *
     * @param heads the heads to read, oldest first (sealed ones, then the active one)
     * @param damage where the ranges of damaged chunks met are added (they are skipped)
     */
    public void read(Series series, long start, long end, List<Head> heads, SampleVisitor visitor, ReadDamage damage) {
        raw.visitor = visitor;
        try {
            scan(series, start, end, heads, raw, damage);
        } finally {
            raw.visitor = null;
        }
    }

    /**
     * A scan handler that wants every sample: no chunk is answered from its header. Runs go on as
     * runs to a {@link SampleRunVisitor}, one sample at a time to any other visitor.
     */
    private static final class RawSamples implements ScanHandler, SampleRunVisitor {
        SampleVisitor visitor;

        @Override
        public void samples(SampleColumns columns, int from, int to) {
            if (visitor instanceof SampleRunVisitor) {
                ((SampleRunVisitor) visitor).samples(columns, from, to);
            } else {
                SampleRunVisitor.oneByOne(columns, from, to, visitor);
            }
        }

        @Override
        public boolean exclusiveChunk(ChunkHeader header) {
            return false;
        }

        @Override
        public void sample(long timestampNanos, long valueBits, int quality, String text) {
            visitor.sample(timestampNanos, valueBits, quality, text);
        }
    }

    /**
     * Scans {@code series} in {@code [start, end)}, partition by partition. Within a partition,
     * chunks that no other chunk or head sample overlaps are offered whole to the handler; all
     * other sources are decoded and merged (oldest first, so the last write of a timestamp wins)
     * and emitted as samples. Everything reaches the handler in time order.
     */
    public void scan(Series series, long start, long end, List<Head> heads, ScanHandler handler, ReadDamage damage) {
        if (start >= end) {
            return;
        }
        inUse = true;
        this.damage = damage;
        this.path = series.path();
        try {
            noteUnreadableBlocks(start, end);
            gatherHead(series, start, end, heads);
            blocks.retainOverlapping(start, end, retained);
            int headCursor = 0;
            int i = 0;
            while (i < retained.size()) {
                long partitionStart = retained.get(i).partitionStart();
                long partitionEnd = partitionStart + retained.get(i).partitionWidth();
                headCursor = emitHeadBefore(partitionStart, headCursor, handler);
                int first = i;
                while (i < retained.size() && retained.get(i).partitionStart() == partitionStart) {
                    i++;
                }
                int headEnd = headCursor;
                while (headEnd < headBuffer.size() && headBuffer.timestamp(headEnd) < partitionEnd) {
                    headEnd++;
                }
                scanPartition(first, i, series.id(), start, end, headCursor, headEnd, handler);
                headCursor = headEnd;
            }
            emitHeadBefore(Long.MAX_VALUE, headCursor, handler);
        } finally {
            releaseRetained();
            merge.clear();
            headBuffer.clear();
            chunkMerge.clear();
            refs.clear();
            this.damage = null;
            inUse = false;
        }
    }

    /**
     * One partition: the retained blocks {@code [from, to)} in generation order and the head
     * samples {@code [headFrom, headTo)} of the head buffer. Exclusive chunks go to the handler whole;
     * everything else is merged as sorted streams, one decoded chunk per block at a time.
     */
    private void scanPartition(int from, int to, int seriesId, long start, long end, int headFrom, int headTo,
                               ScanHandler handler) {
        refs.clear();
        for (int b = from; b < to; b++) {
            BlockFile block = retained.get(b);
            int entry = block.firstEntry(seriesId);
            for (; entry >= 0 && entry < block.entryCount() && block.seriesId(entry) == seriesId; entry++) {
                if (block.maxTime(entry) >= start && block.minTime(entry) < end) {
                    refs.add(block, entry);
                }
            }
        }
        refs.markExclusive(headBuffer, headFrom, headTo);
        chunkMerge.clear();
        BlockFile source = null;
        for (int r = 0; r < refs.size(); r++) {
            if (!refs.exclusive(r)) {
                if (refs.block(r) != source) {
                    source = refs.block(r);
                    chunkMerge.addBlock(source);
                }
                chunkMerge.addChunk(refs.entry(r));
            }
        }
        chunkMerge.setHead(headBuffer, headFrom, headTo);
        interleave.start(handler, start, end);
        chunkMerge.emit(start, end, interleave);
        interleave.finish();
        chunkMerge.clear();
    }

    /** Passes merged samples on, offering each exclusive chunk (they never overlap them) in its place in time. */
    private final class ExclusiveInterleave implements SampleVisitor {
        private ScanHandler handler;
        private long start;
        private long end;
        private int next;

        void start(ScanHandler target, long from, long to) {
            this.handler = target;
            this.start = from;
            this.end = to;
            this.next = 0;
        }

        @Override
        public void sample(long timestampNanos, long valueBits, int quality, String text) {
            offerBefore(timestampNanos);
            handler.sample(timestampNanos, valueBits, quality, text);
        }

        void finish() {
            offerBefore(Long.MAX_VALUE);
            handler = null;
        }

        private void offerBefore(long time) {
            while (next < refs.exclusiveCount()) {
                int index = refs.exclusiveByTime(next);
                BlockFile block = refs.block(index);
                int entry = refs.entry(index);
                if (block.minTime(entry) >= time) {
                    return;
                }
                next++;
                if (!offerChunk(block, entry, handler)) {
                    emitChunk(block, entry, start, end, handler);
                }
            }
        }
    }

    private boolean offerChunk(BlockFile block, int entry, ScanHandler handler) {
        try {
            ChunkHeader header = decoder.verify(block.buffer(), block.chunkOffset(entry),
                block.chunkLength(entry));
            return handler.exclusiveChunk(header);
        } catch (CorruptChunkException e) {
            chunkDamaged(block, entry, e);
            return true;
        }
    }

    private void emitChunk(BlockFile block, int entry, long start, long end, SampleVisitor visitor) {
        if (!decodeChunk(block, entry)) {
            return;
        }
        if (visitor instanceof SampleRunVisitor) {
            emitRuns(start, end, (SampleRunVisitor) visitor);
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

    /** The decoded chunk's samples in {@code [start, end)}, as maximal runs of consecutive ones. */
    private void emitRuns(long start, long end, SampleRunVisitor visitor) {
        long[] timestamps = chunk.timestamps();
        int size = chunk.size();
        int k = 0;
        while (k < size) {
            while (k < size && (timestamps[k] < start || timestamps[k] >= end)) {
                k++;
            }
            int from = k;
            while (k < size && timestamps[k] >= start && timestamps[k] < end) {
                k++;
            }
            if (k > from) {
                visitor.samples(chunk, from, k);
            }
        }
    }

    private boolean decodeChunk(BlockFile block, int entry) {
        try {
            decoder.decode(block.buffer(), block.chunkOffset(entry), block.chunkLength(entry), chunk);
            return true;
        } catch (CorruptChunkException e) {
            chunkDamaged(block, entry, e);
            return false;
        }
    }

    /** Collects the heads' samples in range, read in place, sorted by time with the last write winning. */
    private void gatherHead(Series series, long start, long end, List<Head> heads) {
        MergeBuffer collected = merge;
        collected.clear();
        for (int h = 0; h < heads.size(); h++) {
            SeriesBuffer buffer = heads.get(h).buffer(series.id());
            if (buffer == null) {
                continue;
            }
            int n = buffer.view(headSamples);
            for (int k = 0; k < n; k++) {
                long t = headSamples.timestamp(k);
                if (t >= start && t < end) {
                    collected.add(t, headSamples.value(k), headSamples.quality(k), headSamples.string(k));
                }
            }
        }
        headSamples.clear();
        headBuffer.clear();
        collected.emit(intoHeadBuffer);
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

    private void releaseRetained() {
        for (int b = 0; b < retained.size(); b++) {
            retained.get(b).release();
        }
        retained.clear();
    }

    /**
     * The newest sample of each series in {@code series}, in order: the greatest timestamp across
     * heads and blocks, the last write of it winning. Per series it reads the heads in place, then
     * only the newest partition that holds the series in blocks, where a chunk header answers when it
     * can and at most one chunk is decoded otherwise. The blocks are retained once for the whole list.
     */
    public void latest(List<Series> series, List<Head> heads, LatestVisitor visitor, ReadDamage damage) {
        inUse = true;
        this.damage = damage;
        try {
            blocks.retainOverlapping(Long.MIN_VALUE + 1, Long.MAX_VALUE, retained);
            for (int s = 0; s < series.size(); s++) {
                Series one = series.get(s);
                path = one.path();
                best.clear();
                latestInHeads(one.id(), heads, best);
                latestInBlocks(one.id(), best);
                // An unreadable block may hold a newer sample than the one found.
                noteUnreadableBlocks(best.found ? best.time + 1 : Long.MIN_VALUE + 1, Long.MAX_VALUE);
                if (best.found) {
                    visitor.latest(one, best.time, best.value, best.quality, best.text);
                }
            }
        } finally {
            releaseRetained();
            headSamples.clear();
            this.damage = null;
            inUse = false;
        }
    }

    /** The candidate newest sample of one series while it is looked for. */
    private static final class Latest {
        boolean found;
        long time;
        long value;
        int quality;
        String text;

        void clear() {
            found = false;
            text = null;
        }

        void set(long t, long v, int q, String s) {
            found = true;
            time = t;
            value = v;
            quality = q;
            text = s;
        }
    }

    /** Heads oldest first and samples in arrival order: a later sample at an equal time wins. */
    private void latestInHeads(int seriesId, List<Head> heads, Latest best) {
        for (int h = 0; h < heads.size(); h++) {
            SeriesBuffer buffer = heads.get(h).buffer(seriesId);
            if (buffer == null) {
                continue;
            }
            int n = buffer.view(headSamples);
            int newest = -1;
            for (int k = 0; k < n; k++) {
                long t = headSamples.timestamp(k);
                if ((!best.found && newest < 0) || t >= (newest >= 0 ? headSamples.timestamp(newest) : best.time)) {
                    newest = k;
                }
            }
            if (newest >= 0) {
                best.set(headSamples.timestamp(newest), headSamples.value(newest), headSamples.quality(newest),
                    headSamples.string(newest));
            }
        }
    }

    /** The newest partition holding the series in blocks, unless the heads already hold something newer. */
    private void latestInBlocks(int seriesId, Latest best) {
        int b = retained.size() - 1;
        while (b >= 0) {
            long partitionStart = retained.get(b).partitionStart();
            if (best.found && partitionStart + retained.get(b).partitionWidth() <= best.time) {
                return;   // this and older partitions end before the heads' newest sample
            }
            // In the newest partition holding the series: the chunk with the greatest time,
            // the later generation on a tie (blocks are in generation order).
            BlockFile newestBlock = null;
            int newestEntry = -1;
            for (; b >= 0 && retained.get(b).partitionStart() == partitionStart; b--) {
                BlockFile block = retained.get(b);
                int entry = lastEntry(block, seriesId);
                if (entry >= 0 && (newestBlock == null || block.maxTime(entry) > newestBlock.maxTime(newestEntry))) {
                    newestBlock = block;
                    newestEntry = entry;
                }
            }
            if (newestBlock == null) {
                continue;
            }
            // A head sample at the same time is a later write: it keeps its place.
            if (!best.found || newestBlock.maxTime(newestEntry) > best.time) {
                if (!lastFromHeader(newestBlock, newestEntry, best) && decodeChunk(newestBlock, newestEntry)) {
                    int last = chunk.size() - 1;
                    best.set(chunk.timestamp(last), chunk.valueBits(last), chunk.quality(last),
                        chunk.type() == ValueType.STRING ? chunk.stringValue(last) : null);
                }
            }
            return;
        }
    }

    /**
     * The newest sample of a chunk from its header alone, when that is exact: every sample counts in
     * the statistics (so the last aggregatable value is the value at the greatest time) and all share
     * one quality code. False otherwise (and for STRING chunks).
     */
    private boolean lastFromHeader(BlockFile block, int entry, Latest best) {
        try {
            ChunkHeader header = decoder.verify(block.buffer(), block.chunkOffset(entry), block.chunkLength(entry));
            if (header.valueType() == ValueType.STRING || !header.hasStatistics()) {
                return false;
            }
            long quality = decoder.constantQuality(block.buffer(), header);
            if (quality < 0) {
                return false;
            }
            best.set(header.maxTime(), header.lastBits(), (int) quality, null);
            return true;
        } catch (CorruptChunkException e) {
            return false;
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
