package io.unshistorian.storage.manifest;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.zip.CRC32C;

import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.file.FileSync;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The data directory's record of what must exist ({@code <data>/MANIFEST}): the generations of the
 * live block files and the WAL cycle files with the first sequence each holds. Rewritten whole (to a
 * temporary file, forced, renamed) whenever blocks come or go or a WAL cycle file starts. On open it
 * is compared with what is there, so a deleted block file or a deleted or emptied WAL file is
 * reported instead of going unnoticed. Specification: {@code docs/format/manifest.md}.
 *
 * <pre>
 *   0  u32 magic 0x4E414D55 ("UMAN")     4  u16 version 1     6  u16 reserved
 *   8  u32 block count b                 12 u32 WAL file count w
 *   16 b x i64 block generation, ascending
 *      w x (i64 session, i32 cycle, i64 first sequence), in the order the files started
 *      u32 CRC32C of every byte before it
 * </pre>
 * Thread-safe.
 */
public final class Manifest {
    public static final String FILE_NAME = "MANIFEST";
    public static final int MAGIC = 0x4E41_4D55;
    public static final short VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int RESERVED_OFFSET = 6;
    public static final int BLOCK_COUNT_OFFSET = 8;
    public static final int WAL_COUNT_OFFSET = 12;
    public static final int HEADER_LENGTH = 16;
    public static final int BLOCK_ENTRY_LENGTH = 8;
    public static final int WAL_ENTRY_LENGTH = 20;
    public static final int WAL_SESSION_OFFSET = 0;
    public static final int WAL_CYCLE_OFFSET = 8;
    public static final int WAL_FIRST_SEQUENCE_OFFSET = 12;
    public static final int CRC_BYTES = 4;
    /** Bounds what a damaged count can make a reader allocate. */
    private static final int MAX_ENTRIES = 1 << 24;

    /** A WAL cycle file that was started: its session, its cycle and the first sequence written to it. */
    public record WalFile(long session, int cycle, long firstSequence) {
    }

    private final Path file;
    private final FileSync sync;
    private final NavigableSet<Long> blocks = new TreeSet<>();
    private final List<WalFile> walFiles = new ArrayList<>();
    private final boolean existed;

    private Manifest(Path file, FileSync sync, boolean existed) {
        this.file = file;
        this.sync = sync;
        this.existed = existed;
    }

