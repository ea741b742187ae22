package io.unshistorian.storage.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;

/**
 * The durable, append-only log of the catalog ({@code catalog.log}): one record per series created
 * and per metadata change. Every append is forced to disk before it returns, so a series id is
 * durable before any sample can refer to it. Layout in {@code docs/format/catalog.md}.
 *
 * <pre>
 *   file header: u32 magic 0x54414355 ("UCAT"), u16 version 1, u16 reserved
 *   record:      u32 payload length, u32 CRC32C of (length + type + payload), u8 type, payload
 * </pre>
 */
public final class CatalogFile implements AutoCloseable {
    public static final int MAGIC = 0x5441_4355;
    public static final short VERSION = 1;
    public static final int HEADER_LENGTH = 8;
    public static final int RECORD_HEADER_LENGTH = 9;
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
    private final CRC32C crc = new CRC32C();

    private CatalogFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens (or creates) the catalog at {@code path}, replays every readable record, reports
     * unreadable ones to {@code problems}, and cuts off a torn tail so appends continue cleanly.
     */
    public static CatalogFile open(Path path, Replay replay, StorageProblems problems) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try {
            CatalogFile file = new CatalogFile(path, channel);
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
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putShort(VERSION).putShort((short) 0).flip();
        channel.write(header, 0);
        channel.force(true);
        channel.position(HEADER_LENGTH);
    }

    private void replay(Replay replay, StorageProblems problems) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        readFully(header, 0);
        header.flip();
        int magic = header.getInt();
        short version = header.getShort();
        if (magic != MAGIC || version != VERSION) {
            throw new IOException(path + ": not a catalog file of version " + VERSION + " (magic "
                + Integer.toHexString(magic) + ", version " + version + ")");
        }
        long position = HEADER_LENGTH;
        ByteBuffer recordHeader = ByteBuffer.allocate(RECORD_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        while (position < size) {
            if (size - position < RECORD_HEADER_LENGTH) {
                problems.report(path, position, "torn record header at the end (" + (size - position)
                    + " bytes); cut off");
                channel.truncate(position);
                break;
            }
            recordHeader.clear();
            readFully(recordHeader, position);
            recordHeader.flip();
            int length = recordHeader.getInt();
            int storedCrc = recordHeader.getInt();
            byte type = recordHeader.get();
            if (length < 0 || length > MAX_PAYLOAD || position + RECORD_HEADER_LENGTH + length > size) {
                problems.report(path, position, "record length " + length + " runs past the end of the file ("
                    + size + " bytes); the rest of the file is cut off");
                channel.truncate(position);
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            readFully(payload, position + RECORD_HEADER_LENGTH);
            payload.flip();
            if (checksum(length, type, payload) != storedCrc) {
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

    private static void apply(byte type, ByteBuffer payload, Replay replay) {
        switch (type) {
            case SERIES_CREATED: {
                int id = payload.getInt();
                ValueType valueType = ValueType.fromCode(payload.get());
                if (valueType == null) {
                    throw new IllegalArgumentException("unknown value type");
                }
                replay.seriesCreated(new Series(id, readString(payload), valueType, SeriesMetadata.EMPTY));
                break;
            }
            case METADATA_SET: {
                int id = payload.getInt();
                String unit = readString(payload);
                String description = readString(payload);
                double low = payload.getDouble();
                double high = payload.getDouble();
                int tagCount = Short.toUnsignedInt(payload.getShort());
                Map<String, String> tags = new TreeMap<>();
                for (int i = 0; i < tagCount; i++) {
                    tags.put(readString(payload), readString(payload));
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
        ByteBuffer records = ByteBuffer.allocate(created.stream()
            .mapToInt(s -> RECORD_HEADER_LENGTH + 7 + utf8(s.path()).length).sum()).order(ByteOrder.LITTLE_ENDIAN);
        for (Series series : created) {
            byte[] path = utf8(series.path());
            ByteBuffer payload = ByteBuffer.allocate(7 + path.length).order(ByteOrder.LITTLE_ENDIAN);
            payload.putInt(series.id()).put((byte) series.type().code());
            writeString(payload, path);
            putRecord(records, SERIES_CREATED, payload.flip());
        }
        appendAndForce(records.flip());
    }

    /** Appends a metadata record and forces it to disk. */
    public synchronized void appendMetadata(int seriesId, SeriesMetadata metadata) throws IOException {
        if (metadata.tags().size() > 0xFFFF) {
            throw new IllegalArgumentException("series " + seriesId + " has " + metadata.tags().size()
                + " tags, the limit is 65535");
        }
        byte[] unit = utf8(metadata.unit());
        byte[] description = utf8(metadata.description());
        int size = 4 + 2 + unit.length + 2 + description.length + 16 + 2;
        for (Map.Entry<String, String> tag : metadata.tags().entrySet()) {
            size += 4 + utf8(tag.getKey()).length + utf8(tag.getValue()).length;
        }
        if (size > MAX_PAYLOAD) {
            throw new IllegalArgumentException("metadata of series " + seriesId + " is " + size
                + " bytes encoded, the limit is " + MAX_PAYLOAD);
        }
        ByteBuffer payload = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        payload.putInt(seriesId);
        writeString(payload, unit);
        writeString(payload, description);
        payload.putDouble(metadata.rangeLow()).putDouble(metadata.rangeHigh());
        payload.putShort((short) metadata.tags().size());
        for (Map.Entry<String, String> tag : metadata.tags().entrySet()) {
            writeString(payload, utf8(tag.getKey()));
            writeString(payload, utf8(tag.getValue()));
        }
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_LENGTH + size).order(ByteOrder.LITTLE_ENDIAN);
        putRecord(record, METADATA_SET, payload.flip());
        appendAndForce(record.flip());
    }

    private void putRecord(ByteBuffer out, byte type, ByteBuffer payload) {
        int length = payload.remaining();
        out.putInt(length).putInt(checksum(length, type, payload.duplicate())).put(type).put(payload);
    }

    private void appendAndForce(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
    }

    private int checksum(int length, byte type, ByteBuffer payload) {
        crc.reset();
        crc.update(length);
        crc.update(length >>> 8);
        crc.update(length >>> 16);
        crc.update(length >>> 24);
        crc.update(type);
        crc.update(payload.duplicate());
        return (int) crc.getValue();
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException(path + ": unexpected end of file at offset " + at);
            }
            at += read;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeString(ByteBuffer out, byte[] utf8) {
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("text of " + utf8.length + " bytes exceeds 65535");
        }
        out.putShort((short) utf8.length).put(utf8);
    }

    private static String readString(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
