package io.unshistorian.storage.compaction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntToLongFunction;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.CorruptChunkException;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.RetentionRule;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.block.BlockFileWriter;
import io.unshistorian.storage.block.BlockSet;
import io.unshistorian.storage.block.UnreadableBlock;
import io.unshistorian.storage.file.FileSync;
import io.unshistorian.storage.catalog.SeriesCatalog;
import io.unshistorian.storage.head.Head;
import io.unshistorian.storage.head.HeadSamples;
import io.unshistorian.storage.head.SeriesBuffer;
import io.unshistorian.storage.manifest.Manifest;
import io.unshistorian.storage.read.MergeBuffer;
import io.unshistorian.storage.read.SampleVisitor;
import io.unshistorian.storage.read.SortedChunkMerge;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.wal.WriteAheadLog;

import org.roaringbitmap.RoaringBitmap;

/**
 * Turns sealed heads into block files and keeps the block set in shape: one compaction
 * {@link #compactOnce() round} flushes the sealed head (one block per partition it touches),
 * moves the checkpoint and deletes WAL cycles behind it, merges blocks (a full run of
 * {@code mergeFanIn} same-level blocks at the newest end of a partition, or every block of a
 * partition that has gone cold), merges the cold partitions of each ended tier window into one block
 * of that window, and applies retention. Rounds run one at a time.
 */
public final class Compactor {
    private final Path blockDirectory;
    private final BlockSet blocks;
    private final SeriesCatalog catalog;
    private final WriteAheadLog wal;
    private final Checkpoint checkpoint;
    private final HeadSource heads;
    private final StorageOptions options;
    private final StorageProblems problems;
    private final AtomicLong nextGeneration;
    private final FileSync fileSync;
    private final Manifest manifest;
    private final CompactionStats stats = new CompactionStats();
    /** Told after retention or salvage dropped samples: a series' newest sample may be gone. */
    private final Runnable samplesDropped;
    private Head pending;
    /** This round treats every partition as cold ({@link #compactOnce(boolean)}). */
    private boolean settle;

    private final HeadSamples headSamples = new HeadSamples();
    private final MergeBuffer merge = new MergeBuffer();
    private final BlockSampleWriter sampleWriter;
    private final ChunkDecoder decoder = new ChunkDecoder();
    /**
     * Flushes and fan-in merges favour speed: their blocks are short-lived, merged again once the
     * partition is cold, and written while ingest needs the CPU.
     */
    private final ChunkEncoder hotEncoder = new ChunkEncoder(false);
    /** Cold merges, tiers, retention and repair write the long-lived blocks: the zstd stage where it pays. */
    private final ChunkEncoder coldEncoder = new ChunkEncoder(true);
    private final SortedChunkMerge inputMerge;
    /**
     * Generations of blocks with a damaged chunk. They are never merged away: a merge would drop the
     * damaged chunk for good and delete the file that holds its bytes. They stay, read around and
     * reported, until {@code historian repair} salvages their readable chunks and quarantines them.
     */
    private final Set<Long> damagedBlocks = ConcurrentHashMap.newKeySet();

    public Compactor(Path blockDirectory, BlockSet blocks, SeriesCatalog catalog, WriteAheadLog wal,
                     Checkpoint checkpoint, HeadSource heads, StorageOptions options, StorageProblems problems,
                     long firstGeneration, FileSync fileSync, Manifest manifest, Runnable samplesDropped) {
        this.blockDirectory = blockDirectory;
        this.blocks = blocks;
        this.catalog = catalog;
        this.wal = wal;
        this.checkpoint = checkpoint;
        this.heads = heads;
        this.options = options;
        this.problems = problems;
        this.nextGeneration = new AtomicLong(firstGeneration);
        this.fileSync = fileSync;
        this.manifest = manifest;
        this.samplesDropped = samplesDropped;
        this.sampleWriter = new BlockSampleWriter(options.chunkSpan().toNanos());
        this.inputMerge = new SortedChunkMerge((block, entry, failure) -> {
            damagedBlocks.add(block.generation());   // checked before the merge began: damaged meanwhile
            problems.report(block.path(), block.chunkOffset(entry), "chunk of series " + block.seriesId(entry)
                + " unreadable during a merge, which was abandoned: " + failure.getMessage());
        });
    }

