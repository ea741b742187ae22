package io.unshistorian.storage.wal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The WAL record of one accepted batch, as columns (layout in {@code docs/format/wal.md}):
 *
 * <pre>
 *   u8 version (1), u8 reserved, u16 reserved, u32 count n,
 *   n x u32 series id, n x i64 timestamp, n x i64 value word, n x u32 quality,
 *   u32 string count m, m x (u32 byte length, UTF-8 bytes),
 *   u32 CRC32C of every byte before it
 * </pre>
 * Little-endian. A STRING sample's value word is the index of its text in the string list.
 */
public final class WalRecord {
    public static final byte VERSION = 1;
    public static final int HEADER_LENGTH = 8;
    public static final int BYTES_PER_SAMPLE = 4 + 8 + 8 + 4;

    private WalRecord() {
    }

    /** Writes the header and returns the offset where the columns start. */
    public static int writeHeader(MutableDirectBuffer out, int count) {
        out.putByte(0, VERSION);
        out.putByte(1, (byte) 0);
        out.putShort(2, (short) 0, ByteOrder.LITTLE_ENDIAN);
        out.putInt(4, count, ByteOrder.LITTLE_ENDIAN);
        return HEADER_LENGTH;
    }

    public static int seriesIdOffset(int index) {
        return HEADER_LENGTH + index * 4;
    }

    public static int timestampOffset(int count, int index) {
        return HEADER_LENGTH + count * 4 + index * 8;
    }

    public static int valueOffset(int count, int index) {
        return HEADER_LENGTH + count * 12 + index * 8;
    }

    public static int qualityOffset(int count, int index) {
        return HEADER_LENGTH + count * 20 + index * 4;
    }

    /** Offset of the string list. */
    public static int stringsOffset(int count) {
        return HEADER_LENGTH + count * BYTES_PER_SAMPLE;
    }

    /** Appends a string of the string list at {@code offset}; returns the offset after it. */
    public static int putString(MutableDirectBuffer out, int offset, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.putInt(offset, utf8.length, ByteOrder.LITTLE_ENDIAN);
        out.putBytes(offset + 4, utf8);
        return offset + 4 + utf8.length;
    }

    /** Writes the CRC32C of {@code [0, length)} after it; returns the record's full length. */
    public static int seal(MutableDirectBuffer out, int length, CRC32C crc) {
        out.putInt(length, checksum(out, length, crc), ByteOrder.LITTLE_ENDIAN);
        return length + 4;
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
