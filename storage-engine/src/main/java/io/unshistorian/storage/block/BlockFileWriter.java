package io.unshistorian.storage.block;

import static io.unshistorian.storage.block.BlockDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.storage.file.FileSync;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes one block file ({@link BlockDescriptor}): header, then one chunk per {@link #addChunk} call
 * (series in ascending id order, time ascending within a series), then the footer index and
 * trailer. The file is written under a temporary name, forced to disk and renamed only in
 * {@link #commit()}, so a crash never leaves a partial block visible.
 */
public final class BlockFileWriter implements AutoCloseable {
    private final Path directory;
    private final Path temporary;
    private final long generation;
    private final FileSync sync;
    private final FileChannel channel;
    private final ChunkEncoder encoder;
    private final ExpandableArrayBuffer chunkBuffer = new ExpandableArrayBuffer(1 << 16);
    private final ExpandableArrayBuffer footer = new ExpandableArrayBuffer(1 << 12);
    private final long[] supersedes;
    private final CRC32C crc = new CRC32C();
    private long position = HEADER_LENGTH;
    private int entries;
    private boolean committed;

    public BlockFileWriter(Path directory, long generation, int level, long partitionStart, long partitionWidth,
                           long[] supersedes, long createdMillis, FileSync sync, ChunkEncoder encoder)
        throws IOException {
        this.directory = directory;
        this.encoder = encoder;
        this.generation = generation;
        this.sync = sync;
        this.supersedes = supersedes.clone();
        this.temporary = directory.resolve(temporaryFileName(generation));
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
        UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_LENGTH]);
        header.putInt(MAGIC_OFFSET, MAGIC, LITTLE_ENDIAN);
        header.putShort(VERSION_OFFSET, VERSION, LITTLE_ENDIAN);
        header.putShort(LEVEL_OFFSET, (short) level, LITTLE_ENDIAN);
        header.putLong(GENERATION_OFFSET, generation, LITTLE_ENDIAN);
        header.putLong(PARTITION_START_OFFSET, partitionStart, LITTLE_ENDIAN);
        header.putLong(PARTITION_WIDTH_OFFSET, partitionWidth, LITTLE_ENDIAN);
        header.putLong(CREATED_OFFSET, createdMillis, LITTLE_ENDIAN);
        header.putInt(HEADER_CRC_OFFSET, crc32c(header.byteArray(), HEADER_CRC_OFFSET), LITTLE_ENDIAN);
        header.putInt(HEADER_FLAGS_OFFSET, encoder.entropyStage() ? FLAG_ENTROPY_STAGE : 0, LITTLE_ENDIAN);
        writeFully(ByteBuffer.wrap(header.byteArray()));
    }

    /** Chunks appended so far. */
    public int entryCount() {
        return entries;
    }

    /** Encodes and appends the chunk of one series; returns its length in bytes. */
    public int addChunk(int seriesId, SampleColumns samples) throws IOException {
        if (samples.size() == 0) {
            return 0;
        }
        int length = encoder.encode(samples, chunkBuffer, 0);
        long footerBytes = footerLength(entries + 1L, supersedes.length) + TRAILER_LENGTH;
        if (position + length + footerBytes > MAX_FILE_BYTES) {
            throw new IOException("block file would exceed " + MAX_FILE_BYTES + " bytes; use a narrower partition");
        }
        writeFully(ByteBuffer.wrap(chunkBuffer.byteArray(), 0, length));
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < samples.size(); i++) {
            minTime = Math.min(minTime, samples.timestamp(i));
            maxTime = Math.max(maxTime, samples.timestamp(i));
        }
        int at = entryOffset(entries);
        footer.putInt(at + ENTRY_SERIES_ID_OFFSET, seriesId, LITTLE_ENDIAN);
        footer.putInt(at + ENTRY_SAMPLE_COUNT_OFFSET, samples.size(), LITTLE_ENDIAN);
        footer.putLong(at + ENTRY_CHUNK_OFFSET_OFFSET, position, LITTLE_ENDIAN);
        footer.putInt(at + ENTRY_CHUNK_LENGTH_OFFSET, length, LITTLE_ENDIAN);
        footer.putInt(at + ENTRY_RESERVED_OFFSET, 0, LITTLE_ENDIAN);
        footer.putLong(at + ENTRY_MIN_TIME_OFFSET, minTime, LITTLE_ENDIAN);
        footer.putLong(at + ENTRY_MAX_TIME_OFFSET, maxTime, LITTLE_ENDIAN);
        entries++;
        position += length;
        return length;
    }

    /** Bytes written so far (header and chunks). */
    public long bytesWritten() {
        return position;
    }

    /**
     * Writes footer and trailer, forces the file, renames it to its final name and forces the
     * directory. Returns the final path.
     */
    public Path commit() throws IOException {
        footer.putInt(FOOTER_ENTRY_COUNT_OFFSET, entries, LITTLE_ENDIAN);
        footer.putInt(FOOTER_SUPERSEDED_COUNT_OFFSET, supersedes.length, LITTLE_ENDIAN);
        for (int i = 0; i < supersedes.length; i++) {
            footer.putLong(supersededOffset(entries, i), supersedes[i], LITTLE_ENDIAN);
        }
        int footerLength = (int) footerLength(entries, supersedes.length);
        long footerOffset = position;
        writeFully(ByteBuffer.wrap(footer.byteArray(), 0, footerLength));
        UnsafeBuffer trailer = new UnsafeBuffer(new byte[TRAILER_LENGTH]);
        trailer.putLong(TRAILER_FOOTER_OFFSET_OFFSET, footerOffset, LITTLE_ENDIAN);
        trailer.putInt(TRAILER_FOOTER_LENGTH_OFFSET, footerLength, LITTLE_ENDIAN);
        trailer.putInt(TRAILER_FOOTER_CRC_OFFSET, crc32c(footer.byteArray(), footerLength), LITTLE_ENDIAN);
        trailer.putLong(TRAILER_MAGIC_OFFSET, TRAILER_MAGIC, LITTLE_ENDIAN);
        writeFully(ByteBuffer.wrap(trailer.byteArray()));
        sync.force(channel, temporary, true);
        channel.close();
        Path target = directory.resolve(BlockDescriptor.fileName(generation));
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        sync.forceDirectory(directory);
        committed = true;
        return target;
    }

    private int crc32c(byte[] bytes, int length) {
        crc.reset();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Abandons an uncommitted file. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temporary);
        }
    }
}