    /** One full round; returns true when a head was flushed. */
    public synchronized boolean compactOnce() throws IOException {
        return compactOnce(false);
    }

    /**
     * One full round; with {@code settle}, every partition counts as cold (no waiting for
     * {@code coldMergeDelay}): for history loaded in bulk, after which no more writes are expected.
     */
    public synchronized boolean compactOnce(boolean settle) throws IOException {
        this.settle = settle;
        try {
            return round();
        } finally {
            this.settle = false;
        }
    }

    private boolean round() throws IOException {
        // A head whose flush failed last round is retried before a new one is sealed.
        Head sealed = pending != null ? pending : heads.seal();
        if (sealed != null) {
            pending = sealed;
            flush(sealed);
            pending = null;
            heads.compacted(sealed);
            checkpoint.write(sealed.lastSequence());
            wal.deleteThrough(sealed.lastSequence());
        }
        mergeTiers();   // before the cold merges, which a window's merge makes unnecessary
        mergePartitions();
        applyRetention();
        return sealed != null;
    }

    /** Writes the sealed head's samples, sorted and de-duplicated, one block per partition. */
    private void flush(Head sealed) throws IOException {
        long width = options.partitionWidthNanos();
        Map<Long, BlockFileWriter> writers = new TreeMap<>();
        try {
            for (int id = 0; id < sealed.seriesCapacity(); id++) {
                SeriesBuffer buffer = sealed.buffer(id);
                if (buffer == null || buffer.size() == 0) {
                    continue;
                }
                buffer.view(headSamples);
                if (headSamples.isSorted()) {
                    // Data in time order (the common case) streams from the head, no copy to sort.
                    writeSeries(id, buffer.type(), width, writers, headSamples::emitLastWrites);
                } else {
                    merge.clear();
                    merge.ensureCapacity(headSamples.size());
                    for (int k = 0; k < headSamples.size(); k++) {
                        merge.add(headSamples.timestamp(k), headSamples.value(k), headSamples.quality(k),
                            headSamples.string(k));
                    }
                    writeSeries(id, buffer.type(), width, writers, merge::emit);
                    merge.clear();
                }
            }
            for (BlockFileWriter writer : writers.values()) {
                stats.flushedBytes.addAndGet(writer.bytesWritten());
                blocks.add(BlockFile.open(writer.commit()));
            }
            recordLiveBlocks();
        } finally {
            for (BlockFileWriter writer : writers.values()) {
                writer.close();
            }
            merge.clear();
            headSamples.clear();
        }
    }

    /** Sorted samples, one per timestamp, emitted to a visitor. */
    @FunctionalInterface
    private interface SortedSamples {
        void emit(SampleVisitor visitor);
    }

