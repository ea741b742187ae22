package io.unshistorian.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.block.BlockSet;
import io.unshistorian.storage.catalog.NamespaceIndex;
import io.unshistorian.storage.catalog.SeriesCatalog;
import io.unshistorian.storage.compaction.Checkpoint;
import io.unshistorian.storage.compaction.Compactor;
import io.unshistorian.storage.file.DiskFull;
import io.unshistorian.storage.head.Head;
import io.unshistorian.storage.head.Heads;
import io.unshistorian.storage.manifest.Manifest;
import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.read.LastValueSlots;
import io.unshistorian.storage.read.LatestVisitor;
import io.unshistorian.storage.read.ReadDamage;
import io.unshistorian.storage.read.SampleVisitor;
import io.unshistorian.storage.read.ScanHandler;
import io.unshistorian.storage.read.SeriesReader;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.wal.WriteAheadLog;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.storage.write.WritesRefusedException;

import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine of one data directory: open, write, read, close. Thread-safe: any number of
 * writer and reader threads.
 *
 * <p>A write is validated whole, its new series are made durable in the catalog, the batch is
 * appended to the WAL as one record and applied to the head, all before {@link #write} returns:
 * the write is then acknowledged and visible to reads. Compaction turns the head into block files
 * in the background ({@link Compactor}); opening rebuilds the head from the WAL ({@link Recovery}).
 * What goes wrong in the background is a {@link #health() state}, not only a log line.
 *
 * <p>Layout of the directory: {@code store.properties} (settings fixed at creation),
 * {@code catalog.log}, {@code wal/} (Chronicle Queue cycles), {@code blocks/} (block files),
 * {@code checkpoint}, {@code LOCK}; formats in {@code docs/format/}.
 */
public final class StorageEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageEngine.class);

    private final Path directory;
    private final StorageOptions options;
    private final StorageProblems problems = new StorageProblems();
    private final EngineHealth health;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SeriesCatalog catalog;
    private final WriteAheadLog wal;
    private final BlockSet blocks = new BlockSet();
    private final Heads heads;
    private final Compactor compactor;
    private final LastValueSlots lastValues;
    private final ThreadLocal<WriterContext> writers;
    private final ThreadLocal<SeriesReader> readers;
    private final BackgroundTasks background;
    private final Object closing = new Object();
    private volatile boolean closed;
    /** The sequence the next accepted batch gets; written under the write lock only, read by {@link #lastSequence}. */
    private volatile long nextSequence;

    private StorageEngine(Path directory, StorageOptions options) throws IOException {
        this.directory = directory;
        this.options = options;
        this.health = new EngineHealth(directory.toString(), options.clockMillis());
        this.heads = new Heads(options.headMaxBytes(), directory.toString());
        OwnerOnlyDirectory.create(directory);
        this.lockChannel = FileChannel.open(directory.resolve("LOCK"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        this.lock = tryLock(lockChannel, directory);
        SeriesCatalog openedCatalog = null;
        WriteAheadLog openedWal = null;
        try {
            StoreSettings.checkOrCreate(directory, options);
            openedCatalog = SeriesCatalog.open(directory.resolve("catalog.log"), problems, options.fileSync());
            this.catalog = openedCatalog;
            Path blockDirectory = Files.createDirectories(directory.resolve("blocks"));
            Manifest manifest = Manifest.open(directory, options.fileSync(), problems);
            Recovery recovery = new Recovery(problems);
            long firstGeneration = recovery.loadBlocks(blockDirectory, blocks, catalog, manifest);
            openedWal = new WriteAheadLog(directory.resolve("wal"), options.walRollPeriod(), options.clockMillis(),
                problems, options.fileSync(), new ManifestedWalFiles(manifest));
            this.wal = openedWal;
            StorageOptions.ChangeRetention retention = options.changeRetention();
            if (retention != null) {
                retainChanges(retention.consumedThrough(), retention.maxBytes(), retention.dropped());
            }
            options.fileSync().forceDirectory(directory);   // the files and folders created above
            Checkpoint checkpoint = new Checkpoint(directory, options.fileSync());
            long checkpointed = checkpoint.read(problems);
            long highest = recovery.replayWal(wal, checkpointed, catalog, heads.active());
            this.nextSequence = Math.max(highest, recovery.checkWalFiles(manifest, wal, checkpointed)) + 1;
            this.lastValues = new LastValueSlots(catalog.firstFreeId());
            this.compactor = new Compactor(blockDirectory, blocks, catalog, wal, checkpoint, heads, options, problems,
                firstGeneration, options.fileSync(), manifest, lastValues::invalidate);
            this.writers = ThreadLocal.withInitial(() -> new WriterContext(options.limits()));
            this.readers = ThreadLocal.withInitial(() -> new SeriesReader(blocks, problems));
            this.background = new BackgroundTasks(options, this::compactFromBackground, this::syncWal, health);
        } catch (IOException | RuntimeException e) {
            closeQuietly(openedWal, openedCatalog);
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /** Keeps the manifest's list of WAL files in step with the WAL. */
    private static final class ManifestedWalFiles implements WriteAheadLog.FileListener {
        private final Manifest manifest;

        ManifestedWalFiles(Manifest manifest) {
            this.manifest = manifest;
        }

        @Override
        public void started(long session, int cycle, long firstSequence) throws IOException {
            manifest.walFileStarted(new Manifest.WalFile(session, cycle, firstSequence));
        }

        @Override
        public void deleting(List<long[]> files) throws IOException {
            manifest.walFilesDeleted(files);
        }
    }

    /** Opens (creating when needed) the data directory and starts the background tasks. */
    public static StorageEngine open(Path directory, StorageOptions options) throws IOException {
        StorageEngine engine = new StorageEngine(directory, options);
        engine.background.start();
        return engine;
    }

    private static FileLock tryLock(FileChannel channel, Path directory) throws IOException {
        FileLock acquired;
        try {
            acquired = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            channel.close();
            throw new IOException("data directory " + directory + " is in use by another historian");
        }
        return acquired;
    }

    /**
     * Stores a batch: validated whole, then accepted whole (durable in the WAL and visible to reads
     * when this returns) or rejected whole.
     *
     * @throws BatchRejectedException when the batch is refused, saying why ({@link BatchRejectedException#kind()})
     *     and naming the first bad sample; nothing is stored
     * @throws WritesRefusedException when the engine refuses all writes after a failed fsync (see
     *     {@link #health()}); nothing is stored
     * @throws IOException when the data directory cannot be written; nothing is acknowledged
     */
    public void write(WriteBatch batch) throws IOException {
        ensureOpen();
        health.checkWritable();
        if (batch.size() == 0) {
            return;
        }
        WriterContext context = writers.get();
        try {
            try {
                context.resolve(batch, catalog);
            } catch (IOException e) {
                if (DiskFull.is(e)) {
                    throw BatchRejectedException.diskFull("no room on the disk for the new series' catalog records ("
                        + e.getMessage() + "); free space, then retry");
                }
                throw e;
            }
            int length = context.encode(batch);
            Head head = heads.lockForAppend(options.writeTimeout().toNanos(), background::compactSoon);
            try {
                long sequence = nextSequence;
                context.seal(sequence);
                try {
                    wal.append(context.record, length, sequence, context.minTime, context.maxTime);
                    options.events().walAppended(length);
                } catch (DiskFull.DiskFullException e) {
                    throw BatchRejectedException.diskFull(e.getMessage() + "; nothing of the batch was stored; "
                        + "free space, then retry");
                } catch (WriteAheadLog.WriteFailedException e) {
                    health.walWriteFailed(e);
                    throw e;
                }
                context.appendTo(head, batch, sequence);
                lastValues.record(batch, context.series);
                nextSequence = sequence + 1;
            } finally {
                heads.unlock();
            }
            if (options.fsyncPolicy() == FsyncPolicy.EVERY_BATCH) {
                syncOrRefuse();
            }
            background.headGrew(head.sampleBytes());
        } finally {
            context.forget(batch.size());
        }
    }

    private void syncOrRefuse() throws IOException {
        try {
            syncWal();
        } catch (IOException e) {
            health.walSyncFailed(e);
            health.checkWritable();
        }
    }

    /** Forces the WAL to disk, telling the events observer how long it took. */
    private void syncWal() throws IOException {
        long started = System.nanoTime();
        wal.sync();
        options.events().walSynced(System.nanoTime() - started);
    }

    /** The time partitions in block files, oldest first (samples still in the head are in none yet). */
    public List<PartitionInfo> partitions() {
        ensureOpen();
        List<PartitionInfo> partitions = new ArrayList<>();
        for (BlockFile[] files : blocks.partitions().values()) {
            long generation = -1;
            long bytes = 0;
            for (BlockFile file : files) {
                generation = Math.max(generation, file.generation());
                bytes += file.fileBytes();
            }
            long start = files[0].partitionStart();
            partitions.add(new PartitionInfo(start, start + files[0].partitionWidth(), generation, files.length, bytes));
        }
        return partitions;
    }

    /** The sequence of the last accepted batch (batches are numbered 0, 1, 2, … as accepted), -1 when none. */
    public long lastSequence() {
        return nextSequence - 1;
    }

    /**
     * A reader of the batches accepted after sequence {@code afterSequence}, from the WAL, in order,
     * once they are on disk (at once under the NONE fsync policy); for one thread, to be closed
     * before the engine. Pair it with {@link #retainChanges} so the WAL
     * keeps what the reader has not consumed.
     */
    public ChangeFeed changesAfter(long afterSequence) throws IOException {
        ensureOpen();
        // Only what is on disk (under EVERY_BATCH and INTERVAL): a batch a power failure could still
        // take back would have its sequence given again to another batch after the restart.
        java.util.function.LongSupplier readable = options.fsyncPolicy() == FsyncPolicy.NONE ? wal::lastAppended
            : wal::syncedThrough;
        return new ChangeFeed(wal.tailAfter(afterSequence, readable), catalog);
    }

    /**
     * Keeps WAL files holding batches after {@code consumedThrough} (a sequence, read at each
     * compaction) once they are compacted, while they take at most {@code maxBytes}; past that the
     * oldest go, {@code dropped} is told their span first, and a change feed finds a jump in the
     * sequences. {@code null} stops keeping them.
     */
    public void retainChanges(java.util.function.LongSupplier consumedThrough, long maxBytes, DroppedChanges dropped) {
        wal.retain(consumedThrough == null ? null : new WriteAheadLog.Retention(consumedThrough, maxBytes, dropped));
    }

    /**
     * Emits the samples of the series at {@code path} in {@code [start, end)}, in time order, the
     * last write of each timestamp only.
     *
     * @return false when no series has that path
     * @throws DataDamagedException after every readable sample was delivered, when damaged chunks
     *     held some of the range (it names them)
     */
    public boolean read(String path, long start, long end, SampleVisitor visitor) {
        ensureOpen();
        Series series = catalog.find(path);
        if (series == null) {
            return false;
        }
        read(series, start, end, visitor);
        return true;
    }

    /** As {@link #read(String, long, long, SampleVisitor)}, for a known series. */
    public void read(Series series, long start, long end, SampleVisitor visitor) {
        ReadDamage damage = new ReadDamage();
        read(series, start, end, visitor, damage);
        damage.throwIfAny();
    }

    /**
     * As {@link #read(Series, long, long, SampleVisitor)}, adding the ranges of damaged chunks met to
     * {@code damage} instead of throwing: for a query that reads many series and says so once at its end.
     */
    public void read(Series series, long start, long end, SampleVisitor visitor, ReadDamage damage) {
        ensureOpen();
        // Heads before blocks (inside the reader): a head compacted meanwhile is then still seen,
        // either as a head or as a block.
        List<Head> readable = heads.readable();
        reader().read(series, start, end, readable, visitor, damage);
    }

    /**
     * Scans a series in {@code [start, end)} for a query engine: whole chunks that nothing else
     * overlaps are offered to the handler (which may answer them from their statistics), the rest
     * arrive as merged samples, all in time order. Damaged chunks met are skipped and added to
     * {@code damage}.
     */
    public void scan(Series series, long start, long end, ScanHandler handler, ReadDamage damage) {
        ensureOpen();
        List<Head> readable = heads.readable();
        reader().scan(series, start, end, readable, handler, damage);
    }

    /**
     * The newest sample of each series that has one, in the given order: the last write at its
     * greatest timestamp. Answered from the last-value slots ({@link LastValueSlots}); a series whose
     * slot is not known yet (it existed at open) is looked up once in the heads and, from the newest
     * partition holding it down, the blocks. A series whose newest chunk is damaged is left out and
     * its range added to {@code damage}.
     */
    public void latest(List<Series> series, LatestVisitor visitor, ReadDamage damage) {
        ensureOpen();
        int s = 0;
        while (s < series.size() && lastValues.visit(series.get(s), visitor)) {
            s++;   // the common case: every slot known, one pass
        }
        if (s == series.size()) {
            return;
        }
        List<Series> unknown = new ArrayList<>();
        for (int k = s; k < series.size(); k++) {
            if (!lastValues.known(series.get(k))) {
                unknown.add(series.get(k));
            }
        }
        lastValues.fill(unknown, this::latestFromStorage);
        for (; s < series.size(); s++) {
            Series one = series.get(s);
            if (!lastValues.visit(one, visitor)) {
                // unknown still: its data is damaged, or samples were dropped meanwhile
                latestFromStorage(List.of(one), visitor, damage);
            }
        }
    }

    /** The newest samples read from the heads and blocks, without the slots. */
    private void latestFromStorage(List<Series> series, LatestVisitor visitor, ReadDamage damage) {
        List<Head> readable = heads.readable();
        reader().latest(series, readable, visitor, damage);
    }

    /** A thread's reusable reader; a fresh one for a read started from inside another read's visitor. */
    private SeriesReader reader() {
        SeriesReader reader = readers.get();
        return reader.inUse() ? new SeriesReader(blocks, problems) : reader;
    }

    /** The series at {@code path}, or null. */
    public Series find(String path) {
        return catalog.find(path);
    }

    /** The series with {@code id}, or null. */
    public Series series(int id) {
        return catalog.get(id);
    }

    /**
     * Ids of the series matching an MQTT-style filter ({@code +} one level, {@code #} the rest), as a
     * bitmap the caller owns.
     *
     * @throws IllegalArgumentException for a malformed filter, naming the problem
     */
    public RoaringBitmap match(String filter) {
        return catalog.index().match(filter);
    }

    /** The children of a namespace node ({@code ""} for the root), in segment order. */
    public List<NamespaceIndex.Child> children(String path) {
        return catalog.index().children(path);
    }

    /** Replaces the metadata of a series, durably. */
    public Series setMetadata(String path, SeriesMetadata metadata) throws IOException {
        ensureOpen();
        Series series = catalog.find(path);
        if (series == null) {
            throw new IllegalArgumentException("no series at path '" + path + "'");
        }
        return catalog.setMetadata(series.id(), metadata);
    }

    /**
     * Runs one compaction round now, in the calling thread: the head into block files, merges,
     * retention. For tools, tests and an orderly backup; the background compactor does this anyway.
     */
    public void compactNow() throws IOException {
        ensureOpen();
        compactor.compactOnce();
    }

    /**
     * Compacts as if every partition had gone cold: flushes the head, then merges each partition
     * whole, ended tier windows into one block each, with the entropy stage — what the background
     * compactor does once writes have stopped for the cold-merge delay. For history loaded in bulk.
     */
    public void settle() throws IOException {
        ensureOpen();
        compactor.compactOnce(true);
    }

    /**
     * Repairs what can be repaired and quarantines what cannot, deleting nothing: flushes every
     * readable WAL record into block files, rewrites blocks with damaged chunks from their readable
     * chunks, moves damaged and unreadable files (blocks, WAL cycle files, catalog copies kept aside)
     * to {@code <data>/quarantine/<time>/}, acknowledges missing files, and names series ids the
     * catalog lost ({@code lost-and-found/series-<id>}) so their samples can be found. After it, an
     * open reports nothing for what was repaired. Meant for a directory nothing else writes to.
     *
     * @return one line per action taken (empty when there was nothing to repair)
     */
    public List<String> repair() throws IOException {
        ensureOpen();
        return new Repair(directory, compactor, catalog, blocks, wal).run();
    }

    private void compactFromBackground() throws IOException {
        if (!closed) {
            compactor.compactOnce();
        }
    }

    /** Whether the engine can do its job now. */
    public StorageHealth health() {
        return health.current();
    }

    /** Series, files, memory, compaction work and health, as of now. */
    public StorageStatus status() {
        List<BlockFile> live = blocks.all();
        long blockBytes = 0;
        for (BlockFile block : live) {
            blockBytes += block.fileBytes();
        }
        Compactor.CompactionStats stats = compactor.stats();
        return new StorageStatus(catalog.size(), live.size(), blockBytes, heads.bytes(), heads.samples(), problems.count(),
            stats.flushedBytes(), stats.mergedBytes(), health.current());
    }

    /** Data that could not be read since open: file, offset and reason of each. */
    public List<StorageProblem> problems() {
        return problems.all();
    }

    public Path directory() {
        return directory;
    }

    public StorageOptions options() {
        return options;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("storage engine at " + directory + " is closed");
        }
    }

    /**
     * Stops the background tasks, compacts the head when configured to, and releases every file,
     * mapping and thread.
     */
    @Override
    public void close() throws IOException {
        synchronized (closing) {
            if (closed) {
                return;
            }
            closed = true;
        }
        heads.close();
        IOException failure = null;
        try {
            background.stop();
            if (options.compactOnClose()) {
                compactor.compactOnce();
            }
            wal.sync();
        } catch (IOException e) {
            failure = e;
        } finally {
            for (BlockFile block : blocks.all()) {
                blocks.replace(List.of(block), null);
                block.release();
            }
            closeQuietly(wal, catalog);
            lock.release();
            lockChannel.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(WriteAheadLog log, SeriesCatalog seriesCatalog) {
        if (log != null) {
            log.close();
        }
        if (seriesCatalog != null) {
            try {
                seriesCatalog.close();
            } catch (IOException e) {
                LOG.warn("closing the catalog failed: {}", e.toString());
            }
        }
    }

    /** The live block files; for this package's tests. */
    BlockSet blocks() {
        return blocks;
    }

    /** Waits for background tasks to finish what they are doing; for tests. */
    boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        return background.awaitIdle(timeout, unit);
    }
}
