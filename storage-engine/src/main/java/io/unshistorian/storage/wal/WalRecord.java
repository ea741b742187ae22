package io.unshistorian.storage.wal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Byte layout of the WAL record of one accepted batch (version 2), declared once for the writer
 * ({@code WriterContext}, then {@link #seal} under the write lock) and the reader
 * ({@link WalRecordReader}); specification in {@code docs/format/wal.md}. Little-endian.
 *
 * <pre>
 *   header (24 bytes)
 *      0  u8 version (2)     1  u8 reserved     2  u16 reserved     4  u32 sample count n
 *      8  i64 sequence: 0, 1, 2, ... in the order batches were accepted, never reused
 *     16  u32 CRC32C of the payload (bytes 24 .. end)
 *     20  u32 CRC32C of bytes 0 .. 19
 *   payload (from 24)
 *     n x u32 series id, n x i64 timestamp, n x i64 value word, n x u32 quality,
 *     u32 string count m, m x (u32 byte length, UTF-8 bytes)
 * </pre>
 * A STRING sample's value word is the index of its text in the string list. The payload is
 * checksummed when the batch is encoded, outside any lock; the sequence is written and the short
 * header checksummed under the write lock, so WAL order, head order and sequence order agree.
 *
 * <p>Version 1 (read only, written before sequences existed): an 8-byte header (version, two
 * reserved fields, count), the same payload at offset 8, then a u32 CRC32C of every byte before it.
 */
public final class WalRecord {
    public static final byte VERSION = 2;
    public static final byte VERSION_1 = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int RESERVED_BYTE_OFFSET = 1;
    public static final int RESERVED_SHORT_OFFSET = 2;
    public static final int COUNT_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int PAYLOAD_CRC_OFFSET = 16;
    public static final int HEADER_CRC_OFFSET = 20;
    public static final int HEADER_LENGTH = 24;
    /** Version 1: the header was version, reserved, reserved, count; a trailing CRC closed the record. */
    public static final int HEADER_LENGTH_V1 = 8;

    public static final int SERIES_ID_BYTES = 4;
    public static final int TIMESTAMP_BYTES = 8;
    public static final int VALUE_BYTES = 8;
    public static final int QUALITY_BYTES = 4;
    public static final int BYTES_PER_SAMPLE = SERIES_ID_BYTES + TIMESTAMP_BYTES + VALUE_BYTES + QUALITY_BYTES;
    /** The string count, and each string's byte length. */
    public static final int STRING_LENGTH_BYTES = 4;
    public static final int CRC_BYTES = 4;
    /** A version 2 record of no samples and no strings. */
    public static final int MIN_LENGTH = HEADER_LENGTH + STRING_LENGTH_BYTES;
    /** A version 1 record of no samples and no strings. */
    public static final int MIN_LENGTH_V1 = HEADER_LENGTH_V1 + STRING_LENGTH_BYTES + CRC_BYTES;

    private WalRecord() {
    }

    /** Writes the header's version and count; returns the offset where the columns start. */
    public static int writeHeader(MutableDirectBuffer out, int count) {
        out.putByte(VERSION_OFFSET, VERSION);
        out.putByte(RESERVED_BYTE_OFFSET, (byte) 0);
        out.putShort(RESERVED_SHORT_OFFSET, (short) 0, ByteOrder.LITTLE_ENDIAN);
        out.putInt(COUNT_OFFSET, count, ByteOrder.LITTLE_ENDIAN);
        return HEADER_LENGTH;
    }

    public static int seriesIdOffset(int header, int index) {
        return header + index * SERIES_ID_BYTES;
    }

    public static int timestampOffset(int header, int count, int index) {
        return header + count * SERIES_ID_BYTES + index * TIMESTAMP_BYTES;
    }

    public static int valueOffset(int header, int count, int index) {
        return header + count * (SERIES_ID_BYTES + TIMESTAMP_BYTES) + index * VALUE_BYTES;
    }

    public static int qualityOffset(int header, int count, int index) {
        return header + count * (SERIES_ID_BYTES + TIMESTAMP_BYTES + VALUE_BYTES) + index * QUALITY_BYTES;
    }

    /** Offset of the string list. */
    public static int stringsOffset(int header, int count) {
        return header + count * BYTES_PER_SAMPLE;
    }

    /** Appends a string of the string list at {@code offset}; returns the offset after it. */
    public static int putString(MutableDirectBuffer out, int offset, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.putInt(offset, utf8.length, ByteOrder.LITTLE_ENDIAN);
        out.putBytes(offset + STRING_LENGTH_BYTES, utf8);
        return offset + STRING_LENGTH_BYTES + utf8.length;
    }

    /** Checksums the payload {@code [24, length)} into the header; done when the batch is encoded. */
    public static void sealPayload(MutableDirectBuffer out, int length, CRC32C crc) {
        out.putInt(PAYLOAD_CRC_OFFSET, checksum(out, HEADER_LENGTH, length - HEADER_LENGTH, crc), ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes the sequence and checksums the header; done under the write lock, just before the append. */
    public static void seal(MutableDirectBuffer out, long sequence, CRC32C crc) {
        out.putLong(SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        out.putInt(HEADER_CRC_OFFSET, checksum(out, 0, HEADER_CRC_OFFSET, crc), ByteOrder.LITTLE_ENDIAN);
    }

    static int checksum(DirectBuffer buffer, int offset, int length, CRC32C crc) {
        crc.reset();
        byte[] array = buffer.byteArray();
        if (array != null) {
            crc.update(array, buffer.wrapAdjustment() + offset, length);
        } else {
            crc.update(buffer.byteBuffer().duplicate().clear().position(buffer.wrapAdjustment() + offset)
                .limit(buffer.wrapAdjustment() + offset + length));
        }
        return (int) crc.getValue();
    }
}
