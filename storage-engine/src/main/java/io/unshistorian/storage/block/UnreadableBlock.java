package io.unshistorian.storage.block;

import static io.unshistorian.storage.block.BlockDescriptor.HEADER_CRC_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.HEADER_LENGTH;
import static io.unshistorian.storage.block.BlockDescriptor.MAGIC;
import static io.unshistorian.storage.block.BlockDescriptor.MAGIC_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.PARTITION_START_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.PARTITION_WIDTH_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A block file that could not be opened. What series it held is unknown, so every read of a time
 * its partition covers is told that samples may be missing there: the whole partition when the
 * file's header (checked by its own CRC) still names it, all time otherwise.
 */
public record UnreadableBlock(Path file, long fromNanos, long toNanos) {
    /** Reads what the header of {@code file} still says about its partition. */
    public static UnreadableBlock of(Path file) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // reads until the header is whole or the file ends
            }
        } catch (IOException e) {
            return new UnreadableBlock(file, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (header.hasRemaining() || header.getInt(MAGIC_OFFSET) != MAGIC) {
            return new UnreadableBlock(file, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER_CRC_OFFSET);
        long start = header.getLong(PARTITION_START_OFFSET);
        long width = header.getLong(PARTITION_WIDTH_OFFSET);
        if ((int) crc.getValue() != header.getInt(HEADER_CRC_OFFSET) || width <= 0 || start > Long.MAX_VALUE - width) {
            return new UnreadableBlock(file, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        return new UnreadableBlock(file, start, start + width - 1);
    }

    /** Whether a read of {@code [start, end)} may miss samples this file held. */
    public boolean overlaps(long start, long end) {
        return fromNanos < end && toNanos >= start;
    }
}
