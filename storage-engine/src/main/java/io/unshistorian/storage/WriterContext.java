package io.unshistorian.storage;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.catalog.SeriesCatalog;
import io.unshistorian.storage.head.Head;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.wal.WalRecord;
import io.unshistorian.storage.wal.WriteAheadLog;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.BatchValidator;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.storage.write.WriteLimits;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Per-writer-thread scratch of the write path: the validator, each sample's resolved series, and
 * the encoded WAL record. Everything before the WAL append happens here, outside the write lock.
 */
final class WriterContext {
    private final BatchValidator validator;
    Series[] series = new Series[256];
    final UnsafeBuffer record = new UnsafeBuffer(new byte[1 << 16]);
    private final CRC32C crc = new CRC32C();
    /** The earliest and latest timestamp of the last encoded batch. */
    long minTime;
    long maxTime;

    WriterContext(WriteLimits limits) {
        this.validator = new BatchValidator(limits);
    }

    /**
     * Validates the batch and finds (creating when new) the series of every sample. New series are
     * created only when the whole batch is valid, all of them at once.
     */
    void resolve(WriteBatch batch, SeriesCatalog catalog) throws IOException {
        int n = batch.size();
        if (series.length < n) {
            series = new Series[Math.max(n, series.length * 2)];
        }
        validator.validate(batch, catalog::find, series);
        // Refuse a batch too large to log before any series is created for it.
        long length = recordLength(batch);
        if (length > WriteAheadLog.MAX_RECORD_BYTES) {
            throw BatchRejectedException.tooLarge("batch encodes to " + length + " bytes, the WAL takes at most "
                + WriteAheadLog.MAX_RECORD_BYTES + " per batch; split it");
        }
        List<SeriesCatalog.NewSeries> missing = null;
        String previousMissing = null;
        for (int i = 0; i < n; i++) {
            if (series[i] == null && batch.path(i) != previousMissing) {
                if (missing == null) {
                    missing = new ArrayList<>();
                }
                missing.add(new SeriesCatalog.NewSeries(batch.path(i), batch.type(i)));
                previousMissing = batch.path(i);
            }
        }
        if (missing == null) {
            return;
        }
        SeriesCatalog.Creation creation = catalog.create(missing);
        Series conflict = creation.conflict();
        if (conflict != null) {
            int index = firstSampleOf(batch, conflict.path());
            throw BatchRejectedException.invalid(index, conflict.path(), "type mismatch: the series stores "
                + conflict.type() + " values, the sample is " + batch.type(index));
        }
        for (int i = 0; i < n; i++) {
            if (series[i] == null) {
                series[i] = creation.byPath().get(batch.path(i));
            }
        }
    }

    private static int firstSampleOf(WriteBatch batch, String path) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.path(i).equals(path)) {
                return i;
            }
        }
        return -1;
    }

    /** The exact length of the batch's WAL record. */
    private static long recordLength(WriteBatch batch) {
        long length = WalRecord.stringsOffset(WalRecord.HEADER_LENGTH, 0) + (long) batch.size() * WalRecord.BYTES_PER_SAMPLE
            + WalRecord.STRING_LENGTH_BYTES;
        for (int i = 0; i < batch.size(); i++) {
            if (batch.type(i) == ValueType.STRING) {
                length += WalRecord.STRING_LENGTH_BYTES + utf8Length(batch.stringValue(i));
            }
        }
        return length;
    }

    /** Bytes of {@code text} in UTF-8, without encoding it. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Encodes the batch's WAL record into {@link #record}, payload checksum included; returns its
     * length. The sequence and the header checksum are written under the write lock ({@link #seal}).
     */
    int encode(WriteBatch batch) {
        int n = batch.size();
        int strings = 0;
        long stringBytes = 0;
        for (int i = 0; i < n; i++) {
            if (batch.type(i) == ValueType.STRING) {
                strings++;
                stringBytes += WalRecord.STRING_LENGTH_BYTES + (long) batch.stringValue(i).length() * 3;
            }
        }
        long bound = WalRecord.stringsOffset(WalRecord.HEADER_LENGTH, n) + WalRecord.STRING_LENGTH_BYTES + stringBytes;
        if (bound > Integer.MAX_VALUE - 16) {
            throw BatchRejectedException.tooLarge("batch too large to log: " + bound + " bytes");
        }
        if (record.capacity() < bound) {
            record.wrap(new byte[(int) Math.max(bound, record.capacity() * 2L)]);
        }
        WalRecord.writeHeader(record, n);
        int stringIndex = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, batch.timestamp(i));
            max = Math.max(max, batch.timestamp(i));
            record.putInt(WalRecord.seriesIdOffset(WalRecord.HEADER_LENGTH, i), series[i].id(), ByteOrder.LITTLE_ENDIAN);
            record.putLong(WalRecord.timestampOffset(WalRecord.HEADER_LENGTH, n, i), batch.timestamp(i),
                ByteOrder.LITTLE_ENDIAN);
            long value = batch.type(i) == ValueType.STRING ? stringIndex++ : batch.valueBits(i);
            record.putLong(WalRecord.valueOffset(WalRecord.HEADER_LENGTH, n, i), value, ByteOrder.LITTLE_ENDIAN);
            record.putInt(WalRecord.qualityOffset(WalRecord.HEADER_LENGTH, n, i), batch.quality(i), ByteOrder.LITTLE_ENDIAN);
        }
        minTime = min;
        maxTime = max;
        int at = WalRecord.stringsOffset(WalRecord.HEADER_LENGTH, n);
        record.putInt(at, strings, ByteOrder.LITTLE_ENDIAN);
        at += WalRecord.STRING_LENGTH_BYTES;
        for (int i = 0; i < n && strings > 0; i++) {
            if (batch.type(i) == ValueType.STRING) {
                at = WalRecord.putString(record, at, batch.stringValue(i));
            }
        }
        if (at > WriteAheadLog.MAX_RECORD_BYTES) {
            throw BatchRejectedException.tooLarge("batch encodes to " + at + " bytes, the WAL takes at most "
                + WriteAheadLog.MAX_RECORD_BYTES + " per batch; split it");
        }
        WalRecord.sealPayload(record, at, crc);
        return at;
    }

    /** Writes the sequence into the encoded record and checksums its header; the caller holds the write lock. */
    void seal(long sequence) {
        WalRecord.seal(record, sequence, crc);
    }

    /** Applies the batch logged with {@code sequence} to the head; the caller holds the write lock. */
    void appendTo(Head head, WriteBatch batch, long sequence) {
        for (int i = 0; i < batch.size(); i++) {
            Series one = series[i];
            head.append(one.id(), one.type(), batch.timestamp(i), batch.valueBits(i), batch.quality(i),
                batch.stringValue(i));
        }
        head.applied(sequence, batch.size());
    }

    /** Drops references to series of the last batch so they do not outlive it. */
    void forget(int n) {
        Arrays.fill(series, 0, Math.min(n, series.length), null);
    }
}
