package io.unshistorian.storage.compaction;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.file.FileSync;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The compaction checkpoint ({@code <data>/checkpoint}): the sequence of the last WAL record whose
 * samples are all in block files (for a directory written before sequences existed, the Chronicle
 * index of that record, which its version 1 records are compared by). Written to a temporary file, forced and renamed, so it is always
 * either the old or the new value. Layout (little-endian, {@code docs/format/wal.md}):
 *
 * <pre>
 *   0  u32 magic 0x504B4355 ("UCKP")    4  u16 version 1    6  u16 reserved
 *   8  i64 WAL sequence                 16 u32 CRC32C of bytes 0..15
 * </pre>
 */
public final class Checkpoint {
    public static final int MAGIC = 0x504B_4355;
    public static final short VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int RESERVED_OFFSET = 6;
    public static final int SEQUENCE_OFFSET = 8;
    /** The CRC covers bytes [0, CRC_OFFSET). */
    public static final int CRC_OFFSET = 16;
    public static final int LENGTH = 20;
    /** No WAL record is compacted yet. */
    public static final long NONE = -1;
    public static final String FILE_NAME = "checkpoint";

    private final Path file;
    private final FileSync sync;

    public Checkpoint(Path directory, FileSync sync) {
        this.file = directory.resolve(FILE_NAME);
        this.sync = sync;
    }

    /** The stored index, or {@link #NONE}; a damaged file is reported and read as NONE (full replay). */
    public long read(StorageProblems problems) throws IOException {
        if (!Files.exists(file)) {
            return NONE;
        }
        byte[] bytes = Files.readAllBytes(file);
        UnsafeBuffer in = new UnsafeBuffer(bytes);
        if (bytes.length != LENGTH || in.getInt(MAGIC_OFFSET, LITTLE_ENDIAN) != MAGIC
            || in.getShort(VERSION_OFFSET, LITTLE_ENDIAN) != VERSION || in.getInt(CRC_OFFSET, LITTLE_ENDIAN) != crc(bytes)) {
            problems.report(file, 0, "checkpoint unreadable (" + bytes.length + " bytes); replaying the whole WAL");
            return NONE;
        }
        return in.getLong(SEQUENCE_OFFSET, LITTLE_ENDIAN);
    }

    public void write(long sequence) throws IOException {
        UnsafeBuffer out = new UnsafeBuffer(new byte[LENGTH]);
        out.putInt(MAGIC_OFFSET, MAGIC, LITTLE_ENDIAN);
        out.putShort(VERSION_OFFSET, VERSION, LITTLE_ENDIAN);
        out.putShort(RESERVED_OFFSET, (short) 0, LITTLE_ENDIAN);
        out.putLong(SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
        out.putInt(CRC_OFFSET, crc(out.byteArray()), LITTLE_ENDIAN);
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(out.byteArray());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            sync.force(channel, temporary, true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        sync.forceDirectory(file.getParent());
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        return (int) crc.getValue();
    }
}
