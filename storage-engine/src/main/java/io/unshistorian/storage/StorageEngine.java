package io.unshistorian.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.block.BlockDescriptor;
import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.block.BlockFileWriter;
import io.unshistorian.storage.block.BlockSet;
import io.unshistorian.storage.block.CorruptBlockException;
import io.unshistorian.storage.catalog.SeriesCatalog;
import io.unshistorian.storage.compaction.Checkpoint;
import io.unshistorian.storage.compaction.Compactor;
import io.unshistorian.storage.compaction.HeadSource;
import io.unshistorian.storage.head.Head;
import io.unshistorian.storage.read.SampleVisitor;
import io.unshistorian.storage.read.SeriesReader;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.wal.WalRecordReader;
import io.unshistorian.storage.wal.WriteAheadLog;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;

/**
 * The storage engine of one data directory: catalog, WAL, head, block files and the compactor.
 *
 * <p>A write is validated whole, its new series are made durable in the catalog, the batch is
 * appended to the WAL as one record and applied to the head, all before {@link #write} returns:
 * the write is then acknowledged and visible to reads. Compaction turns the head into block files
 * in the background. On open, the head is rebuilt from the WAL records after the checkpoint.
 * Thread-safe: any number of writer and reader threads.
 *
 * <p>Layout of the directory: {@code store.properties} (settings fixed at creation),
 * {@code catalog.log}, {@code wal/} (Chronicle Queue cycles), {@code blocks/} (block files),
 * {@code checkpoint}, {@code LOCK}.
 */
public final class StorageEngine implements AutoCloseable, HeadSource {
    private static final System.Logger LOG = System.getLogger(StorageEngine.class.getName());

    private final Path directory;
    private final StorageOptions options;
    private final StorageProblems problems = new StorageProblems();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SeriesCatalog catalog;
    private final WriteAheadLog wal;
    private final BlockSet blocks = new BlockSet();
    private final Compactor compactor;
    private final ThreadLocal<WriterContext> writers;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition headSpace = writeLock.newCondition();
    private final BackgroundTasks background;

    private volatile Head active = new Head();
    private volatile List<Head> sealed = List.of();
    private volatile boolean closed;

