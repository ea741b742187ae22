package io.unshistorian.storage.wal;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.unshistorian.storage.DroppedChanges;
import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.file.DiskFull;
import io.unshistorian.storage.file.FileSync;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log in {@code <data>/wal}: one excerpt per accepted batch ({@link WalRecord}),
 * appended to a memory-mapped Chronicle Queue. Each open starts a new session directory
 * ({@link WalDirectory}) and appends only there; earlier sessions are read on open by
 * {@link WalFileScanner} — by their bytes and the records' own checksums and sequences, never by
 * Chronicle's structures, so damage costs the damaged record only — and deleted once compaction has
 * moved all their records into block files. Before every append the cycle file's blocks are
 * reserved ({@link SpaceReservation}), so a full disk refuses the batch instead of faulting the
 * mapped write. Appends come from one thread at a time (the engine's write lock); sync and deletion
 * may run beside them.
 */
public final class WriteAheadLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);
    /** Receives replayed records. */
    @FunctionalInterface
    public interface RecordHandler {
        /**
         * @param afterDamage whether damaged bytes were skipped (and reported) since the previous
         *     record: a gap in sequences there is explained by that damage
         * @param file the cycle file the record is in
         */
        void onRecord(long sequence, WalRecordReader record, boolean afterDamage, Path file);
    }

    /** Told when a cycle file starts (it has its first record) and when cycle files are deleted. */
    public interface FileListener {
        void started(long session, int cycle, long firstSequence) throws IOException;

        /** Called before the files are deleted; each is {@code {session, cycle}}. */
        void deleting(List<long[]> files) throws IOException;
    }

    /** A cycle file an earlier session left, as the replay found it (first sequence -1 when it had no record). */
    public record ScannedFile(long session, int cycle, Path path, long records, long firstSequence, boolean damaged) {
    }

    /** Largest record one excerpt takes (Chronicle allows a quarter of the 64 MiB block, less headers). */
    public static final int MAX_RECORD_BYTES = 15 << 20;
    /** Free space a new cycle file needs before it is created (its header and first index). */
    static final long NEW_CYCLE_BYTES = 1L << 20;
    /** Free space a new session needs (Chronicle's table store and the first cycle file's start). */
    static final long NEW_SESSION_BYTES = 2L << 20;
    /** A document's header and alignment, and an index array Chronicle may add before it. */
    private static final long DOCUMENT_OVERHEAD = 1L << 16;

    private final WalDirectory layout;
    private final long session;
    private final RollCycle rollCycle;
    private final LongSupplier clockMillis;
    private final StorageProblems problems;
    private final FileSync fileSync;
    /** This session's queue, made at its first append (so a directory opens on a full disk, for reads). */
    private volatile ChronicleQueue queue;
    private ExcerptAppender appender;
    private final SpaceReservation reservation = new SpaceReservation();
    private final Set<File> unsyncedFiles = ConcurrentHashMap.newKeySet();
    private final Set<File> knownFiles = ConcurrentHashMap.newKeySet();
    /** The last sequence in each cycle file of this and earlier sessions, for deletion. Guarded by itself. */
    private final Map<Path, Segment> segments = new LinkedHashMap<>();
    private final List<Long> earlierSessions;
    private final List<ScannedFile> scanned = new ArrayList<>();
    private final FileListener listener;
    /** The sequence of the last record appended, and of the last one a sync has put on disk. */
    private volatile long lastAppended = -1;
    private volatile long syncedThrough = -1;
    /** What a tail (a forwarder) still needs: files holding later records are kept, up to a cap. */
    private volatile Retention retention;
    /** The cycle file of the last append, published for the sync and compactor threads. */
    private volatile File currentFile;
    /** Where the last append ended in the current cycle file. */
    private long lastEnd;

    /**
     * Keeps cycle files whose records a reader has not consumed yet ({@code consumedThrough}), even
     * once they are compacted, while they take at most {@code maxBytes}; past that the oldest are
     * deleted anyway, {@code dropped} told their span first, and the reader finds the jump in the
     * sequences.
     */
    public record Retention(java.util.function.LongSupplier consumedThrough, long maxBytes, DroppedChanges dropped) {
    }

    /**
     * A cycle file the log knows: its session and cycle, its last sequence, whether it is damaged, and
     * the span of its samples' timestamps (what to read back from blocks if it goes unforwarded).
     */
    private record Segment(long session, int cycle, long firstSequence, long lastSequence, boolean damaged, long minTime,
                           long maxTime) {
        Segment with(long sequence, long batchMin, long batchMax) {
            return new Segment(session, cycle, firstSequence, sequence, damaged, Math.min(minTime, batchMin),
                Math.max(maxTime, batchMax));
        }
    }


    /**
     * Opens the WAL in {@code directory} and numbers the new session that its first append starts.
     *
     * @param clockMillis the wall clock that decides the cycle of an append, epoch ms
     */
    public WriteAheadLog(Path directory, WalRollPeriod rollPeriod, LongSupplier clockMillis, StorageProblems problems,
                         FileSync fileSync, FileListener listener) throws IOException {
        this.listener = listener;
        this.rollCycle = rollPeriod.rollCycle();
        this.layout = new WalDirectory(directory, rollCycle);
        this.clockMillis = clockMillis;
        this.problems = problems;
        this.fileSync = fileSync;
        Files.createDirectories(directory);
        this.earlierSessions = layout.sessions();
        this.session = earlierSessions.isEmpty() ? 0 : earlierSessions.get(earlierSessions.size() - 1) + 1;
    }

    /** Starts this session's directory and queue: at the first append, when there must be room for them. */
    private void openSession() throws IOException {
        requireFreeSpace(NEW_SESSION_BYTES);
        Path sessionDirectory = Files.createDirectories(layout.sessionDirectory(session));
        fileSync.forceDirectory(layout.root());
        ChronicleQueue opened = SingleChronicleQueueBuilder.binary(sessionDirectory.toFile())
            .rollCycle(rollCycle)
            .blockSize(64L << 20)
            .timeProvider(new WallClock(clockMillis))
            .build();
        ExcerptAppender created = opened.createAppender();
        created.singleThreadedCheckDisabled(true);
        // Chronicle maps its table store too; give its pages blocks now, not at a later mapped write.
        Path tableStore = sessionDirectory.resolve(WalDirectory.METADATA_FILE);
        if (Files.exists(tableStore)) {
            try (SpaceReservation store = new SpaceReservation()) {
                store.reserveWhole(tableStore);
            }
        }
        this.queue = opened;
        this.appender = created;
    }

    /**
     * Replays every readable record of the earlier sessions whose sequence is above
     * {@code afterSequence}, in the order they were written. Damaged bytes are reported (file,
     * offset, reason) and skipped. A version 1 record has no sequence of its own; it is given its
     * Chronicle index, which is what a version 1 checkpoint holds.
     *
     * @return the highest sequence found, or -1 when there is none
     */
    public long replayAfter(long afterSequence, RecordHandler handler) throws IOException {
        WalFileScanner scanner = new WalFileScanner(problems);
        long highest = -1;
        long[] damageSeen = {0};
        for (WalDirectory.CycleFile file : layout.cycleFiles(earlierSessions)) {
            long[] first = {-1};
            long[] last = {-1};
            long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
            WalFileScanner.Summary summary = scanner.scan(file.path(), (record, position, ordinal) -> {
                long sequence = record.sequence() != WalRecordReader.NO_SEQUENCE ? record.sequence()
                    : rollCycle.toIndex(file.cycle(), ordinal);
                first[0] = first[0] < 0 ? sequence : first[0];
                last[0] = Math.max(last[0], sequence);
                for (int i = 0; i < record.count(); i++) {
                    span[0] = Math.min(span[0], record.timestamp(i));
                    span[1] = Math.max(span[1], record.timestamp(i));
                }
                boolean afterDamage = scanner.damagedRegions() != damageSeen[0];
                damageSeen[0] = scanner.damagedRegions();
                if (sequence > afterSequence) {
                    handler.onRecord(sequence, record, afterDamage, file.path());
                }
            });
            // A record an earlier session wrote but never forced may still be only in the page cache
            // (after a kill -9): forced now, before anything reads it back as durable.
            forceQuietly(file.path());
            synchronized (segments) {
                segments.put(file.path(), new Segment(file.session(), file.cycle(), first[0], last[0], summary.damaged(), span[0],
                    span[1]));
            }
            scanned.add(new ScannedFile(file.session(), file.cycle(), file.path(), summary.records(), first[0],
                summary.damaged()));
            highest = Math.max(highest, last[0]);
        }
        for (long earlier : earlierSessions) {
            layout.deleteIfEmpty(earlier);   // an open that wrote nothing left an empty session behind
        }
        return highest;
    }

    private void forceQuietly(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            fileSync.force(channel, file, false);
        } catch (IOException e) {
            LOG.warn("could not force the earlier WAL file {} to disk: {}", file, e.toString());
        }
    }

    /**
     * Reads every cycle file under {@code directory} (all sessions) without opening a queue or
     * changing anything, reporting damage to {@code problems}. For {@code historian verify}.
     *
     * @return each file as found (records, first sequence, damage)
     */
    public static List<ScannedFile> inspect(Path directory, WalRollPeriod rollPeriod, StorageProblems problems)
        throws IOException {
        return inspect(directory, rollPeriod, problems, -1);
    }

    /**
     * Scans every cycle file, as {@link #inspect(Path, WalRollPeriod, StorageProblems)}, and also
     * reports sequence numbers missing after {@code checkpoint} (when it is known, {@code >= 0}) in a
     * file the scanner found no damage in — records gone without a trace, as open reports them.
     */
    public static List<ScannedFile> inspect(Path directory, WalRollPeriod rollPeriod, StorageProblems problems,
                                            long checkpoint) throws IOException {
        RollCycle cycles = rollPeriod.rollCycle();
        WalDirectory layout = new WalDirectory(directory, cycles);
        WalFileScanner scanner = new WalFileScanner(problems);
        List<ScannedFile> files = new ArrayList<>();
        long[] expected = {checkpoint >= 0 ? checkpoint + 1 : -1};
        for (WalDirectory.CycleFile file : layout.cycleFiles(layout.sessions())) {
            long[] first = {-1};
            List<long[]> gaps = new ArrayList<>();
            WalFileScanner.Summary summary = scanner.scan(file.path(), (record, position, ordinal) -> {
                if (first[0] < 0) {
                    first[0] = record.sequence() != WalRecordReader.NO_SEQUENCE ? record.sequence()
                        : cycles.toIndex(file.cycle(), ordinal);
                }
                long sequence = record.sequence();
                if (sequence != WalRecordReader.NO_SEQUENCE && expected[0] >= 0) {
                    if (sequence > expected[0]) {
                        gaps.add(new long[] {expected[0], sequence - 1});
                    }
                    expected[0] = Math.max(expected[0], sequence + 1);
                }
            });
            if (!summary.damaged()) {   // in a damaged file the damage report explains the gap
                for (long[] gap : gaps) {
                    problems.report(file.path(), gap[0], "WAL records " + gap[0] + ".." + gap[1] + " are missing (a "
                        + "cycle file deleted, emptied or zeroed); their samples are lost");
                }
            }
            files.add(new ScannedFile(file.session(), file.cycle(), file.path(), summary.records(), first[0],
                summary.damaged()));
        }
        return files;
    }

    /**
     * Keeps the cycle files a tail has not read yet ({@link Retention}); {@code null} stops keeping
     * them. Takes effect at the next {@link #deleteThrough}.
     */
    public void retain(Retention retention) {
        this.retention = retention;
    }

    /**
     * A reader of the records after {@code afterSequence}: the earlier sessions' files, then this
     * session's records through {@code readableThrough} (asked at each poll).
     */
    public WalTail tailAfter(long afterSequence, java.util.function.LongSupplier readableThrough) throws IOException {
        return new WalTail(this, layout.cycleFiles(earlierSessions), afterSequence, readableThrough);
    }

    /** This session's queue, or null before its first append. */
    ChronicleQueue queue() {
        return queue;
    }

    /** The sessions this log is not appending to (earlier opens of the directory). */
    public List<Long> earlierSessions() {
        return List.copyOf(earlierSessions);
    }

    /** The session this log appends to. */
    public long session() {
        return session;
    }

    /** The cycle files of earlier sessions as {@link #replayAfter} found them. */
    public List<ScannedFile> scanned() {
        return List.copyOf(scanned);
    }

    /**
     * Appends one record, already sealed with its sequence. Callers serialize appends.
     *
     * @param minTime the earliest sample timestamp in the record, {@code maxTime} the latest
     * @throws IOException when the disk has no room for it (nothing was written), or when the
     *     mapped write failed (the record may be half written: the log can no longer be trusted)
     */
    public void append(UnsafeBuffer record, int length, long sequence, long minTime, long maxTime) throws IOException {
        if (appender == null) {
            openSession();
        }
        File file = currentFile;
        boolean newCycle = file == null || appender.cycle() != rollCycle.current(this::now, 0);
        if (newCycle) {
            requireFreeSpace(NEW_CYCLE_BYTES + length);
        } else {
            reservation.reserve(file.toPath(), lastEnd + DOCUMENT_OVERHEAD + length);
        }
        try (DocumentContext document = appender.writingDocument()) {
            try {
                Bytes<?> bytes = document.wire().bytes();
                bytes.write(record.byteArray(), record.wrapAdjustment(), length);
                lastEnd = bytes.writePosition();
            } catch (Throwable e) {
                document.rollbackOnClose();
                throw e;
            }
        } catch (InternalError e) {
            // SIGBUS of a mapped write: the file system could not back a page despite the reservation.
            throw new WriteFailedException("the WAL's mapped write failed (" + e.getMessage() + "): the disk of "
                + layout.root() + " is full or failing", e);
        }
        File written = appender.currentFile();
        if (written != null) {
            unsyncedFiles.add(written);
            boolean started = !written.equals(file);
            currentFile = written;
            // After the file is where a sync finds it: a sync must not count this record as forced
            // while it forces only the file before.
            lastAppended = sequence;
            synchronized (segments) {
                Segment before = segments.get(written.toPath());
                segments.put(written.toPath(), before != null ? before.with(sequence, minTime, maxTime)
                    : new Segment(session, appender.cycle(), sequence, sequence, false, minTime, maxTime));
            }
            if (started) {
                try {
                    listener.started(session, appender.cycle(), sequence);
                } catch (IOException e) {
                    // The record is written; only the manifest missed this file (checked, not needed, on open).
                    LOG.warn("could not record the new WAL file {} in the manifest: {}", written, e.toString());
                }
            }
            try {
                reservation.reserve(written.toPath(), lastEnd);   // room for the next append, ahead of time
            } catch (IOException e) {
                // This record is written; the next append checks again and refuses while the disk is full.
            }
        }
    }

    /**
     * A record may be half written: the log can no longer be trusted to hold what it is given, so the
     * engine refuses writes until the directory is reopened (where the scanner skips the torn record).
     */
    public static final class WriteFailedException extends IOException {
        private static final long serialVersionUID = 1L;

        WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private long now() {
        return clockMillis.getAsLong();
    }

    private void requireFreeSpace(long bytes) throws IOException {
        FileStore store = Files.getFileStore(layout.root());
        long usable = store.getUsableSpace();
        if (usable < bytes + SpaceReservation.AHEAD_BYTES) {
            throw new DiskFull.DiskFullException("no space left on the WAL's disk: " + usable + " bytes free in "
                + layout.root() + ", " + (bytes + SpaceReservation.AHEAD_BYTES) + " needed");
        }
    }

    /**
     * Forces to disk every cycle file appended to since the last call, the current one always.
     * Callers may be any thread; calls are serialized, and a file leaves the to-do set only after it
     * was forced and when it is no longer the one being appended to, so a concurrent append is
     * never left unforced by a sync that started after it.
     */
    public synchronized void sync() throws IOException {
        long through = lastAppended;   // appended before the forces below, so on disk after them
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
            fileSync.forceDirectory(layout.sessionDirectory(session));
        }
        syncedThrough = Math.max(syncedThrough, through);
    }

    /** The sequence of the last record of this session a sync has forced to disk, -1 when none. */
    public long syncedThrough() {
        return syncedThrough;
    }

    /** The sequence of the last record appended in this session, -1 when none. */
    public long lastAppended() {
        return lastAppended;
    }

    /**
     * Deletes the cycle files whose every record has a sequence at or below {@code checkpoint} (all
     * in block files now), except the one being appended to and damaged files (kept for
     * {@code historian verify}/{@code repair}), then empty earlier session directories.
     *
     * @return the files deleted
     */
    public List<Path> deleteThrough(long checkpoint) throws IOException {
        List<Path> deleted = new ArrayList<>();
        if (checkpoint < 0) {
            return deleted;
        }
        File current = currentFile;
        Set<Long> touchedSessions = new TreeSet<>();
        synchronized (segments) {
            List<Map.Entry<Path, Segment>> compacted = new ArrayList<>();
            for (Map.Entry<Path, Segment> entry : segments.entrySet()) {
                Segment segment = entry.getValue();
                boolean isCurrent = current != null && current.toPath().equals(entry.getKey());
                if (!isCurrent && !segment.damaged() && segment.lastSequence() <= checkpoint) {
                    compacted.add(entry);
                }
            }
            keepUnconsumed(compacted);
            if (compacted.isEmpty()) {
                return deleted;
            }
            List<long[]> ids = new ArrayList<>();
            for (Map.Entry<Path, Segment> entry : compacted) {
                ids.add(new long[] {entry.getValue().session(), entry.getValue().cycle()});
            }
            listener.deleting(ids);   // first out of the manifest, then off the disk
            for (Map.Entry<Path, Segment> entry : compacted) {
                Files.deleteIfExists(entry.getKey());
                segments.remove(entry.getKey());
                deleted.add(entry.getKey());
                touchedSessions.add(entry.getValue().session());
            }
        }
        for (long earlier : touchedSessions) {
            if (earlier != session) {
                layout.deleteIfEmpty(earlier);
            }
        }
        if (touchedSessions.contains(session) && queue instanceof SingleChronicleQueue) {
            ((SingleChronicleQueue) queue).refreshDirectoryListing();
        }
        return deleted;
    }

    /**
     * Leaves out of {@code compacted} (oldest first) the files a tail still needs, newest kept first,
     * while they fit the retention's byte cap. The caller holds the segments' lock.
     */
    private void keepUnconsumed(List<Map.Entry<Path, Segment>> compacted) {
        Retention keep = retention;
        if (keep == null) {
            return;
        }
        long consumed = keep.consumedThrough().getAsLong();
        long keptBytes = 0;
        for (int i = compacted.size() - 1; i >= 0; i--) {
            if (compacted.get(i).getValue().lastSequence() <= consumed) {
                continue;
            }
            long bytes = compacted.get(i).getKey().toFile().length();
            if (keptBytes + bytes > keep.maxBytes()) {
                LOG.warn("WAL files not yet forwarded exceed the retention cap of {} bytes: deleting {} and "
                    + "older compacted ones; the forwarder reads their span back from the block files",
                    keep.maxBytes(), compacted.get(i).getKey());
                dropUnconsumed(compacted.subList(0, i + 1), consumed, keep.dropped());
                break;
            }
            keptBytes += bytes;
            compacted.remove(i);
        }
    }

    /** Tells the retention's listener of each unconsumed file about to go; one it refuses is kept. */
    private static void dropUnconsumed(List<Map.Entry<Path, Segment>> dropping, long consumed, DroppedChanges listener) {
        for (java.util.Iterator<Map.Entry<Path, Segment>> it = dropping.iterator(); it.hasNext(); ) {
            Segment segment = it.next().getValue();
            if (segment.lastSequence() <= consumed) {
                continue;
            }
            try {
                listener.dropped(segment.firstSequence(), segment.lastSequence(), segment.minTime(), segment.maxTime());
            } catch (IOException | RuntimeException e) {
                LOG.warn("kept a WAL file the retention would drop: its listener failed ({})", e.toString());
                it.remove();
            }
        }
    }

    /**
     * Moves the damaged cycle files of earlier sessions to {@code quarantine} (dropping them from the
     * manifest first). Only after every record replayed from them is in block files: the caller
     * flushes the head before.
     *
     * @return the files moved, where they went
     */
    public List<Path> quarantineDamaged(Path quarantine) throws IOException {
        List<Path> moved = new ArrayList<>();
        Set<Long> touchedSessions = new TreeSet<>();
        synchronized (segments) {
            List<Map.Entry<Path, Segment>> damaged = new ArrayList<>();
            for (Map.Entry<Path, Segment> entry : segments.entrySet()) {
                if (entry.getValue().damaged() && entry.getValue().session() != session) {
                    damaged.add(entry);
                }
            }
            if (damaged.isEmpty()) {
                return moved;
            }
            List<long[]> ids = new ArrayList<>();
            damaged.forEach(entry -> ids.add(new long[] {entry.getValue().session(), entry.getValue().cycle()}));
            listener.deleting(ids);
            for (Map.Entry<Path, Segment> entry : damaged) {
                Path target = Files.createDirectories(quarantine.resolve(entry.getKey().getParent().getFileName()))
                    .resolve(entry.getKey().getFileName());
                Files.move(entry.getKey(), target);
                segments.remove(entry.getKey());
                moved.add(target);
                touchedSessions.add(entry.getValue().session());
            }
        }
        for (long earlier : touchedSessions) {
            layout.deleteIfEmpty(earlier);
        }
        return moved;
    }

    /** The WAL's root directory ({@code <data>/wal}). */
    public Path directory() {
        return layout.root();
    }

    /** Closes the queue and waits until Chronicle has released its files and mappings. */
    @Override
    public void close() {
        reservation.close();
        if (appender != null) {
            appender.close();
            queue.close();
            // Only when Chronicle was used: the releaser's first use registers a JVM shutdown hook,
            // which fails when this close runs in a shutdown hook (serve stopped before any write).
            BackgroundResourceReleaser.releasePendingResources();
        }
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
