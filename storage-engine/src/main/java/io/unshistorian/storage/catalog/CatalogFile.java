package io.unshistorian.storage.catalog;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, append-only log of the catalog ({@code catalog.log}): one record per series created
 * and per metadata change. It is the only place a path is tied to its series id, so it is kept twice:
 * every append goes to {@code catalog.log} and to its byte-identical copy {@code catalog.log.mirror},
 * and both are forced to disk before the append returns (a series id is durable before any sample
 * can refer to it). Opening reads both, takes every record either copy holds whole, reports damage
 * (saying whether the other copy made up for it), keeps a damaged copy aside as
 * {@code <name>.damaged-<millis>} and rewrites both copies from what was read: nothing readable is
 * ever cut off on open. Specification in {@code docs/format/catalog.md}; little-endian; the offsets
 * below are the only place the layout is written down in code.
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
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFile.class);

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
    /**
     * Largest series id a record may name. Ids are handed out densely from 0 and index dense
     * in-memory tables (the catalog's, each head's), so a checksummed record naming an id far past
     * any real series count is damage: replaying it would size those tables by the id.
     */
    public static final int MAX_SERIES_ID = (1 << 24) - 1;
    /** Appended to the catalog's file name to name its copy. */
    public static final String MIRROR_SUFFIX = ".mirror";
    /** Appended (with the time in milliseconds) to the name of a damaged copy kept aside. */
    public static final String DAMAGED_SUFFIX = ".damaged-";

    /** Receives the records of the file in order while it is replayed. */
    public interface Replay {
        void seriesCreated(Series series);

        void metadataSet(int seriesId, SeriesMetadata metadata);
    }

    private final Path path;
    private final Path mirrorPath;
    private final FileChannel channel;
    private final FileChannel mirror;
    private final FileSync sync;
    private final CRC32C crc = new CRC32C();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1 << 12);
    private long end;

    private CatalogFile(Path path, Path mirrorPath, FileSync sync) throws IOException {
        this.path = path;
        this.mirrorPath = mirrorPath;
        this.sync = sync;
        this.channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            this.mirror = FileChannel.open(mirrorPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.end = channel.size();
    }

    /** The copy of the catalog at {@code path}. */
    public static Path mirrorOf(Path path) {
        return path.resolveSibling(path.getFileName() + MIRROR_SUFFIX);
    }

    /**
     * Opens (or creates) the catalog at {@code path} and its mirror, replays every record either copy
     * holds whole, reports what neither does to {@code problems}, and leaves both copies equal.
     */
    public static CatalogFile open(Path path, Replay replay, StorageProblems problems, FileSync sync)
        throws IOException {
        Path mirrorPath = mirrorOf(path);
        CatalogRecords.Parsed primary = read(path);
        CatalogRecords.Parsed copy = read(mirrorPath);
        List<CatalogRecords.Record> records = merge(primary.records(), copy.records());
        reportDamage(path, primary, mirrorPath, copy, problems);
        if (primary.size() == 0 && !copy.records().isEmpty()) {
            problems.report(path, 0, (Files.exists(path) ? "empty" : "missing") + "; its " + copy.records().size()
                + " records restored from " + mirrorPath.getFileName() + ", nothing lost");
        }
        for (CatalogRecords.Record record : records) {
            try {
                apply(record.type(), record.payload(), replay);
            } catch (RuntimeException e) {
                problems.report(path, record.offset(), "malformed record of type " + record.type() + ": "
                    + e.getMessage());
            }
        }
        byte[] canonical = canonical(records);
        rewriteUnlessEqual(path, primary, records.size(), canonical, sync);
        rewriteUnlessEqual(mirrorPath, copy, records.size(), canonical, sync);
        return new CatalogFile(path, mirrorPath, sync);
    }

    /**
     * Checks the catalog at {@code path} and its mirror without changing either: reports damage as
     * {@link #open} would, and a copy that is missing or behind. For {@code historian verify}.
     *
     * @return the series ids the catalog names
     */
    public static Set<Integer> inspect(Path path, StorageProblems problems) throws IOException {
        Path mirrorPath = mirrorOf(path);
        CatalogRecords.Parsed primary = read(path);
        CatalogRecords.Parsed copy = read(mirrorPath);
        List<CatalogRecords.Record> records = merge(primary.records(), copy.records());
        reportDamage(path, primary, mirrorPath, copy, problems);
        for (Path file : List.of(path, mirrorPath)) {
            CatalogRecords.Parsed parsed = file == path ? primary : copy;
            if (parsed.size() == 0 && !records.isEmpty()) {
                problems.report(file, 0, (Files.exists(file) ? "empty" : "missing") + "; the other copy has all "
                    + records.size() + " records (restored on the next open)");
            } else if (parsed.clean() && parsed.records().size() < records.size()) {
                problems.report(file, parsed.size(), "behind the other copy by " + (records.size()
                    - parsed.records().size()) + " record(s) (brought level on the next open)");
            }
        }
        Set<Integer> ids = new TreeSet<>();
        for (CatalogRecords.Record record : records) {
            if (record.type() == SERIES_CREATED) {
                DirectBuffer payload = record.payload();
                if (payload.capacity() < SERIES_TYPE_OFFSET) {
                    // Whole and checksummed, yet too short to name a series: open reports it the same way.
                    problems.report(path, record.offset(), "malformed record of type " + record.type() + ": "
                        + payload.capacity() + " bytes, too short for a series id");
                } else {
                    ids.add(payload.getInt(SERIES_ID_OFFSET, LITTLE_ENDIAN));
                }
            }
        }
        return ids;
    }

    private static CatalogRecords.Parsed read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return CatalogRecords.Parsed.missing();
        }
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException(file + " is " + size + " bytes, more than a catalog can be; is it the right file?");
        }
        return CatalogRecords.parse(Files.readAllBytes(file));
    }

    /**
     * Every record either copy holds whole, in file order. The copies are byte-identical when
     * healthy, so a record is known by its offset; the primary's is taken where both have one.
     */
    private static List<CatalogRecords.Record> merge(List<CatalogRecords.Record> primary,
                                                     List<CatalogRecords.Record> copy) {
        TreeMap<Long, CatalogRecords.Record> byOffset = new TreeMap<>();
        primary.forEach(record -> byOffset.put(record.offset(), record));
        for (CatalogRecords.Record record : copy) {
            Map.Entry<Long, CatalogRecords.Record> before = byOffset.floorEntry(record.offset());
            Map.Entry<Long, CatalogRecords.Record> after = byOffset.ceilingEntry(record.offset());
            boolean overlaps = before != null && before.getValue().end() > record.offset()
                || after != null && after.getKey() < record.end();
            if (!overlaps) {
                byOffset.put(record.offset(), record);
            }
        }
        return new ArrayList<>(byOffset.values());
    }

    /**
     * Reports each damaged region of either copy once, saying whether the other copy holds that
     * range whole (nothing lost) or not (the records there are lost).
     */
    private static void reportDamage(Path path, CatalogRecords.Parsed primary, Path mirrorPath,
                                     CatalogRecords.Parsed copy, StorageProblems problems) {
        for (CatalogRecords.Damage damage : primary.damage()) {
            boolean covered = covers(copy, damage);
            problems.report(path, damage.start(), "bytes " + damage.start() + ".." + (damage.end() - 1)
                + " unreadable (" + damage.reason() + "); " + (covered ? "repaired from " + mirrorPath.getFileName()
                + ", nothing lost" : "not readable in " + mirrorPath.getFileName() + " either: the series and "
                + "metadata recorded there are lost") + "; the damaged copy is kept aside");
        }
        for (CatalogRecords.Damage damage : copy.damage()) {
            boolean reported = primary.damage().stream().anyMatch(d -> d.overlaps(damage.start(), damage.end()));
            if (!reported) {
                problems.report(mirrorPath, damage.start(), "bytes " + damage.start() + ".." + (damage.end() - 1)
                    + " unreadable (" + damage.reason() + "); " + (covers(primary, damage) ? "repaired from "
                    + path.getFileName() + ", nothing lost" : "not readable in " + path.getFileName() + " either")
                    + "; the damaged copy is kept aside");
            }
        }
        if (primary.tornTailAt() >= 0 || copy.tornTailAt() >= 0) {
            LOG.info("the catalog's last append was cut short by a crash (offset {} / {}); it was never "
                + "acknowledged and is dropped", primary.tornTailAt(), copy.tornTailAt());
        }
    }

    /** Whether {@code other} holds the range of {@code damage} whole. */
    private static boolean covers(CatalogRecords.Parsed other, CatalogRecords.Damage damage) {
        boolean headerOk = damage.start() >= HEADER_LENGTH || other.headerValid();
        return headerOk && other.size() >= damage.end()
            && other.damage().stream().noneMatch(d -> d.overlaps(damage.start(), damage.end()))
            && (other.tornTailAt() < 0 || other.tornTailAt() >= damage.end());
    }

    private static byte[] canonical(List<CatalogRecords.Record> records) {
        int length = HEADER_LENGTH;
        for (CatalogRecords.Record record : records) {
            length += record.bytes().length;
        }
        byte[] bytes = new byte[length];
        UnsafeBuffer header = new UnsafeBuffer(bytes);
        header.putInt(MAGIC_OFFSET, MAGIC, LITTLE_ENDIAN);
        header.putShort(VERSION_OFFSET, VERSION, LITTLE_ENDIAN);
        header.putShort(RESERVED_OFFSET, (short) 0, LITTLE_ENDIAN);
        int at = HEADER_LENGTH;
        for (CatalogRecords.Record record : records) {
            System.arraycopy(record.bytes(), 0, bytes, at, record.bytes().length);
            at += record.bytes().length;
        }
        return bytes;
    }

    /**
     * Leaves {@code file} holding exactly {@code canonical}: a damaged copy is first moved aside (not
     * deleted), then the new content is written beside it and renamed over it.
     */
    private static void rewriteUnlessEqual(Path file, CatalogRecords.Parsed parsed, int records, byte[] canonical,
                                           FileSync sync) throws IOException {
        // Clean, whole and of the same length and record count: the copy is the canonical bytes.
        if (parsed.clean() && parsed.tornTailAt() < 0 && parsed.size() == canonical.length
            && parsed.records().size() == records) {
            return;
        }
        if (!parsed.clean() && parsed.size() > 0) {
            Path aside = file.resolveSibling(file.getFileName() + DAMAGED_SUFFIX + System.currentTimeMillis());
            Files.move(file, aside);
            LOG.warn("kept the damaged catalog copy as {}", aside);
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(canonical);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            sync.force(out, temporary, true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        sync.forceDirectory(file.toAbsolutePath().getParent());
    }

    private static void apply(byte type, DirectBuffer payload, Replay replay) {
        Cursor in = new Cursor(payload);
        switch (type) {
            case SERIES_CREATED: {
                int id = payload.getInt(SERIES_ID_OFFSET, LITTLE_ENDIAN);
                if (id < 0 || id > MAX_SERIES_ID) {
                    throw new IllegalArgumentException("series id " + id + " outside 0.." + MAX_SERIES_ID);
                }
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
     * Appends to both copies and forces both; when that fails (a full disk), cuts both back to where
     * the append began, so no torn record is left for later appends to follow.
     */
    private void appendAndForce(int length) throws IOException {
        long before = end;
        try {
            writeFully(channel, length, before);
            writeFully(mirror, length, before);
            sync.force(channel, path, false);
            sync.force(mirror, mirrorPath, false);
            end = before + length;
        } catch (IOException e) {
            try {
                channel.truncate(before);
                mirror.truncate(before);
            } catch (IOException truncation) {
                e.addSuppressed(truncation);
            }
            throw e;
        }
    }

    private void writeFully(FileChannel target, int length, long position) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(out.byteArray(), 0, length);
        while (bytes.hasRemaining()) {
            target.write(bytes, position + bytes.position());
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
        try {
            channel.close();
        } finally {
            mirror.close();
        }
    }
}
