package io.unshistorian.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.unshistorian.storage.file.DiskFull;

import net.openhft.posix.PosixAPI;

/**
 * Makes the disk hold the blocks of a cycle file before the memory-mapped appender writes to them.
 * A mapped write to a page the file system cannot allocate (a full disk) does not fail with an
 * error: the process gets SIGBUS, which the JVM turns into an {@code InternalError} — after the
 * record may have been half written. So before each append the file is allocated up to the append's
 * end plus {@link #AHEAD_BYTES} ({@code fallocate}, keeping the file's size; where the file system
 * cannot, by writing zeros), and a full disk is an ordinary {@link IOException} before anything is
 * written. Not thread-safe; the write lock serializes it.
 */
final class SpaceReservation implements AutoCloseable {
    /** How far ahead of the write position the file is allocated: more than the largest record. */
    static final long AHEAD_BYTES = WriteAheadLog.MAX_RECORD_BYTES + (1L << 20);
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int O_RDWR = 2;

    private Path file;
    private int descriptor = -1;
    private boolean fallocateWorks = true;
    private long reservedUpTo;

    /**
     * Ensures {@code file} has its blocks up to {@code position + AHEAD_BYTES}.
     *
     * @throws IOException when the file system has no room (the caller refuses the write)
     */
    void reserve(Path cycleFile, long position) throws IOException {
        if (!cycleFile.equals(file)) {
            close();
            file = cycleFile;
            reservedUpTo = 0;
        }
        long target = position + AHEAD_BYTES;
        if (target <= reservedUpTo) {
            return;
        }
        long to = target + AHEAD_BYTES;   // reserve in steps, not once per append
        // fallocate from the start of the file also fills holes Chronicle's index arrays may leave;
        // zeros may only be written where the appender has not written yet.
        if (fallocateWorks && fallocate(reservedUpTo, to - reservedUpTo)) {
            reservedUpTo = to;
            return;
        }
        writeZeros(Math.max(reservedUpTo, position), to);
        reservedUpTo = to;
    }

    /** Allocates every block of {@code existing} as it is now (a file some other code maps). */
    void reserveWhole(Path existing) throws IOException {
        file = existing;
        long length = Files.size(existing);
        if (!(fallocateWorks && fallocate(0, length))) {
            reservedUpTo = length;   // zeros only where nothing was written: not possible for another's file
        }
    }

    /** True when fallocate allocated the range; false when it is not available here (then zeros are written). */
    private boolean fallocate(long offset, long length) throws IOException {
        try {
            PosixAPI posix = PosixAPI.posix();
            if (descriptor < 0) {
                descriptor = posix.open(file.toString(), O_RDWR, 0);
                if (descriptor < 0) {
                    fallocateWorks = false;
                    return false;
                }
            }
            if (posix.fallocate(descriptor, FALLOC_FL_KEEP_SIZE, offset, length) == 0) {
                return true;
            }
            int errno = posix.lastError();
            if (errno == 28 || errno == 122) {   // ENOSPC, EDQUOT
                throw new DiskFull.DiskFullException("no space left on the WAL's disk for " + length + " more bytes of "
                    + file + " (" + posix.strerror(errno) + ")");
            }
            fallocateWorks = false;   // EOPNOTSUPP and the like: this file system cannot
            return false;
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {   // no native access here: fall back to writing zeros
            fallocateWorks = false;
            return false;
        }
    }

    /** Allocates by writing zeros past what the appender has written (those pages are zero anyway). */
    private void writeZeros(long from, long to) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            writeZeros(channel, from, to);
        } catch (IOException e) {
            if (DiskFull.is(e)) {
                throw new DiskFull.DiskFullException("no space left on the WAL's disk for " + (to - from)
                    + " more bytes of " + file + " (" + e.getMessage() + ")");
            }
            throw e;
        }
    }

    private static void writeZeros(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
        for (long at = from; at < to; at += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
            while (zeros.hasRemaining()) {
                channel.write(zeros, at + zeros.position());
            }
        }
    }

    @Override
    public void close() {
        if (descriptor >= 0) {
            try {
                PosixAPI.posix().close(descriptor);
            } catch (Throwable ignored) {
                // nothing left to release
            }
            descriptor = -1;
        }
    }
}
