package io.unshistorian.storage.wal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Byte layout of the WAL record of one accepted batch, as columns, declared once for the writer
 * ({@code WriterContext}) and the reader ({@link WalRecordReader}); specification in
 * {@code docs/format/wal.md}. Little-endian.
 *
 * <pre>
 *   header (8 bytes)
 *     0  u8 version (1)    1  u8 reserved    2  u16 reserved    4  u32 sample count n
 *   columns
 *     n x u32 series id, n x i64 timestamp, n x i64 value word, n x u32 quality
 *   string list
 *     u32 string count m, m x (u32 byte length, UTF-8 bytes)
 *   u32 CRC32C of every byte before it
 * </pre>
 * A STRING sample's value word is the index of its text in the string list.
 */
public final class WalRecord {
    public static final byte VERSION = 1;
    public static final int VERSION_OFFSET = 0;
    public static final int RESERVED_BYTE_OFFSET = 1;
    public static final int RESERVED_SHORT_OFFSET = 2;
    public static final int COUNT_OFFSET = 4;
    public static final int HEADER_LENGTH = 8;
    public static final int SERIES_ID_BYTES = 4;
    public static final int TIMESTAMP_BYTES = 8;
    public static final int VALUE_BYTES = 8;
    public static final int QUALITY_BYTES = 4;
    public static final int BYTES_PER_SAMPLE = SERIES_ID_BYTES + TIMESTAMP_BYTES + VALUE_BYTES + QUALITY_BYTES;
    /** The string count, and each string's byte length. */
    public static final int STRING_LENGTH_BYTES = 4;
    public static final int CRC_BYTES = 4;
    /** A record of no samples and no strings. */
    public static final int MIN_LENGTH = HEADER_LENGTH + STRING_LENGTH_BYTES + CRC_BYTES;

    private WalRecord() {
    }

    /** Writes the header and returns the offset where the columns start. */
    public static int writeHeader(MutableDirectBuffer out, int count) {
        out.putByte(VERSION_OFFSET, VERSION);
        out.putByte(RESERVED_BYTE_OFFSET, (byte) 0);
        out.putShort(RESERVED_SHORT_OFFSET, (short) 0, ByteOrder.LITTLE_ENDIAN);
        out.putInt(COUNT_OFFSET, count, ByteOrder.LITTLE_ENDIAN);
        return HEADER_LENGTH;
    }

    public static int seriesIdOffset(int index) {
        return HEADER_LENGTH + index * SERIES_ID_BYTES;
    }

    public static int timestampOffset(int count, int index) {
        return HEADER_LENGTH + count * SERIES_ID_BYTES + index * TIMESTAMP_BYTES;
    }

    public static int valueOffset(int count, int index) {
        return HEADER_LENGTH + count * (SERIES_ID_BYTES + TIMESTAMP_BYTES) + index * VALUE_BYTES;
    }

    public static int qualityOffset(int count, int index) {
        return HEADER_LENGTH + count * (SERIES_ID_BYTES + TIMESTAMP_BYTES + VALUE_BYTES) + index * QUALITY_BYTES;
    }

    /** Offset of the string list. */
    public static int stringsOffset(int count) {
        return HEADER_LENGTH + count * BYTES_PER_SAMPLE;
    }

    /** Appends a string of the string list at {@code offset}; returns the offset after it. */
    public static int putString(MutableDirectBuffer out, int offset, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.putInt(offset, utf8.length, ByteOrder.LITTLE_ENDIAN);
        out.putBytes(offset + STRING_LENGTH_BYTES, utf8);
        return offset + STRING_LENGTH_BYTES + utf8.length;
    }

    /** Writes the CRC32C of {@code [0, length)} after it; returns the record's full length. */
    public static int seal(MutableDirectBuffer out, int length, CRC32C crc) {
        out.putInt(length, checksum(out, length, crc), ByteOrder.LITTLE_ENDIAN);
        return length + CRC_BYTES;
    }

    static int checksum(DirectBuffer buffer, int length, CRC32C crc) {
        crc.reset();
        byte[] array = buffer.byteArray();
        if (array != null) {
            crc.update(array, buffer.wrapAdjustment(), length);
        } else {
            for (int i = 0; i < length; i++) {
                crc.update(buffer.getByte(i));
            }
        }
        return (int) crc.getValue();
    }
}
