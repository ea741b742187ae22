package io.unshistorian.storage.block;

import static io.unshistorian.storage.block.BlockDescriptor.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.SampleColumns;

import org.agrona.ExpandableArrayBuffer;

/**
 * Writes one block file: header, then one chunk per {@link #addChunk} call (series in ascending id
 * order, time ascending within a series), then the footer index and trailer. The file is written
 * under a temporary name, forced to disk and renamed only in {@link #commit()}, so a crash never
 * leaves a partial block visible.
 */
public final class BlockFileWriter implements AutoCloseable {
    private final Path directory;
    private final Path temporary;
    private final long generation;
    private final FileChannel channel;
    private final ChunkEncoder encoder = new ChunkEncoder();
    private final ExpandableArrayBuffer chunkBuffer = new ExpandableArrayBuffer(1 << 16);
    private final ExpandableArrayBuffer footer = new ExpandableArrayBuffer(1 << 12);
    private final long[] supersedes;
    private long position = HEADER_LENGTH;
    private int entries;
    private boolean committed;

    public BlockFileWriter(Path directory, long generation, int level, long partitionStart, long partitionWidth,
                           long[] supersedes, long createdMillis) throws IOException {
        this.directory = directory;
        this.generation = generation;
        this.supersedes = supersedes.clone();
        this.temporary = directory.resolve(String.format("block-%020d%s", generation, TEMPORARY_SUFFIX));
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putShort(VERSION).putShort((short) level).putLong(generation).putLong(partitionStart)
            .putLong(partitionWidth).putLong(createdMillis);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER_CRC_OFFSET);
        header.putInt((int) crc.getValue()).putInt(0).flip();
        writeFully(header);
    }

    /** Encodes and appends the chunk of one series; returns its length in bytes. */
    public int addChunk(int seriesId, SampleColumns samples) throws IOException {
        if (samples.size() == 0) {
            return 0;
        }
        int length = encoder.encode(samples, chunkBuffer, 0);
        long footerBytes = FOOTER_HEADER_LENGTH + (long) (entries + 1) * ENTRY_LENGTH + supersedes.length * 8L
            + TRAILER_LENGTH;
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
        int at = FOOTER_HEADER_LENGTH + entries * ENTRY_LENGTH;
        footer.putInt(at, seriesId, ByteOrder.LITTLE_ENDIAN);
        footer.putInt(at + 4, samples.size(), ByteOrder.LITTLE_ENDIAN);
        footer.putLong(at + 8, position, ByteOrder.LITTLE_ENDIAN);
        footer.putInt(at + 16, length, ByteOrder.LITTLE_ENDIAN);
        footer.putInt(at + 20, 0, ByteOrder.LITTLE_ENDIAN);
        footer.putLong(at + 24, minTime, ByteOrder.LITTLE_ENDIAN);
        footer.putLong(at + 32, maxTime, ByteOrder.LITTLE_ENDIAN);
        entries++;
        position += length;
        return length;
    }

    public int chunkCount() {
        return entries;
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
        footer.putInt(0, entries, ByteOrder.LITTLE_ENDIAN);
        footer.putInt(4, supersedes.length, ByteOrder.LITTLE_ENDIAN);
        int at = FOOTER_HEADER_LENGTH + entries * ENTRY_LENGTH;
        for (long superseded : supersedes) {
            footer.putLong(at, superseded, ByteOrder.LITTLE_ENDIAN);
            at += 8;
        }
        int footerLength = at;
        CRC32C crc = new CRC32C();
        crc.update(footer.byteArray(), 0, footerLength);
        long footerOffset = position;
        writeFully(ByteBuffer.wrap(footer.byteArray(), 0, footerLength));
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putLong(footerOffset).putInt(footerLength).putInt((int) crc.getValue()).putLong(TRAILER_MAGIC).flip();
        writeFully(trailer);
        channel.force(true);
        channel.close();
        Path target = directory.resolve(BlockDescriptor.fileName(generation));
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(directory);
        committed = true;
        return target;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Forces a directory's entries (a rename) to disk. */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
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
