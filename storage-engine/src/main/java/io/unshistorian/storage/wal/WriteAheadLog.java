package io.unshistorian.storage.wal;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.file.FileSync;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The write-ahead log: a Chronicle Queue in {@code <data>/wal}, memory-mapped, one excerpt per
 * accepted batch ({@link WalRecord}). Appends are made by one thread at a time (the engine's write
 * lock); replay runs before the first append. Cycle deletion may run beside appends: it only
 * deletes cycles older than the one being appended to. Forcing to disk follows the
 * {@link FsyncPolicy}.
 */
public final class WriteAheadLog implements AutoCloseable {
    /** Receives replayed records. */
    @FunctionalInterface
    public interface RecordHandler {
        void onRecord(long index, WalRecordReader record);
    }

    /** Largest record one excerpt takes (Chronicle allows a quarter of the 64 MiB block, less headers). */
    public static final int MAX_RECORD_BYTES = 15 << 20;

    private final Path directory;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final RollCycle rollCycle;
    private final Set<File> unsyncedFiles = ConcurrentHashMap.newKeySet();
    private final StorageProblems problems;
    private final FileSync fileSync;
    private final Set<File> knownFiles = ConcurrentHashMap.newKeySet();
    /** The cycle file and cycle of the last append, published for the sync and compactor threads. */
    private volatile File currentFile;
    private volatile int currentCycle = Integer.MAX_VALUE;
    private byte[] readBuffer = new byte[1 << 16];

    /**
     * Opens (creating when needed) the WAL in {@code directory}.
     *
     * @param clockMillis the wall clock that decides the cycle of an append, epoch ms
     */
    public WriteAheadLog(Path directory, WalRollPeriod rollPeriod, LongSupplier clockMillis, StorageProblems problems,
                         FileSync fileSync) throws IOException {
        this.directory = directory;
        this.problems = problems;
        this.fileSync = fileSync;
        Files.createDirectories(directory);
        this.rollCycle = rollPeriod.rollCycle();
        SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory.toFile())
            .rollCycle(rollCycle)
            .blockSize(64L << 20)
            .timeProvider(new WallClock(clockMillis));
        this.queue = builder.build();
        this.appender = queue.createAppender();
        this.appender.singleThreadedCheckDisabled(true);
    }

    /** Appends one record; returns its index. Callers serialize appends. */
    public long append(UnsafeBuffer record, int length) {
        try (DocumentContext document = appender.writingDocument()) {
            Bytes<?> bytes = document.wire().bytes();
            bytes.write(record.byteArray(), record.wrapAdjustment(), length);
        }
        long index = appender.lastIndexAppended();
        File file = appender.currentFile();
        if (file != null) {
            unsyncedFiles.add(file);
            currentFile = file;
        }
        currentCycle = appender.cycle();
        return index;
    }

    /**
     * Forces to disk every cycle file appended to since the last call, the current one always.
     * Callers may be any thread; calls are serialized, and a file leaves the to-do set only after it
     * was forced and when it is no longer the one being appended to, so a concurrent append is
     * never left unforced by a sync that started after it.
     */
    public synchronized void sync() throws IOException {
        File current = currentFile;
        if (current != null) {
            unsyncedFiles.add(current);
        }
        List<File> files = new ArrayList<>(unsyncedFiles);
        boolean newFile = false;
        for (File file : files) {
            newFile |= knownFiles.add(file);
            if (file.exists()) {
                try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
                    fileSync.force(channel, file.toPath(), false);
                }
            }
            if (!file.equals(current)) {
                unsyncedFiles.remove(file);
                knownFiles.remove(file);
            }
        }
        if (newFile) {
            // A cycle file created since the last sync: its directory entry must reach the disk too.
            fileSync.forceDirectory(directory);
        }
    }

    /**
     * Replays every record after {@code afterIndex} (all records when it is below the first),
     * in order. Unreadable records are reported with their cycle file and index, and skipped.
     *
     * @return the number of records replayed
     */
    public long replayAfter(long afterIndex, RecordHandler handler) {
        long replayed = 0;
        WalRecordReader reader = new WalRecordReader();
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (afterIndex >= 0 && !tailer.moveToIndex(afterIndex)) {
                tailer.toStart();
            }
            while (true) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    long index = document.index();
                    if (index <= afterIndex) {
                        continue;
                    }
                    Bytes<?> bytes = document.wire().bytes();
                    int length = (int) bytes.readRemaining();
                    if (readBuffer.length < length) {
                        readBuffer = new byte[Math.max(length, readBuffer.length * 2)];
                    }
                    bytes.read(readBuffer, 0, length);
                    String problem = reader.wrap(new UnsafeBuffer(readBuffer, 0, length), length);
                    if (problem != null) {
                        problems.report(fileOf(tailer), index, "WAL record " + Long.toHexString(index) + ": " + problem
                            + "; skipped");
                        continue;
                    }
                    handler.onRecord(index, reader);
                    replayed++;
                }
            }
        }
        return replayed;
    }

    private Path fileOf(ExcerptTailer tailer) {
        File file = tailer.currentFile();
        return file == null ? directory : file.toPath();
    }

    /**
     * Deletes the cycle files that hold only records at or before {@code checkpointIndex} and are
     * no longer written to: disk use stays bounded by what is not yet compacted.
     *
     * @return the files deleted
     */
    public List<Path> deleteCyclesBefore(long checkpointIndex) throws IOException {
        List<Path> deleted = new ArrayList<>();
        if (checkpointIndex < 0) {
            return deleted;
        }
        int keepFrom = Math.min(rollCycle.toCycle(checkpointIndex), currentCycle);
        DateTimeFormatter format = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".cq4")) {
                    continue;
                }
                Integer cycle = cycleOf(name.substring(0, name.length() - 4), format);
                if (cycle != null && cycle < keepFrom) {
                    Files.deleteIfExists(file);
                    deleted.add(file);
                }
            }
        }
        if (!deleted.isEmpty() && queue instanceof net.openhft.chronicle.queue.impl.single.SingleChronicleQueue) {
            ((net.openhft.chronicle.queue.impl.single.SingleChronicleQueue) queue).refreshDirectoryListing();
        }
        return deleted;
    }

    private Integer cycleOf(String baseName, DateTimeFormatter format) {
        try {
            var parsed = format.parse(baseName);
            long epochSecond = java.time.LocalDateTime.of(
                parsed.isSupported(ChronoField.YEAR) ? parsed.get(ChronoField.YEAR) : 1970,
                parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1,
                parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1,
                parsed.isSupported(ChronoField.HOUR_OF_DAY) ? parsed.get(ChronoField.HOUR_OF_DAY) : 0,
                parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0,
                parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0)
                .toEpochSecond(ZoneOffset.UTC);
            return (int) (epochSecond * 1000 / rollCycle.lengthInMillis());
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    public Path directory() {
        return directory;
    }

    /** Closes the queue and waits until Chronicle has released its files and mappings. */
    @Override
    public void close() {
        appender.close();
        queue.close();
        BackgroundResourceReleaser.releasePendingResources();
    }

    /** Chronicle's view of the engine's wall clock, which decides the cycle each append lands in. */
    private static final class WallClock implements TimeProvider {
        private final LongSupplier millis;

        WallClock(LongSupplier millis) {
            this.millis = millis;
        }

        @Override
        public long currentTimeMillis() {
            return millis.getAsLong();
        }
    }
}
