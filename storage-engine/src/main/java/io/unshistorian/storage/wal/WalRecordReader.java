package io.unshistorian.storage.wal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;

/**
 * Reads a {@link WalRecord} (version 2, or a version 1 record of an older directory) in place,
 * after checking its length, version and checksums: the checksums are verified before any length
 * or count is trusted, so a damaged record costs at most itself. Reusable; not thread-safe.
 */
public final class WalRecordReader {
    /** The sequence of a version 1 record, which has none (the scanner gives it its queue index). */
    public static final long NO_SEQUENCE = -1;

    private final CRC32C crc = new CRC32C();
    private DirectBuffer buffer;
    private int header;
    private int count;
    private long sequence;
    private String[] strings = new String[0];
    private int stringCount;

    /**
     * Wraps a record of {@code length} bytes.
     *
     * @return null when it is valid, otherwise why it is not
     */
    public String wrap(DirectBuffer record, int length) {
        this.buffer = record;
        if (length < 1) {
            return "empty record";
        }
        byte version = record.getByte(WalRecord.VERSION_OFFSET);
        if (version == WalRecord.VERSION) {
            return wrapVersion2(record, length);
        }
        if (version == WalRecord.VERSION_1) {
            return wrapVersion1(record, length);
        }
        return "unsupported WAL record version " + version;
    }

    /** A cheap first look: the version and, for version 2, the header checksum. For scanning damaged bytes. */
    public boolean plausible(DirectBuffer record, int length) {
        if (length < WalRecord.MIN_LENGTH_V1) {
            return false;
        }
        byte version = record.getByte(WalRecord.VERSION_OFFSET);
        if (version == WalRecord.VERSION) {
            return length >= WalRecord.MIN_LENGTH && record.getInt(WalRecord.HEADER_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN)
                == WalRecord.checksum(record, 0, WalRecord.HEADER_CRC_OFFSET, crc);
        }
        return version == WalRecord.VERSION_1;
    }

    private String wrapVersion2(DirectBuffer record, int length) {
        if (length < WalRecord.MIN_LENGTH) {
            return "record of " + length + " bytes is shorter than the smallest record";
        }
        if (record.getInt(WalRecord.HEADER_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN)
            != WalRecord.checksum(record, 0, WalRecord.HEADER_CRC_OFFSET, crc)) {
            return "record header checksum mismatch";
        }
        if (record.getInt(WalRecord.PAYLOAD_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN)
            != WalRecord.checksum(record, WalRecord.HEADER_LENGTH, length - WalRecord.HEADER_LENGTH, crc)) {
            return "record checksum mismatch";
        }
        header = WalRecord.HEADER_LENGTH;
        sequence = record.getLong(WalRecord.SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        return readColumns(length, length);
    }

    private String wrapVersion1(DirectBuffer record, int length) {
        if (length < WalRecord.MIN_LENGTH_V1) {
            return "record of " + length + " bytes is shorter than the smallest record";
        }
        int crcAt = length - WalRecord.CRC_BYTES;
        if (record.getInt(crcAt, ByteOrder.LITTLE_ENDIAN) != WalRecord.checksum(record, 0, crcAt, crc)) {
            return "record checksum mismatch";
        }
        header = WalRecord.HEADER_LENGTH_V1;
        sequence = NO_SEQUENCE;
        return readColumns(length, crcAt);
    }

    /** The sample columns and the string list, which must end exactly at {@code end}. */
    private String readColumns(int length, int end) {
        count = buffer.getInt(WalRecord.COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        long stringsAt = header + (long) count * WalRecord.BYTES_PER_SAMPLE;
        if (count < 0 || stringsAt + WalRecord.STRING_LENGTH_BYTES > end) {
            return "sample count " + count + " does not fit a record of " + length + " bytes";
        }
        return readStrings((int) stringsAt, end);
    }

    private String readStrings(int offset, int end) {
        int at = offset;
        stringCount = buffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
        at += WalRecord.STRING_LENGTH_BYTES;
        if (stringCount < 0 || stringCount > end - at) {
            return "string count " + stringCount + " does not fit the record";
        }
        if (strings.length < stringCount) {
            strings = new String[stringCount];
        }
        for (int i = 0; i < stringCount; i++) {
            int lengthBytes = WalRecord.STRING_LENGTH_BYTES;
            int length = at + lengthBytes <= end ? buffer.getInt(at, ByteOrder.LITTLE_ENDIAN) : -1;
            if (length < 0 || length > end - at - lengthBytes) {
                return "string " + i + " overruns the record";
            }
            byte[] utf8 = new byte[length];
            buffer.getBytes(at + lengthBytes, utf8);
            strings[i] = new String(utf8, StandardCharsets.UTF_8);
            at += lengthBytes + length;
        }
        return at == end ? null : (end - at) + " unexpected bytes after the string list";
    }

    /** The record's sequence, or {@link #NO_SEQUENCE} for a version 1 record. */
    public long sequence() {
        return sequence;
    }

    public int count() {
        return count;
    }

    public int seriesId(int index) {
        return buffer.getInt(WalRecord.seriesIdOffset(header, index), ByteOrder.LITTLE_ENDIAN);
    }

    public long timestamp(int index) {
        return buffer.getLong(WalRecord.timestampOffset(header, count, index), ByteOrder.LITTLE_ENDIAN);
    }

    public long value(int index) {
        return buffer.getLong(WalRecord.valueOffset(header, count, index), ByteOrder.LITTLE_ENDIAN);
    }

    public int quality(int index) {
        return buffer.getInt(WalRecord.qualityOffset(header, count, index), ByteOrder.LITTLE_ENDIAN);
    }

    /** The text of a STRING sample whose value word is {@code stringIndex}, or null when out of range. */
    public String string(long stringIndex) {
        return stringIndex >= 0 && stringIndex < stringCount ? strings[(int) stringIndex] : null;
    }
}