    /**
     * Emits one series' sorted samples into the writer of each partition they fall in: the live
     * partition that holds the time (a tier window, once merged), else the base partition of that time,
     * so partitions never overlap.
     */
    private void writeSeries(int id, ValueType type, long width, Map<Long, BlockFileWriter> writers,
                             SortedSamples samples) throws IOException {
        long[] current = {Long.MAX_VALUE, Long.MIN_VALUE};   // first and last ns of the partition being written
        IOException[] failure = new IOException[1];
        samples.emit((t, v, q, s) -> {
            if (failure[0] != null) {
                return;   // the flush fails; the rest of the series has nowhere to go
            }
            if (t < current[0] || t > current[1]) {
                try {
                    if (current[0] != Long.MAX_VALUE) {
                        sampleWriter.finish();
                    }
                    long start = Math.floorDiv(t, width) * width;
                    long partitionWidth = width;
                    BlockFile[] live = blocks.partitionContaining(t);
                    if (live != null) {
                        start = live[0].partitionStart();
                        partitionWidth = live[0].partitionWidth();
                    }
                    BlockFileWriter writer = writers.get(start);
                    if (writer == null) {
                        writer = new BlockFileWriter(blockDirectory, nextGeneration.getAndIncrement(), 0, start,
                            partitionWidth, new long[0], options.clockMillis().getAsLong(), fileSync, hotEncoder);
                        writers.put(start, writer);
                    }
                    sampleWriter.start(writer, id, type);
                    current[0] = start;
                    current[1] = start > Long.MAX_VALUE - (partitionWidth - 1) ? Long.MAX_VALUE
                        : start + (partitionWidth - 1);
                } catch (IOException e) {
                    failure[0] = e;
                    return;
                }
            }
            sampleWriter.sample(t, v, q, s);
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        sampleWriter.finish();
    }

    private void mergePartitions() throws IOException {
        long now = options.clockMillis().getAsLong();
        for (Map.Entry<Long, BlockFile[]> partition : blocks.partitions().entrySet()) {
            BlockFile[] current = partition.getValue();
            while (true) {
                List<BlockFile> run = newestFullRun(current);
                if (run == null) {
                    break;
                }
                if (!mergeBlocks(run, run.get(0).level() + 1, null, hotEncoder)) {
                    break;
                }
                current = blocks.partitions().getOrDefault(partition.getKey(), new BlockFile[0]);
            }
            // A lone hot block is rewritten too: flushes and fan-in merges skip the entropy stage.
            boolean rewrite = current.length > 1 || current.length == 1 && !current[0].entropyStage();
            if (rewrite && isCold(Arrays.asList(current), now)) {
                int level = Arrays.stream(current).mapToInt(BlockFile::level).max().orElse(0) + 1;
                mergeBlocks(Arrays.asList(current), level, null, coldEncoder);
            }
        }
    }

    /** The newest {@code mergeFanIn} blocks of a partition when they share one level, else null. */
    private List<BlockFile> newestFullRun(BlockFile[] partition) {
        int fanIn = options.mergeFanIn();
        if (partition.length < fanIn) {
            return null;
        }
        int level = partition[partition.length - 1].level();
        for (int i = partition.length - fanIn; i < partition.length; i++) {
            if (partition[i].level() != level) {
                return null;
            }
        }
        return new ArrayList<>(Arrays.asList(partition).subList(partition.length - fanIn, partition.length));
    }

    private boolean isCold(List<BlockFile> partition, long nowMillis) {
        if (settle) {
            return true;
        }
        long lastWrite = partition.stream().mapToLong(BlockFile::createdMillis).max().orElse(nowMillis);
        return nowMillis - lastWrite >= options.coldMergeDelay().toMillis();
    }

    /**
     * Merges, for every tier window that has ended, the partitions inside it into one block spanning
     * the window, when they are cold (no block written for {@code coldMergeDelay}) and their blocks hold
     * at most {@code tierMaxBytes}: so a sparse series' year is a dozen files and its chunks cover weeks,
     * while dense data, which gains nothing from wider files, stays in partitions. A window that some
     * partition straddles (written under another width) is left as it is.
     */
    private void mergeTiers() throws IOException {
        long tier = options.tierWidthNanos();
        if (tier <= options.partitionWidthNanos()) {
            return;
        }
        long nowMillis = options.clockMillis().getAsLong();
        long nowNanos = nowMillis * 1_000_000L;
        NavigableMap<Long, BlockFile[]> partitions = blocks.partitions();
        Map<Long, List<BlockFile>> windows = new TreeMap<>();
        for (Map.Entry<Long, BlockFile[]> partition : partitions.entrySet()) {
            long window = Math.floorDiv(partition.getKey(), tier) * tier;
            windows.computeIfAbsent(window, w -> new ArrayList<>()).addAll(Arrays.asList(partition.getValue()));
        }
        for (Map.Entry<Long, List<BlockFile>> entry : windows.entrySet()) {
            long window = entry.getKey();
            List<BlockFile> inputs = entry.getValue();
            boolean ended = window <= nowNanos - tier;
            if (ended && !alreadyTiered(inputs, window, tier) && insideWindow(partitions, inputs, window, tier)
                && inputs.stream().mapToLong(BlockFile::fileBytes).sum() <= options.tierMaxBytes()
                && isCold(inputs, nowMillis)) {
                inputs.sort(Comparator.comparingLong(BlockFile::generation));   // a later block wins a tie
                int level = inputs.stream().mapToInt(BlockFile::level).max().orElse(0) + 1;
                mergeBlocks(inputs, level, null, coldEncoder, window, tier);
            }
        }
    }

    /** One partition spanning the window (several blocks of it are the cold merge's business). */
    private static boolean alreadyTiered(List<BlockFile> inputs, long window, long tier) {
        return inputs.stream().allMatch(block -> block.partitionStart() == window && block.partitionWidth() == tier);
    }

    /** Whether every partition that overlaps the window lies inside it. */
    private static boolean insideWindow(NavigableMap<Long, BlockFile[]> partitions, List<BlockFile> inputs,
                                        long window, long tier) {
        Map.Entry<Long, BlockFile[]> before = partitions.lowerEntry(window);
        if (before != null && before.getKey() + before.getValue()[0].partitionWidth() > window) {
            return false;
        }
        return inputs.stream().allMatch(block -> block.partitionWidth() <= tier
            && block.partitionStart() - window <= tier - block.partitionWidth());
    }

    /**
     * Rewrites {@code inputs} (consecutive blocks at the newest end of one partition, all of it, or
     * the partitions of an ended tier window) as one block of {@code level} with {@code encoder}, a series in {@code keepFrom} (may be null)
     * keeping only its samples from that time on; replaces them in the block set and deletes their
     * files once unused.
     *
     * @return false when an input holds a damaged chunk: nothing was merged
     */
    private boolean mergeBlocks(List<BlockFile> inputs, int level, IntToLongFunction keepFrom, ChunkEncoder encoder)
        throws IOException {
        BlockFile first = inputs.get(0);
        return mergeBlocks(inputs, level, keepFrom, encoder, first.partitionStart(), first.partitionWidth());
    }

    /** As above, into the partition {@code [partitionStart, partitionStart + partitionWidth)} that holds all inputs. */
    private boolean mergeBlocks(List<BlockFile> inputs, int level, IntToLongFunction keepFrom, ChunkEncoder encoder,
                                long partitionStart, long partitionWidth) throws IOException {
        if (!allReadable(inputs)) {
            return false;
        }
        // Transitively: if this block survives a crash that left inputs of earlier merges behind,
        // the next open still knows to drop them.
        long[] supersedes = inputs.stream()
            .flatMapToLong(b -> java.util.stream.LongStream.concat(java.util.stream.LongStream.of(b.generation()),
                java.util.Arrays.stream(b.supersedes())))
            .distinct().sorted().toArray();
        RoaringBitmap ids = new RoaringBitmap();
        for (BlockFile block : inputs) {
            for (int e = 0; e < block.entryCount(); e++) {
                ids.add(block.seriesId(e));
            }
        }
        BlockFile merged = null;
        if (!ids.isEmpty()) {
            try (BlockFileWriter writer = new BlockFileWriter(blockDirectory, nextGeneration.getAndIncrement(), level,
                partitionStart, partitionWidth, supersedes, options.clockMillis().getAsLong(), fileSync, encoder)) {
                for (int id : ids) {
                    Series series = catalog.get(id);
                    ValueType type = gather(inputs, id, series == null);
                    sampleWriter.start(writer, id, series != null ? series.type() : type);
                    long from = keepFrom == null ? Long.MIN_VALUE : keepFrom.applyAsLong(id);
                    inputMerge.emit(from, Long.MAX_VALUE, sampleWriter);
                    sampleWriter.finish();
                    inputMerge.clear();
                }
                if (inputs.stream().anyMatch(block -> damagedBlocks.contains(block.generation()))) {
                    return false;   // damaged meanwhile: the writer's file is deleted unused
                }
                if (writer.entryCount() > 0) {   // else every series expired: the inputs just go
                    stats.mergedBytes.addAndGet(writer.bytesWritten());
                    merged = BlockFile.open(writer.commit());
                }
            }
        }
        blocks.replace(inputs, merged);
        recordLiveBlocks();   // before the inputs go, so a listed block is never missing for a good reason
        for (BlockFile old : inputs) {
            old.deleteWhenReleased();
            old.release();
        }
        return true;
    }

    /**
     * Repairs the block files: a block with damaged chunks is rewritten with its readable chunks (the
     * new block supersedes it) and the damaged file is moved to {@code quarantine}; an unreadable
     * block file is moved there too; a missing one is acknowledged (no longer listed). Nothing is
     * deleted.
     *
     * @return one line per action taken
     */
    public synchronized List<String> salvage(Path quarantine) throws IOException {
        List<String> actions = new ArrayList<>();
        SampleColumns columns = new SampleColumns(ValueType.DOUBLE, 1024);
        for (BlockFile block : blocks.all()) {
            if (!damagedBlocks.contains(block.generation()) && allReadable(List.of(block))) {
                continue;
            }
            int kept = 0;
            int lost = 0;
            BlockFile salvaged = null;
            long[] supersedes = java.util.stream.LongStream.concat(java.util.stream.LongStream.of(block.generation()),
                Arrays.stream(block.supersedes())).distinct().sorted().toArray();
            try (BlockFileWriter writer = new BlockFileWriter(blockDirectory, nextGeneration.getAndIncrement(),
                block.level(), block.partitionStart(), block.partitionWidth(), supersedes, block.createdMillis(),
                fileSync, coldEncoder)) {
                for (int e = 0; e < block.entryCount(); e++) {
                    try {
                        decoder.decode(block.buffer(), block.chunkOffset(e), block.chunkLength(e), columns);
                        writer.addChunk(block.seriesId(e), columns);
                        kept++;
                    } catch (CorruptChunkException damaged) {
                        lost++;
                    }
                }
                if (kept > 0) {
                    salvaged = BlockFile.open(writer.commit());
                }
            }
            blocks.replace(List.of(block), salvaged);
            samplesDropped.run();
            recordLiveBlocks();
            Path aside = moveToQuarantine(block.path(), quarantine);
            block.release();   // its mapping stays valid after the move; the file is kept
            damagedBlocks.remove(block.generation());
            actions.add(block.path().getFileName() + ": " + kept + " readable chunk(s) rewritten to "
                + (salvaged == null ? "no block (none was readable)" : salvaged.path().getFileName()) + ", " + lost
                + " damaged chunk(s) given up; the damaged file moved to " + aside);
        }
        for (UnreadableBlock unreadable : blocks.unreadable()) {
            if (Files.exists(unreadable.file())) {
                Path aside = moveToQuarantine(unreadable.file(), quarantine);
                actions.add(unreadable.file().getFileName() + ": unreadable block file moved to " + aside
                    + "; its samples are given up");
            } else {
                actions.add(unreadable.file().getFileName() + ": missing block file acknowledged; its samples are "
                    + "given up");
            }
            blocks.removeUnreadable(unreadable.file());
        }
        recordLiveBlocks();
        return actions;
    }

    /** Moves {@code file} into {@code quarantine} (made when needed) under its own name; returns where. */
    public static Path moveToQuarantine(Path file, Path quarantine) throws IOException {
        Files.createDirectories(quarantine);
        Path target = quarantine.resolve(file.getFileName());
        Files.move(file, target);
        return target;
    }

    /**
     * Whether every chunk of {@code inputs} checks out (checksum and structure). A block with a
     * damaged chunk is reported once and remembered, so it is not checked again every round.
     */
    private boolean allReadable(List<BlockFile> inputs) {
        boolean readable = true;
        for (BlockFile block : inputs) {
            if (damagedBlocks.contains(block.generation())) {
                readable = false;
                continue;
            }
            for (int e = 0; e < block.entryCount(); e++) {
                try {
                    decoder.verify(block.buffer(), block.chunkOffset(e), block.chunkLength(e));
                } catch (CorruptChunkException failure) {
                    damagedBlocks.add(block.generation());
                    problems.report(block.path(), block.chunkOffset(e), "chunk of series " + block.seriesId(e)
                        + " unreadable (" + failure.getMessage() + "); the block is kept out of merges and retention "
                        + "until `historian repair` salvages it");
                    readable = false;
                    break;
                }
            }
        }
        return readable;
    }

    /**
     * Sets up the merge of {@code id}'s chunks in {@code inputs} (generation order: a later block's
     * sample wins a tie), one decoded chunk per block at a time. For a series the catalog lost,
     * returns the type its chunks say (else DOUBLE, unused).
     */
    private ValueType gather(List<BlockFile> inputs, int id, boolean typeFromChunks) {
        ValueType type = ValueType.DOUBLE;
        inputMerge.clear();
        for (BlockFile block : inputs) {
            int entry = block.firstEntry(id);
            if (entry < 0) {
                continue;
            }
            inputMerge.addBlock(block);
            for (; entry < block.entryCount() && block.seriesId(entry) == id; entry++) {
                inputMerge.addChunk(entry);
                if (typeFromChunks) {
                    try {
                        type = decoder.verify(block.buffer(), block.chunkOffset(entry), block.chunkLength(entry))
                            .valueType();
                    } catch (CorruptChunkException e) {
                        // reported when the merge decodes it
                    }
                }
            }
        }
        return type;
    }

    /**
     * Drops samples that have outlived their series' retention age: with a cutoff of now minus the
     * age, rounded down to a multiple of the partition width (so a partition is rewritten at most once
     * per partition width), a series present in a partition with a sample before its cutoff keeps only
     * its samples from the cutoff on. A day partition therefore goes whole once its end has passed the
     * age, as before tiering; a tier window loses its oldest days one partition width at a time. The
     * partition is rewritten whole (all its blocks merged), so the result is its newest block and no
     * older sample can win over a newer one.
     */
    private void applyRetention() throws IOException {
        List<RetentionRule> rules = options.retention();
        if (rules.isEmpty()) {
            return;
        }
        long nowNanos = options.clockMillis().getAsLong() * 1_000_000L;
        long width = options.partitionWidthNanos();
        List<RoaringBitmap> matches = new ArrayList<>();
        for (RetentionRule rule : rules) {
            matches.add(catalog.index().match(rule.filter()));
        }
        Map<Integer, Long> cutoffs = new HashMap<>();   // per series: the same for every partition this round
        for (Map.Entry<Long, BlockFile[]> partition : blocks.partitions().entrySet()) {
            BlockFile[] partitionBlocks = partition.getValue();
            boolean expired = false;
            for (BlockFile block : partitionBlocks) {
                for (int e = 0; e < block.entryCount(); e++) {
                    long cutoff = cutoffs.computeIfAbsent(block.seriesId(e),
                        id -> cutoff(id, rules, matches, nowNanos, width));
                    expired |= block.minTime(e) < cutoff;
                }
            }
            if (!expired) {
                continue;
            }
            int level = Arrays.stream(partitionBlocks).mapToInt(BlockFile::level).max().orElse(0);
            // a damaged partition waits for repair
            if (mergeBlocks(Arrays.asList(partitionBlocks), level, id -> cutoffs.getOrDefault(id, Long.MIN_VALUE),
                coldEncoder)) {
                samplesDropped.run();
            }
        }
    }

    /**
     * The time from which series {@code id} keeps its samples: now minus the longest age of the rules
     * that match it, rounded down to a multiple of {@code width}; {@code Long.MIN_VALUE} when no rule
     * matches (kept for ever).
     */
    private static long cutoff(int id, List<RetentionRule> rules, List<RoaringBitmap> matches, long nowNanos,
                               long width) {
        long maxAge = -1;
        for (int r = 0; r < rules.size(); r++) {
            if (matches.get(r).contains(id)) {
                maxAge = Math.max(maxAge, rules.get(r).maxAge().toNanos());
            }
        }
        if (maxAge < 0 || Long.MIN_VALUE + maxAge > nowNanos - width) {
            return Long.MIN_VALUE;   // no rule, or an age reaching back past the first representable time
        }
        return Math.floorDiv(nowNanos - maxAge, width) * width;
    }

    private void recordLiveBlocks() throws IOException {
        manifest.blocksAre(blocks.listedGenerations());
    }

    public CompactionStats stats() {
        return stats;
    }

    /** Counters of the compactor's work since open. */
    public static final class CompactionStats {
        final AtomicLong flushedBytes = new AtomicLong();
        final AtomicLong mergedBytes = new AtomicLong();

        /** Bytes of block files written by head flushes. */
        public long flushedBytes() {
            return flushedBytes.get();
        }

        /** Bytes of block files written by merges and retention rewrites. */
        public long mergedBytes() {
            return mergedBytes.get();
        }
    }
}