    /**
     * Reads the manifest of {@code directory}; a missing one is empty (a directory written before
     * manifests existed), a damaged one is reported and read as empty (nothing can be checked).
     */
    public static Manifest open(Path directory, FileSync sync, StorageProblems problems) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new Manifest(file, sync, false);
        }
        Manifest manifest = new Manifest(file, sync, true);
        byte[] bytes = Files.readAllBytes(file);
        String problem = manifest.read(new UnsafeBuffer(bytes), bytes.length);
        if (problem != null) {
            manifest.blocks.clear();
            manifest.walFiles.clear();
            problems.report(file, 0, "manifest unreadable (" + problem + "); missing files cannot be detected this "
                + "time; it is rewritten from what is there");
            return new Manifest(file, sync, false);
        }
        return manifest;
    }

    private String read(UnsafeBuffer in, int length) {
        if (length < HEADER_LENGTH + CRC_BYTES) {
            return length + " bytes";
        }
        if (in.getInt(length - CRC_BYTES, LITTLE_ENDIAN) != crc(in.byteArray(), length - CRC_BYTES)) {
            return "checksum mismatch";
        }
        if (in.getInt(MAGIC_OFFSET, LITTLE_ENDIAN) != MAGIC || in.getShort(VERSION_OFFSET, LITTLE_ENDIAN) != VERSION) {
            return "not a manifest of version " + VERSION;
        }
        int blockCount = in.getInt(BLOCK_COUNT_OFFSET, LITTLE_ENDIAN);
        int walCount = in.getInt(WAL_COUNT_OFFSET, LITTLE_ENDIAN);
        if (blockCount < 0 || walCount < 0 || blockCount > MAX_ENTRIES || walCount > MAX_ENTRIES
            || HEADER_LENGTH + (long) blockCount * BLOCK_ENTRY_LENGTH + (long) walCount * WAL_ENTRY_LENGTH + CRC_BYTES
            != length) {
            return "counts " + blockCount + "/" + walCount + " do not match its length " + length;
        }
        int at = HEADER_LENGTH;
        for (int i = 0; i < blockCount; i++, at += BLOCK_ENTRY_LENGTH) {
            blocks.add(in.getLong(at, LITTLE_ENDIAN));
        }
        for (int i = 0; i < walCount; i++, at += WAL_ENTRY_LENGTH) {
            walFiles.add(new WalFile(in.getLong(at + WAL_SESSION_OFFSET, LITTLE_ENDIAN),
                in.getInt(at + WAL_CYCLE_OFFSET, LITTLE_ENDIAN), in.getLong(at + WAL_FIRST_SEQUENCE_OFFSET, LITTLE_ENDIAN)));
        }
        return null;
    }

    /** Whether the directory had a readable manifest when it was opened (else nothing can be checked). */
    public boolean existed() {
        return existed;
    }

    /** The block generations listed, ascending. */
    public synchronized List<Long> blocks() {
        return new ArrayList<>(blocks);
    }

    /** The WAL cycle files listed, in the order they started. */
    public synchronized List<WalFile> walFiles() {
        return new ArrayList<>(walFiles);
    }

    /** Replaces the list of live blocks and writes the manifest. */
    public synchronized void blocksAre(List<Long> generations) throws IOException {
        blocks.clear();
        blocks.addAll(generations);
        write();
    }

    /** Records a WAL cycle file that has just received its first record, and writes the manifest. */
    public synchronized void walFileStarted(WalFile started) throws IOException {
        walFiles.add(started);
        write();
    }

    /** Forgets WAL cycle files about to be deleted (each {@code {session, cycle}}), and writes the manifest. */
    public synchronized void walFilesDeleted(List<long[]> deleted) throws IOException {
        boolean removed = walFiles.removeIf(file -> deleted.stream()
            .anyMatch(id -> id[0] == file.session() && id[1] == file.cycle()));
        if (removed) {
            write();
        }
    }

    private void write() throws IOException {
        int length = HEADER_LENGTH + blocks.size() * BLOCK_ENTRY_LENGTH + walFiles.size() * WAL_ENTRY_LENGTH
            + CRC_BYTES;
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(length);
        out.putInt(MAGIC_OFFSET, MAGIC, LITTLE_ENDIAN);
        out.putShort(VERSION_OFFSET, VERSION, LITTLE_ENDIAN);
        out.putShort(RESERVED_OFFSET, (short) 0, LITTLE_ENDIAN);
        out.putInt(BLOCK_COUNT_OFFSET, blocks.size(), LITTLE_ENDIAN);
        out.putInt(WAL_COUNT_OFFSET, walFiles.size(), LITTLE_ENDIAN);
        int at = HEADER_LENGTH;
        for (long generation : blocks) {
            out.putLong(at, generation, LITTLE_ENDIAN);
            at += BLOCK_ENTRY_LENGTH;
        }
        for (WalFile walFile : walFiles) {
            out.putLong(at + WAL_SESSION_OFFSET, walFile.session(), LITTLE_ENDIAN);
            out.putInt(at + WAL_CYCLE_OFFSET, walFile.cycle(), LITTLE_ENDIAN);
            out.putLong(at + WAL_FIRST_SEQUENCE_OFFSET, walFile.firstSequence(), LITTLE_ENDIAN);
            at += WAL_ENTRY_LENGTH;
        }
        out.putInt(at, crc(out.byteArray(), at), LITTLE_ENDIAN);
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(out.byteArray(), 0, length);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            sync.force(channel, temporary, true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        sync.forceDirectory(file.getParent());
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
