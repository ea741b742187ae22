package io.unshistorian.storage.wal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;

/**
 * Reads a {@link WalRecord} in place after checking its length, version and checksum. Reusable;
 * not thread-safe.
 */
public final class WalRecordReader {
    private final CRC32C crc = new CRC32C();
    private DirectBuffer buffer;
    private int count;
    private String[] strings = new String[0];
    private int stringCount;

    /**
     * Wraps a record of {@code length} bytes.
     *
     * @return null when it is valid, otherwise why it is not
     */
    public String wrap(DirectBuffer record, int length) {
        this.buffer = record;
        if (length < WalRecord.MIN_LENGTH) {
            return "record of " + length + " bytes is shorter than the smallest record";
        }
        int crcAt = length - WalRecord.CRC_BYTES;
        int stored = record.getInt(crcAt, ByteOrder.LITTLE_ENDIAN);
        if (stored != WalRecord.checksum(record, crcAt, crc)) {
            return "record checksum mismatch";
        }
        byte version = record.getByte(WalRecord.VERSION_OFFSET);
        if (version != WalRecord.VERSION) {
            return "unsupported WAL record version " + version;
        }
        count = record.getInt(WalRecord.COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        long stringsAt = WalRecord.HEADER_LENGTH + (long) count * WalRecord.BYTES_PER_SAMPLE;
        if (count < 0 || stringsAt + WalRecord.STRING_LENGTH_BYTES + WalRecord.CRC_BYTES > length) {
            return "sample count " + count + " does not fit a record of " + length + " bytes";
        }
        return readStrings((int) stringsAt, crcAt);
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

    public int count() {
        return count;
    }

    public int seriesId(int index) {
        return buffer.getInt(WalRecord.seriesIdOffset(index), ByteOrder.LITTLE_ENDIAN);
    }

    public long timestamp(int index) {
        return buffer.getLong(WalRecord.timestampOffset(count, index), ByteOrder.LITTLE_ENDIAN);
    }

    public long value(int index) {
        return buffer.getLong(WalRecord.valueOffset(count, index), ByteOrder.LITTLE_ENDIAN);
    }

    public int quality(int index) {
        return buffer.getInt(WalRecord.qualityOffset(count, index), ByteOrder.LITTLE_ENDIAN);
    }

    /** The text of a STRING sample whose value word is {@code stringIndex}, or null when out of range. */
    public String string(long stringIndex) {
        return stringIndex >= 0 && stringIndex < stringCount ? strings[(int) stringIndex] : null;
    }
}
