package io.unshistorian.storage.catalog;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.file.FileSync;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The durable, append-only log of the catalog ({@code catalog.log}): one record per series created
 * and per metadata change. Every append is forced to disk before it returns, so a series id is
 * durable before any sample can refer to it. Specification in {@code docs/format/catalog.md};
 * little-endian; the offsets below are the only place the layout is written down in code.
 *
 * <pre>
 *   file header (8 bytes)     0 u32 magic 0x54414355 ("UCAT")   4 u16 version 1   6 u16 reserved
 *   record                    0 u32 payload length   4 u32 CRC32C of (length, type, payload)   8 u8 type
 *                             9 payload
 *   SERIES_CREATED payload    0 i32 series id   4 u8 value type   5 string path
 *   METADATA_SET payload      0 i32 series id   4 string unit, string description, f64 range low,
 *                             f64 range high, u16 tag count, tag count x (string key, string value)
 *   string                    u16 byte length, UTF-8 bytes
 * </pre>
 */
public final class CatalogFile implements AutoCloseable {
    public static final int MAGIC = 0x5441_4355;
    public static final short VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int RESERVED_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;

    public static final int RECORD_LENGTH_OFFSET = 0;
    public static final int RECORD_CRC_OFFSET = 4;
    public static final int RECORD_TYPE_OFFSET = 8;
    public static final int RECORD_HEADER_LENGTH = 9;

    public static final int SERIES_ID_OFFSET = 0;
    public static final int SERIES_TYPE_OFFSET = 4;
    public static final int SERIES_PATH_OFFSET = 5;
    public static final int METADATA_FIELDS_OFFSET = 4;

    public static final int STRING_LENGTH_BYTES = 2;
    public static final int MAX_STRING_BYTES = 0xFFFF;
    public static final int MAX_TAGS = 0xFFFF;

    public static final byte SERIES_CREATED = 1;
    public static final byte METADATA_SET = 2;
    /** Largest payload a reader accepts: bounds what a corrupt length can make it allocate. */
    public static final int MAX_PAYLOAD = 1 << 20;

    /** Receives the records of the file in order while it is replayed. */
    public interface Replay {
        void seriesCreated(Series series);

        void metadataSet(int seriesId, SeriesMetadata metadata);
    }

