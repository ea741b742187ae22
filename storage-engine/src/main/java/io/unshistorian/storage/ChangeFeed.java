package io.unshistorian.storage;

import java.io.IOException;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.catalog.SeriesCatalog;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.wal.WalRecordReader;
import io.unshistorian.storage.wal.WalTail;

/**
 * The engine's accepted batches, each exactly as it was accepted and with the sequence it was
 * given (0, 1, 2, …, in acceptance order), read back from the WAL while writes go on: what a
 * forwarder sends elsewhere. Only records still in the WAL can be read; the engine keeps them for a
 * feed that says what it has consumed ({@link StorageEngine#retainChanges}). A jump in the
 * sequences means records were deleted or damaged before they were read. For one thread.
 */
public final class ChangeFeed implements AutoCloseable {
    /** Receives one accepted batch; a throw stops the poll, and the batch comes again in the next. */
    @FunctionalInterface
    public interface Handler {
        void batch(long sequence, Batch batch) throws IOException;
    }

    /** One accepted batch, valid during the handler's call only. */
    public static final class Batch {
        private final SeriesCatalog catalog;
        private WalRecordReader record;

        Batch(SeriesCatalog catalog) {
            this.catalog = catalog;
        }

        public int size() {
            return record.count();
        }

        /** The series of sample {@code i}, or null when the catalog lost it (reported on open). */
        public Series series(int i) {
            return catalog.get(record.seriesId(i));
        }

        public long timestamp(int i) {
            return record.timestamp(i);
        }

        /** The value word: a double's raw bits, a long, a boolean as 0 or 1 (see the WAL spec). */
        public long valueBits(int i) {
            return record.value(i);
        }

        public int quality(int i) {
            return record.quality(i);
        }

        /** The text of a STRING sample, null for the other types. */
        public String text(int i) {
            Series series = series(i);
            return series != null && series.type() == ValueType.STRING ? record.string(record.value(i)) : null;
        }
    }

    private final WalTail tail;
    private final Batch batch;

    ChangeFeed(WalTail tail, SeriesCatalog catalog) {
        this.tail = tail;
        this.batch = new Batch(catalog);
    }

    /** The sequence of the last batch delivered, or the one the feed started after. */
    public long position() {
        return tail.position();
    }

    /**
     * Delivers every accepted batch after {@link #position()} that is in the WAL now, in order.
     *
     * @return how many were delivered
     */
    public long poll(Handler handler) throws IOException {
        return tail.poll((sequence, record) -> {
            batch.record = record;
            handler.batch(sequence, batch);
        });
    }

    @Override
    public void close() {
        tail.close();
    }
}
