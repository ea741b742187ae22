package io.unshistorian.storage.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

import io.unshistorian.storage.StorageProblems;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the log's records after a sequence, in sequence order, while the engine goes on appending:
 * first the cycle files earlier sessions left (by their bytes, as replay reads them), then this
 * session's queue through a Chronicle tailer, which follows the appender across roll cycles, up to
 * a readable limit (what a sync has put on disk, for a reader that must not see what a power
 * failure could take back). For one
 * thread; records are delivered only once each, unless the handler fails, in which case the same
 * record comes first in the next {@link #poll}.
 */
public final class WalTail implements AutoCloseable {
    /** Receives one record; may throw to stop the poll before the record counts as delivered. */
    @FunctionalInterface
    public interface Records {
        void record(long sequence, WalRecordReader record) throws IOException;
    }

    private final WriteAheadLog wal;
    private final List<WalDirectory.CycleFile> earlierFiles;
    /** Damage in earlier files was reported when they were replayed; not again for every tail. */
    private final WalFileScanner scanner = new WalFileScanner(new StorageProblems());
    private final WalRecordReader reader = new WalRecordReader();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private byte[] copy = new byte[1 << 16];
    private int nextEarlier;
    private ExcerptTailer tailer;
    private final java.util.function.LongSupplier readableThrough;
    private long position;

    WalTail(WriteAheadLog wal, List<WalDirectory.CycleFile> earlierFiles, long afterSequence,
            java.util.function.LongSupplier readableThrough) {
        this.wal = wal;
        this.earlierFiles = earlierFiles;
        this.position = afterSequence;
        this.readableThrough = readableThrough;
    }

    /** The sequence of the last record delivered (or the one the tail started after). */
    public long position() {
        return position;
    }

    /**
     * Delivers every record after {@link #position()} that is in the log now, oldest first.
     *
     * @return how many were delivered
     */
    public long poll(Records handler) throws IOException {
        long delivered = 0;
        while (nextEarlier < earlierFiles.size()) {
            delivered += scanEarlier(earlierFiles.get(nextEarlier), handler);
            nextEarlier++;
        }
        return delivered + readCurrentSession(handler);
    }

    private long scanEarlier(WalDirectory.CycleFile file, Records handler) throws IOException {
        long[] delivered = {0};
        try {
            scanner.scan(file.path(), (record, offset, ordinal) -> {
                long sequence = record.sequence();
                if (sequence != WalRecordReader.NO_SEQUENCE && sequence > position) {
                    try {
                        handler.record(sequence, record);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    position = sequence;
                    delivered[0]++;
                }
            });
        } catch (NoSuchFileException gone) {
            // Deleted since the open (compacted and released, or dropped over the retention cap): the
            // next record's sequence shows what is missing.
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return delivered[0];
    }

    private long readCurrentSession(Records handler) throws IOException {
        if (tailer == null) {
            ChronicleQueue queue = wal.queue();
            if (queue == null) {
                return 0;   // nothing appended in this session yet
            }
            tailer = queue.createTailer();
        }
        long delivered = 0;
        long limit = readableThrough.getAsLong();
        while (true) {
            long failedIndex;
            Exception failure;
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    return delivered;
                }
                if (!document.isData()) {
                    continue;
                }
                Bytes<?> bytes = document.wire().bytes();
                int length = (int) bytes.readRemaining();
                if (copy.length < length) {
                    copy = new byte[Math.max(length, copy.length * 2)];
                }
                // Copied out of the mapped file: checksums run over heap bytes, and the handler
                // reads a record that no later append can touch.
                bytes.read(copy, 0, length);
                view.wrap(copy, 0, length);
                if (reader.wrap(view, length) != null || reader.sequence() <= position) {
                    continue;   // one that does not check out is reported by the replay and verify that read it
                }
                if (reader.sequence() > limit) {
                    failedIndex = document.index();   // not readable yet: the next poll starts here
                    failure = null;
                } else {
                    try {
                        handler.record(reader.sequence(), reader);
                        position = reader.sequence();
                        delivered++;
                        continue;
                    } catch (IOException | RuntimeException e) {
                        failedIndex = document.index();
                        failure = e;
                    }
                }
            }
            tailer.moveToIndex(failedIndex);   // the next poll starts with the record not delivered
            if (failure == null) {
                return delivered;
            }
            if (failure instanceof IOException) {
                throw (IOException) failure;
            }
            throw (RuntimeException) failure;
        }
    }

    @Override
    public void close() {
        if (tailer != null) {
            tailer.close();
            tailer = null;
        }
    }
}