    private final Path path;
    private final FileChannel channel;
    private final FileSync sync;
    private final CRC32C crc = new CRC32C();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1 << 12);

    private CatalogFile(Path path, FileChannel channel, FileSync sync) {
        this.path = path;
        this.channel = channel;
        this.sync = sync;
    }

    /**
     * Opens (or creates) the catalog at {@code path}, replays every readable record, reports
     * unreadable ones to {@code problems}, and cuts off a torn tail so appends continue cleanly.
     */
    public static CatalogFile open(Path path, Replay replay, StorageProblems problems, FileSync sync)
        throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try {
            CatalogFile file = new CatalogFile(path, channel, sync);
            if (channel.size() < HEADER_LENGTH) {
                if (channel.size() > 0) {
                    problems.report(path, 0, "torn catalog header of " + channel.size() + " bytes; rewritten");
                    channel.truncate(0);
                }
                file.writeHeader();
            } else {
                file.replay(replay, problems);
            }
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void writeHeader() throws IOException {
        UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_LENGTH]);
        header.putInt(MAGIC_OFFSET, MAGIC, LITTLE_ENDIAN);
        header.putShort(VERSION_OFFSET, VERSION, LITTLE_ENDIAN);
        header.putShort(RESERVED_OFFSET, (short) 0, LITTLE_ENDIAN);
        channel.write(ByteBuffer.wrap(header.byteArray()), 0);
        sync.force(channel, path, true);
        channel.position(HEADER_LENGTH);
    }

    private void replay(Replay replay, StorageProblems problems) throws IOException {
        long size = channel.size();
        UnsafeBuffer header = new UnsafeBuffer(readFully(HEADER_LENGTH, 0));
        int magic = header.getInt(MAGIC_OFFSET, LITTLE_ENDIAN);
        short version = header.getShort(VERSION_OFFSET, LITTLE_ENDIAN);
        if (magic != MAGIC || version != VERSION) {
            throw new IOException(path + ": not a catalog file of version " + VERSION + " (magic "
                + Integer.toHexString(magic) + ", version " + version + ")");
        }
        long position = HEADER_LENGTH;
        while (position < size) {
            if (size - position < RECORD_HEADER_LENGTH) {
                problems.report(path, position, "torn record header at the end (" + (size - position)
                    + " bytes); cut off");
                channel.truncate(position);
                break;
            }
            UnsafeBuffer recordHeader = new UnsafeBuffer(readFully(RECORD_HEADER_LENGTH, position));
            int length = recordHeader.getInt(RECORD_LENGTH_OFFSET, LITTLE_ENDIAN);
            int storedCrc = recordHeader.getInt(RECORD_CRC_OFFSET, LITTLE_ENDIAN);
            byte type = recordHeader.getByte(RECORD_TYPE_OFFSET);
            if (length < 0 || length > MAX_PAYLOAD || position + RECORD_HEADER_LENGTH + length > size) {
                problems.report(path, position, "record length " + length + " runs past the end of the file ("
                    + size + " bytes); the rest of the file is cut off");
                channel.truncate(position);
                break;
            }
            UnsafeBuffer payload = new UnsafeBuffer(readFully(length, position + RECORD_HEADER_LENGTH));
            if (checksum(length, type, payload, 0, length) != storedCrc) {
                problems.report(path, position, "record checksum mismatch; record of type " + type + " skipped");
            } else {
                try {
                    apply(type, payload, replay);
                } catch (RuntimeException e) {
                    problems.report(path, position, "malformed record of type " + type + ": " + e.getMessage());
                }
            }
            position += RECORD_HEADER_LENGTH + length;
        }
        channel.position(channel.size());
    }

    private static void apply(byte type, DirectBuffer payload, Replay replay) {
        Cursor in = new Cursor(payload);
        switch (type) {
            case SERIES_CREATED: {
                int id = payload.getInt(SERIES_ID_OFFSET, LITTLE_ENDIAN);
                ValueType valueType = ValueType.fromCode(payload.getByte(SERIES_TYPE_OFFSET));
                if (valueType == null) {
                    throw new IllegalArgumentException("unknown value type");
                }
                in.at = SERIES_PATH_OFFSET;
                replay.seriesCreated(new Series(id, in.string(), valueType, SeriesMetadata.EMPTY));
                break;
            }
            case METADATA_SET: {
                int id = payload.getInt(SERIES_ID_OFFSET, LITTLE_ENDIAN);
                in.at = METADATA_FIELDS_OFFSET;
                String unit = in.string();
                String description = in.string();
                double low = in.float64();
                double high = in.float64();
                int tagCount = in.uint16();
                Map<String, String> tags = new TreeMap<>();
                for (int i = 0; i < tagCount; i++) {
                    tags.put(in.string(), in.string());
                }
                replay.metadataSet(id, new SeriesMetadata(unit, description, low, high, tags));
                break;
            }
            default:
                throw new IllegalArgumentException("unknown record type");
        }
    }

    /** Appends one record per new series and forces them to disk before returning. */
    public synchronized void appendSeries(List<Series> created) throws IOException {
        int at = 0;
        for (Series series : created) {
            int payload = at + RECORD_HEADER_LENGTH;
            out.putInt(payload + SERIES_ID_OFFSET, series.id(), LITTLE_ENDIAN);
            out.putByte(payload + SERIES_TYPE_OFFSET, (byte) series.type().code());
            int end = putString(out, payload + SERIES_PATH_OFFSET, series.path());
            at = sealRecord(at, SERIES_CREATED, end - payload);
        }
        appendAndForce(at);
    }

    /** Appends a metadata record and forces it to disk. */
    public synchronized void appendMetadata(int seriesId, SeriesMetadata metadata) throws IOException {
        if (metadata.tags().size() > MAX_TAGS) {
            throw new IllegalArgumentException("series " + seriesId + " has " + metadata.tags().size()
                + " tags, the limit is " + MAX_TAGS);
        }
        int payload = RECORD_HEADER_LENGTH;
        out.putInt(payload + SERIES_ID_OFFSET, seriesId, LITTLE_ENDIAN);
        int at = putString(out, payload + METADATA_FIELDS_OFFSET, metadata.unit());
        at = putString(out, at, metadata.description());
        out.putDouble(at, metadata.rangeLow(), LITTLE_ENDIAN);
        out.putDouble(at + Double.BYTES, metadata.rangeHigh(), LITTLE_ENDIAN);
        at += 2 * Double.BYTES;
        out.putShort(at, (short) metadata.tags().size(), LITTLE_ENDIAN);
        at += Short.BYTES;
        for (Map.Entry<String, String> tag : metadata.tags().entrySet()) {
            at = putString(out, at, tag.getKey());
            at = putString(out, at, tag.getValue());
        }
        if (at - payload > MAX_PAYLOAD) {
            throw new IllegalArgumentException("metadata of series " + seriesId + " is " + (at - payload)
                + " bytes encoded, the limit is " + MAX_PAYLOAD);
        }
        appendAndForce(sealRecord(0, METADATA_SET, at - payload));
    }

    /** Writes the record header of the payload already at {@code at + 9}; returns the offset after the record. */
    private int sealRecord(int at, byte type, int length) {
        out.putInt(at + RECORD_LENGTH_OFFSET, length, LITTLE_ENDIAN);
        out.putByte(at + RECORD_TYPE_OFFSET, type);
        out.putInt(at + RECORD_CRC_OFFSET, checksum(length, type, out, at + RECORD_HEADER_LENGTH, length),
            LITTLE_ENDIAN);
        return at + RECORD_HEADER_LENGTH + length;
    }

    /**
     * Appends and forces; when that fails (a full disk), cuts the file back to where the append
     * began, so no torn record is left for later appends to follow.
     */
    private void appendAndForce(int length) throws IOException {
        long before = channel.position();
        try {
            ByteBuffer bytes = ByteBuffer.wrap(out.byteArray(), 0, length);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            sync.force(channel, path, false);
        } catch (IOException e) {
            try {
                channel.truncate(before);
                channel.position(before);
            } catch (IOException truncation) {
                e.addSuppressed(truncation);
            }
            throw e;
        }
    }

    /** CRC32C of the 4 little-endian length bytes, the type byte and the payload. */
    private int checksum(int length, byte type, DirectBuffer buffer, int offset, int payloadLength) {
        crc.reset();
        crc.update(length);
        crc.update(length >>> 8);
        crc.update(length >>> 16);
        crc.update(length >>> 24);
        crc.update(type);
        crc.update(buffer.byteArray(), buffer.wrapAdjustment() + offset, payloadLength);
        return (int) crc.getValue();
    }

    private byte[] readFully(int length, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException(path + ": unexpected end of file at offset " + at);
            }
            at += read;
        }
        return buffer.array();
    }

    /** Writes a string (u16 length, UTF-8) at {@code offset}; returns the offset after it. */
    private static int putString(MutableDirectBuffer buffer, int offset, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("text of " + utf8.length + " bytes exceeds " + MAX_STRING_BYTES);
        }
        buffer.putShort(offset, (short) utf8.length, LITTLE_ENDIAN);
        buffer.putBytes(offset + STRING_LENGTH_BYTES, utf8);
        return offset + STRING_LENGTH_BYTES + utf8.length;
    }

    /** Reads the variable-length fields of a payload in order, bounds-checked. */
    private static final class Cursor {
        private final DirectBuffer buffer;
        private int at;

        Cursor(DirectBuffer buffer) {
            this.buffer = buffer;
        }

        private void need(int bytes) {
            if (at + bytes > buffer.capacity()) {
                throw new IllegalArgumentException("field at " + at + " runs past the payload of "
                    + buffer.capacity() + " bytes");
            }
        }

        String string() {
            int length = uint16();
            need(length);
            String text = buffer.getStringWithoutLengthUtf8(at, length);
            at += length;
            return text;
        }

        int uint16() {
            need(Short.BYTES);
            int value = Short.toUnsignedInt(buffer.getShort(at, LITTLE_ENDIAN));
            at += Short.BYTES;
            return value;
        }

        double float64() {
            need(Double.BYTES);
            double value = buffer.getDouble(at, LITTLE_ENDIAN);
            at += Double.BYTES;
            return value;
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
