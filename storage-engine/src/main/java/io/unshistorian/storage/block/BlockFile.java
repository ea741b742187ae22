package io.unshistorian.storage.block;

import static io.unshistorian.storage.block.BlockDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A block file opened for reading: mapped whole, with its footer index verified and held in
 * arrays. Reference counted: readers {@link #retain()} it for the length of a scan and
 * {@link #release()} it after, so a block replaced by a merge is unmapped (and deleted, when
 * obsolete) only once no reader uses it.
 */
public final class BlockFile {
    private static final Logger LOG = LoggerFactory.getLogger(BlockFile.class);

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final long generation;
    private final int level;
    private final int flags;
    private final long partitionStart;
    private final long partitionWidth;
    private final long createdMillis;
    private final int[] seriesIds;
    private final int[] counts;
    private final long[] offsets;
    private final int[] lengths;
    private final long[] minTimes;
    private final long[] maxTimes;
    private final long[] supersedes;
    private final long fileBytes;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean deleteWhenReleased;

    private BlockFile(Path path, MappedByteBuffer mapped, long fileBytes) throws CorruptBlockException {
        this.path = path;
        this.mapped = mapped;
        this.fileBytes = fileBytes;
        this.buffer = new UnsafeBuffer(mapped);
        if (fileBytes < HEADER_LENGTH + TRAILER_LENGTH + FOOTER_HEADER_LENGTH) {
            throw new CorruptBlockException(path, 0, "file of " + fileBytes + " bytes is too short for a block");
        }
        checkHeader();
        this.generation = buffer.getLong(GENERATION_OFFSET, LITTLE_ENDIAN);
        this.level = Short.toUnsignedInt(buffer.getShort(LEVEL_OFFSET, LITTLE_ENDIAN));
        this.flags = buffer.getShort(VERSION_OFFSET, LITTLE_ENDIAN) == VERSION_1 ? 0 : buffer.getInt(HEADER_FLAGS_OFFSET, LITTLE_ENDIAN);
        this.partitionStart = buffer.getLong(PARTITION_START_OFFSET, LITTLE_ENDIAN);
        this.partitionWidth = buffer.getLong(PARTITION_WIDTH_OFFSET, LITTLE_ENDIAN);
        this.createdMillis = buffer.getLong(CREATED_OFFSET, LITTLE_ENDIAN);

        int trailer = (int) fileBytes - TRAILER_LENGTH;
        if (buffer.getLong(trailer + TRAILER_MAGIC_OFFSET, LITTLE_ENDIAN) != TRAILER_MAGIC) {
            throw new CorruptBlockException(path, trailer, "trailer magic missing: the file is truncated or damaged");
        }
        long footerOffset = buffer.getLong(trailer + TRAILER_FOOTER_OFFSET_OFFSET, LITTLE_ENDIAN);
        int footerLength = buffer.getInt(trailer + TRAILER_FOOTER_LENGTH_OFFSET, LITTLE_ENDIAN);
        if (footerOffset < HEADER_LENGTH || footerLength < FOOTER_HEADER_LENGTH || footerOffset + footerLength != trailer) {
            throw new CorruptBlockException(path, trailer, "footer at " + footerOffset + " of " + footerLength
                + " bytes does not end at the trailer");
        }
        int footer = (int) footerOffset;
        CRC32C crc = new CRC32C();
        crc.update(mapped.duplicate().position(footer).limit(footer + footerLength));
        if ((int) crc.getValue() != buffer.getInt(trailer + TRAILER_FOOTER_CRC_OFFSET, LITTLE_ENDIAN)) {
            throw new CorruptBlockException(path, footer, "footer checksum mismatch");
        }
        int entries = buffer.getInt(footer + FOOTER_ENTRY_COUNT_OFFSET, LITTLE_ENDIAN);
        int superseded = buffer.getInt(footer + FOOTER_SUPERSEDED_COUNT_OFFSET, LITTLE_ENDIAN);
        if (entries < 0 || superseded < 0 || footerLength(entries, superseded) != footerLength) {
            throw new CorruptBlockException(path, footer, "footer counts " + entries + "/" + superseded
                + " do not match its length " + footerLength);
        }
        seriesIds = new int[entries];
        counts = new int[entries];
        offsets = new long[entries];
        lengths = new int[entries];
        minTimes = new long[entries];
        maxTimes = new long[entries];
        for (int i = 0; i < entries; i++) {
            int at = footer + entryOffset(i);
            seriesIds[i] = buffer.getInt(at + ENTRY_SERIES_ID_OFFSET, LITTLE_ENDIAN);
            counts[i] = buffer.getInt(at + ENTRY_SAMPLE_COUNT_OFFSET, LITTLE_ENDIAN);
            offsets[i] = buffer.getLong(at + ENTRY_CHUNK_OFFSET_OFFSET, LITTLE_ENDIAN);
            lengths[i] = buffer.getInt(at + ENTRY_CHUNK_LENGTH_OFFSET, LITTLE_ENDIAN);
            minTimes[i] = buffer.getLong(at + ENTRY_MIN_TIME_OFFSET, LITTLE_ENDIAN);
            maxTimes[i] = buffer.getLong(at + ENTRY_MAX_TIME_OFFSET, LITTLE_ENDIAN);
            if (offsets[i] < HEADER_LENGTH || lengths[i] < 0 || offsets[i] + lengths[i] > footerOffset
                || (i > 0 && seriesIds[i] < seriesIds[i - 1])) {
                throw new CorruptBlockException(path, at, "footer entry " + i + " is out of order or out of bounds");
            }
        }
        supersedes = new long[superseded];
        for (int i = 0; i < superseded; i++) {
            supersedes[i] = buffer.getLong(footer + supersededOffset(entries, i), LITTLE_ENDIAN);
        }
    }

    private void checkHeader() throws CorruptBlockException {
        if (buffer.getInt(MAGIC_OFFSET, LITTLE_ENDIAN) != MAGIC) {
            throw new CorruptBlockException(path, MAGIC_OFFSET, "not a block file (bad magic)");
        }
        short version = buffer.getShort(VERSION_OFFSET, LITTLE_ENDIAN);
        if (version != VERSION_1 && version != VERSION) {
            throw new CorruptBlockException(path, VERSION_OFFSET, "unsupported block version " + version
                + " (this build reads " + VERSION_1 + " and " + VERSION + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(mapped.duplicate().position(0).limit(HEADER_CRC_OFFSET));
        if ((int) crc.getValue() != buffer.getInt(HEADER_CRC_OFFSET, LITTLE_ENDIAN)) {
            throw new CorruptBlockException(path, 0, "header checksum mismatch");
        }
    }

    /**
     * Opens and verifies a block file.
     *
     * @throws CorruptBlockException when its header, footer or trailer is damaged (with the offset)
     */
    public static BlockFile open(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAX_FILE_BYTES) {
                throw new CorruptBlockException(path, 0, "file of " + size + " bytes exceeds the block limit");
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            try {
                return new BlockFile(path, mapped, size);
            } catch (CorruptBlockException | RuntimeException e) {
                IoUtil.unmap(mapped);
                throw e;
            }
        }
    }

    /** Takes a reference; false when the block is already closed (the caller must not use it). */
    public boolean retain() {
        while (true) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one unmaps the file (and deletes it when marked obsolete). */
    public void release() {
        if (references.decrementAndGet() == 0) {
            IoUtil.unmap(mapped);
            if (deleteWhenReleased) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("could not delete obsolete block {}: {}", path, e.toString());
                }
            }
        }
    }

    /** Marks the file for deletion once the last reader releases it. */
    public void deleteWhenReleased() {
        deleteWhenReleased = true;
    }

    /** Index of the first footer entry of {@code seriesId}, or -1. */
    public int firstEntry(int seriesId) {
        int low = 0;
        int high = seriesIds.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (seriesIds[mid] < seriesId) {
                low = mid + 1;
            } else {
                if (seriesIds[mid] == seriesId) {
                    found = mid;
                }
                high = mid - 1;
            }
        }
        return found;
    }

    public int entryCount() {
        return seriesIds.length;
    }

    public int seriesId(int entry) {
        return seriesIds[entry];
    }

    public int sampleCount(int entry) {
        return counts[entry];
    }

    public int chunkOffset(int entry) {
        return (int) offsets[entry];
    }

    public int chunkLength(int entry) {
        return lengths[entry];
    }

    public long minTime(int entry) {
        return minTimes[entry];
    }

    public long maxTime(int entry) {
        return maxTimes[entry];
    }

    /** The mapped file; valid while a reference is held. */
    public UnsafeBuffer buffer() {
        return buffer;
    }

    public Path path() {
        return path;
    }

    public long generation() {
        return generation;
    }

    /** Merge level: 0 for a flushed head, L + 1 for a merge of level-L blocks. */
    public int level() {
        return level;
    }

    /** Whether its chunks were encoded with the entropy stage tried: a cold block, no rewrite needed. */
    public boolean entropyStage() {
        return (flags & FLAG_ENTROPY_STAGE) != 0;
    }

    public long partitionStart() {
        return partitionStart;
    }

    /** When the block was written, epoch ms. */
    public long createdMillis() {
        return createdMillis;
    }

    public long partitionWidth() {
        return partitionWidth;
    }

    /** Generations this block replaces (the inputs of the merge that wrote it). */
    public long[] supersedes() {
        return supersedes.clone();
    }

    public long fileBytes() {
        return fileBytes;
    }
}
