package io.unshistorian.storage.catalog;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The records of one copy of the catalog, read from its bytes alone. A record that does not check
 * out is a damaged region: the reader resynchronises at the next byte offset where a whole record
 * checks out (type, length in bounds, CRC), so a flipped byte costs at most the record it hit. A
 * region that runs to the end of the file and starts with a record header cut short, or one whose
 * length runs past the end, is the append a crash interrupted (a torn tail): it was never
 * acknowledged and is not damage.
 */
final class CatalogRecords {
    /** One whole record: its offset and its bytes, header included. */
    record Record(long offset, byte[] bytes) {
        byte type() {
            return bytes[CatalogFile.RECORD_TYPE_OFFSET];
        }

        UnsafeBuffer payload() {
            return new UnsafeBuffer(bytes, CatalogFile.RECORD_HEADER_LENGTH,
                bytes.length - CatalogFile.RECORD_HEADER_LENGTH);
        }

        long end() {
            return offset + bytes.length;
        }
    }

    /** Bytes {@code [start, end)} that hold no readable record. */
    record Damage(long start, long end, String reason) {
        boolean overlaps(long from, long to) {
            return start < to && from < end;
        }
    }

    /** A parsed copy: readable records in file order, damaged regions, and where a torn tail began (or -1). */
    record Parsed(long size, boolean headerValid, List<Record> records, List<Damage> damage, long tornTailAt) {
        static Parsed missing() {
            return new Parsed(0, false, List.of(), List.of(), -1);
        }

        boolean clean() {
            return headerValid && damage.isEmpty();
        }
    }

    private CatalogRecords() {
    }

    static Parsed parse(byte[] file) {
        UnsafeBuffer bytes = new UnsafeBuffer(file);
        List<Record> records = new ArrayList<>();
        List<Damage> damage = new ArrayList<>();
        boolean headerValid = file.length >= CatalogFile.HEADER_LENGTH
            && bytes.getInt(CatalogFile.MAGIC_OFFSET, LITTLE_ENDIAN) == CatalogFile.MAGIC
            && bytes.getShort(CatalogFile.VERSION_OFFSET, LITTLE_ENDIAN) == CatalogFile.VERSION;
        if (!headerValid && file.length > 0) {
            damage.add(new Damage(0, Math.min(file.length, CatalogFile.HEADER_LENGTH), "not a version "
                + CatalogFile.VERSION + " catalog header"));
        }
        CRC32C crc = new CRC32C();
        long tornTail = -1;
        int position = CatalogFile.HEADER_LENGTH;
        while (position < file.length) {
            int length = wholeRecordAt(bytes, position, crc);
            if (length >= 0) {
                records.add(new Record(position, java.util.Arrays.copyOfRange(file, position, position + length)));
                position += length;
                continue;
            }
            int next = position + 1;
            while (next < file.length && wholeRecordAt(bytes, next, crc) < 0) {
                next++;
            }
            if (next == file.length && cutShort(bytes, position)) {
                tornTail = position;
            } else {
                damage.add(new Damage(position, next, describe(bytes, position, crc)));
            }
            position = next;
        }
        return new Parsed(file.length, headerValid, records, damage, tornTail);
    }

    /** The length of the whole record that starts at {@code position}, or -1 when none does. */
    private static int wholeRecordAt(UnsafeBuffer bytes, int position, CRC32C crc) {
        int size = bytes.capacity();
        if (size - position < CatalogFile.RECORD_HEADER_LENGTH) {
            return -1;
        }
        int length = bytes.getInt(position + CatalogFile.RECORD_LENGTH_OFFSET, LITTLE_ENDIAN);
        byte type = bytes.getByte(position + CatalogFile.RECORD_TYPE_OFFSET);
        if (type != CatalogFile.SERIES_CREATED && type != CatalogFile.METADATA_SET || length < 0
            || length > CatalogFile.MAX_PAYLOAD || length > size - position - CatalogFile.RECORD_HEADER_LENGTH) {
            return -1;
        }
        int stored = bytes.getInt(position + CatalogFile.RECORD_CRC_OFFSET, LITTLE_ENDIAN);
        crc.reset();
        crc.update(bytes.byteArray(), position + CatalogFile.RECORD_LENGTH_OFFSET, Integer.BYTES);
        crc.update(type);
        crc.update(bytes.byteArray(), position + CatalogFile.RECORD_HEADER_LENGTH, length);
        return (int) crc.getValue() == stored ? CatalogFile.RECORD_HEADER_LENGTH + length : -1;
    }

    /** Whether the bytes from {@code position} to the end are a record cut short by the end of the file. */
    private static boolean cutShort(UnsafeBuffer bytes, int position) {
        int left = bytes.capacity() - position;
        if (left < CatalogFile.RECORD_HEADER_LENGTH) {
            return true;
        }
        int length = bytes.getInt(position + CatalogFile.RECORD_LENGTH_OFFSET, LITTLE_ENDIAN);
        byte type = bytes.getByte(position + CatalogFile.RECORD_TYPE_OFFSET);
        return (type == CatalogFile.SERIES_CREATED || type == CatalogFile.METADATA_SET) && length >= 0
            && length <= CatalogFile.MAX_PAYLOAD && length > left - CatalogFile.RECORD_HEADER_LENGTH;
    }

    private static String describe(UnsafeBuffer bytes, int position, CRC32C crc) {
        int length = bytes.getInt(position + CatalogFile.RECORD_LENGTH_OFFSET, LITTLE_ENDIAN);
        byte type = bytes.getByte(position + CatalogFile.RECORD_TYPE_OFFSET);
        if (type != CatalogFile.SERIES_CREATED && type != CatalogFile.METADATA_SET) {
            return "unknown record type " + type;
        }
        if (length < 0 || length > CatalogFile.MAX_PAYLOAD
            || length > bytes.capacity() - position - CatalogFile.RECORD_HEADER_LENGTH) {
            return "record length " + Integer.toUnsignedString(length) + " out of bounds";
        }
        return "record checksum mismatch";
    }
}