    private StorageEngine(Path directory, StorageOptions options) throws IOException {
        this.directory = directory;
        this.options = options;
        Files.createDirectories(directory);
        this.lockChannel = FileChannel.open(directory.resolve("LOCK"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        this.lock = tryLock(lockChannel, directory);
        SeriesCatalog openedCatalog = null;
        WriteAheadLog openedWal = null;
        try {
            StoreSettings.checkOrCreate(directory, options);
            openedCatalog = SeriesCatalog.open(directory.resolve("catalog.log"), problems);
            this.catalog = openedCatalog;
            Path blockDirectory = Files.createDirectories(directory.resolve("blocks"));
            long firstGeneration = loadBlocks(blockDirectory);
            openedWal = new WriteAheadLog(directory.resolve("wal"), options.walRollPeriod(), options.walClock(),
                problems);
            this.wal = openedWal;
            BlockFileWriter.forceDirectory(directory);   // the files and folders created above
            Checkpoint checkpoint = new Checkpoint(directory);
            replayWal(checkpoint.read(problems));
            this.compactor = new Compactor(blockDirectory, blocks, catalog, wal, checkpoint, this, options, problems,
                firstGeneration);
            this.writers = ThreadLocal.withInitial(() -> new WriterContext(options.limits()));
            this.background = new BackgroundTasks(this, options);
        } catch (IOException | RuntimeException e) {
            closeQuietly(openedWal, openedCatalog);
            lock.release();
            lockChannel.close();
            throw e;
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

    /** Opens every block file, drops those a later merge replaced, returns the next free generation. */
    private long loadBlocks(Path blockDirectory) throws IOException {
        List<BlockFile> opened = new ArrayList<>();
        java.util.Map<Long, Path> unreadable = new java.util.HashMap<>();
        long maxGeneration = -1;
        try (Stream<Path> files = Files.list(blockDirectory)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(BlockDescriptor.TEMPORARY_SUFFIX)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(BlockDescriptor.SUFFIX)) {
                    try {
                        BlockFile block = BlockFile.open(file);
                        opened.add(block);
                        maxGeneration = Math.max(maxGeneration, block.generation());
                    } catch (CorruptBlockException e) {
                        problems.report(e.file(), e.offset(), "block file unreadable, left out: " + e.getMessage());
                        // Its generation stays taken: a new block must not reuse the damaged file's name.
                        maxGeneration = Math.max(maxGeneration, BlockDescriptor.generationOf(name));
                        unreadable.put(BlockDescriptor.generationOf(name), file);
                    }
                }
            }
        }
        Set<Long> superseded = new HashSet<>();
        for (BlockFile block : opened) {
            for (long generation : block.supersedes()) {
                superseded.add(generation);
            }
        }
        for (Map.Entry<Long, Path> damaged : unreadable.entrySet()) {
            if (superseded.contains(damaged.getKey())) {
                Files.deleteIfExists(damaged.getValue());   // a readable merge holds its data
            }
        }
        int maxSeriesId = -1;
        for (BlockFile block : opened) {
            if (superseded.contains(block.generation())) {
                block.deleteWhenReleased();
                block.release();
            } else {
                blocks.add(block);
                for (int e = 0; e < block.entryCount(); e++) {
                    maxSeriesId = Math.max(maxSeriesId, block.seriesId(e));
                }
            }
        }
        catalog.reserveIdsBelow(maxSeriesId + 1);
        return maxGeneration + 1;
    }

    private void replayWal(long checkpointIndex) {
        long records = wal.replayAfter(checkpointIndex, (index, record) -> {
            Head head = active;
            for (int i = 0; i < record.count(); i++) {
                catalog.reserveIdsBelow(record.seriesId(i) + 1);
                Series series = catalog.get(record.seriesId(i));
                if (series == null) {
                    problems.report(wal.directory(), index, "WAL sample of unknown series id " + record.seriesId(i)
                        + " skipped");
                    continue;
                }
                String text = series.type() == ValueType.STRING ? record.string(record.value(i)) : null;
                if (series.type() == ValueType.STRING && text == null) {
                    problems.report(wal.directory(), index, "WAL sample " + i + " refers to string "
                        + record.value(i) + " the record does not hold; skipped");
                    continue;
                }
                head.append(series.id(), series.type(), record.timestamp(i), record.value(i), record.quality(i), text);
            }
            head.applied(index, record.count());
        });
        if (records > 0) {
            LOG.log(System.Logger.Level.INFO, "replayed {0} WAL records after checkpoint {1}", records,
                Long.toHexString(checkpointIndex));
        }
    }

    /**
     * Stores a batch: validated whole, then accepted whole (durable in the WAL and visible to reads
     * when this returns) or rejected whole.
     *
     * @throws BatchRejectedException when any sample is invalid, naming it; nothing is stored
     * @throws IOException when the data directory cannot be written; nothing is acknowledged
     */
    public void write(WriteBatch batch) throws IOException {
        ensureOpen();
        if (batch.size() == 0) {
            return;
        }
        WriterContext context = writers.get();
        context.resolve(batch, catalog);
        int length = context.encode(batch);
        writeLock.lock();
        try {
            ensureOpen();
            awaitHeadSpace();
            long index = wal.append(context.record, length);
            Head head = active;
            for (int i = 0; i < batch.size(); i++) {
                Series series = context.series[i];
                head.append(series.id(), series.type(), batch.timestamp(i), batch.valueBits(i), batch.quality(i),
                    batch.stringValue(i));
            }
            head.applied(index, batch.size());
        } finally {
            writeLock.unlock();
            context.forget(batch.size());
        }
        if (options.fsyncPolicy() == FsyncPolicy.EVERY_BATCH) {
            wal.sync();
        }
        background.headGrew(active.sampleBytes());
    }

    private void awaitHeadSpace() throws IOException {
        long deadline = System.nanoTime() + options.writeTimeout().toNanos();
        while (headBytes() >= options.headMaxBytes()) {
            background.compactSoon();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new BatchRejectedException(-1, null, "write backlog full: the head holds " + headBytes()
                    + " bytes (limit " + options.headMaxBytes() + ") and compaction has not freed memory within "
                    + options.writeTimeout().toMillis() + " ms; retry later");
            }
            try {
                headSpace.awaitNanos(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for head memory", e);
            }
            ensureOpen();
        }
    }

    /** Bytes held by the active and sealed heads. */
    public long headBytes() {
        long bytes = active.bytes();
        for (Head head : sealed) {
            bytes += head.bytes();
        }
        return bytes;
    }

    /**
     * Emits the samples of the series at {@code path} in {@code [start, end)}, in time order, the
     * last write of each timestamp only.
     *
     * @return false when no series has that path
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
        // Heads first, then blocks (inside the reader): a head compacted meanwhile is then still
        // seen either as a head or as a block.
        List<Head> heads = readableHeads();
        new SeriesReader(blocks, problems).read(series, start, end, heads, visitor);
    }

    /**
     * Scans a series in {@code [start, end)} for a query engine: whole chunks that nothing else
     * overlaps are offered to the handler (which may answer them from their statistics), the rest
     * arrive as merged samples, all in time order.
     */
    public void scan(Series series, long start, long end, io.unshistorian.storage.read.ScanHandler handler) {
        ensureOpen();
        List<Head> heads = readableHeads();
        new SeriesReader(blocks, problems).scan(series, start, end, heads, handler);
    }

    /**
     * The newest sample of a series (the last write at its greatest timestamp), or false when it
     * has none. Looks at the heads first and at blocks only from the newest partition down.
     */
    public boolean latest(Series series, SampleVisitor visitor) {
        ensureOpen();
        List<Head> heads = readableHeads();
        return new SeriesReader(blocks, problems).latest(series, heads, visitor);
    }

    /** Receives the newest sample of one series. */
    @FunctionalInterface
    public interface LatestVisitor {
        void latest(Series series, long timestampNanos, long valueBits, int quality, String text);
    }

    /** The newest sample of each series that has one, in the given order; one pass over the blocks. */
    public void latest(List<Series> series, LatestVisitor visitor) {
        ensureOpen();
        List<Head> heads = readableHeads();
        SeriesReader reader = new SeriesReader(blocks, problems);
        List<BlockFile> all = blocks.retainOverlapping(Long.MIN_VALUE + 1, Long.MAX_VALUE);
        try {
            for (Series one : series) {
                reader.latest(one, heads, all, (t, v, q, text) -> visitor.latest(one, t, v, q, text));
            }
        } finally {
            all.forEach(BlockFile::release);
        }
    }

    private List<Head> readableHeads() {
        List<Head> sealedNow = sealed;
        Head activeNow = active;
        List<Head> heads = new ArrayList<>(sealedNow.size() + 1);
        heads.addAll(sealedNow);
        heads.add(activeNow);
        return heads;
    }

    @Override
    public Head seal() {
        writeLock.lock();
        try {
            Head current = active;
            if (current.isEmpty()) {
                return null;
            }
            List<Head> next = new ArrayList<>(sealed);
            next.add(current);
            sealed = List.copyOf(next);
            active = new Head(current);
            return current;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void compacted(Head head) {
        writeLock.lock();
        try {
            List<Head> next = new ArrayList<>(sealed);
            next.remove(head);
            sealed = List.copyOf(next);
            headSpace.signalAll();
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs one compaction round now, in the calling thread. */
    public void compactNow() throws IOException {
        ensureOpen();
        compactor.compactOnce();
    }

    void compactNowFromBackground() throws IOException {
        if (!closed) {
            compactor.compactOnce();
        }
    }

    /** Forces the WAL to disk now. */
    public void syncWal() throws IOException {
        wal.sync();
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

    public SeriesCatalog catalog() {
        return catalog;
    }

    public BlockSet blocks() {
        return blocks;
    }

    public Compactor.CompactionStats compactionStats() {
        return compactor.stats();
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

    WriteAheadLog wal() {
        return wal;
    }

    Compactor compactor() {
        return compactor;
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
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            headSpace.signalAll();
        } finally {
            writeLock.unlock();
        }
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
                LOG.log(System.Logger.Level.WARNING, "closing the catalog failed: " + e);
            }
        }
    }

    /** Waits for background tasks to finish what they are doing; for tests. */
    boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        return background.awaitIdle(timeout, unit);
    }
}
