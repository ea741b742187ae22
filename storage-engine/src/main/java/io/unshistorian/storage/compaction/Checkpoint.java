package io.unshistorian.storage.compaction;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.block.BlockFileWriter;

/**
 * The compaction checkpoint ({@code <data>/checkpoint}): the index of the last WAL record whose
 * samples are all in block files. Written to a temporary file, forced and renamed, so it is always
 * either the old or the new value.
 *
 * <pre>  u32 magic 0x504B4355 ("UCKP"), u16 version 1, u16 reserved, i64 WAL index, u32 CRC32C of the 16 bytes before</pre>
 */
public final class Checkpoint {
    public static final int MAGIC = 0x504B_4355;
    public static final short VERSION = 1;
    public static final int LENGTH = 20;
    /** No WAL record is compacted yet. */
    public static final long NONE = -1;

    private final Path file;

    public Checkpoint(Path directory) {
        this.file = directory.resolve("checkpoint");
    }

    /** The stored index, or {@link #NONE}; a damaged file is reported and read as NONE (full replay). */
    public long read(StorageProblems problems) throws IOException {
        if (!Files.exists(file)) {
            return NONE;
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length != LENGTH || in.getInt(0) != MAGIC || in.getShort(4) != VERSION
            || in.getInt(16) != crc(bytes)) {
            problems.report(file, 0, "checkpoint unreadable (" + bytes.length + " bytes); replaying the whole WAL");
            return NONE;
        }
        return in.getLong(8);
    }

    public void write(long walIndex) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(walIndex);
        out.putInt(crc(out.array()));
        Path temporary = file.resolveSibling("checkpoint.tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            out.flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        BlockFileWriter.forceDirectory(file.getParent());
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 16);
        return (int) crc.getValue();
    }
}
