package io.unshistorian.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.unshistorian.storage.StorageProblems;

import net.openhft.posix.PosixAPI;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the records of one WAL cycle file by its bytes alone, without trusting anything of
 * Chronicle Queue's own structures (its header, write position, indexes). A cycle file is a run of
 * documents, each a 4-byte little-endian header (bit 31: not complete, bit 30: metadata, bits 0–29:
 * length) followed by that many bytes, each document starting on a 4-byte boundary. Data documents
 * hold {@link WalRecord}s, which carry their own checksums. A header or record that does not check
 * out is reported with its file and offset, and the scan resynchronises at the next 4-byte boundary
 * where a whole record checks out, so damage costs the damaged record and no other. The file is read
 * with positional reads into a window, not memory-mapped: a mapped read of a file that has gone bad
 * (or of a hole on a full tmpfs) kills the process with SIGBUS, a read fails with an exception. Not
 * thread-safe.
 */
final class WalFileScanner {
    private static final int HEADER_BYTES = 4;
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int METADATA = 0x4000_0000;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    private static final int WINDOW_BYTES = 8 << 20;
    private static final int SEEK_DATA = 3;
    private static final int ENXIO = 6;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
        .contains("linux");
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 16);

    /** Receives each readable record, in file order, with its position and its ordinal among data documents. */
    @FunctionalInterface
    interface Records {
        void record(WalRecordReader record, long position, long ordinal);
    }

    /** What a scan found. */
    record Summary(long records, long damagedRegions) {
        boolean damaged() {
            return damagedRegions > 0;
        }
    }

    private final WalRecordReader reader = new WalRecordReader();
    private final UnsafeBuffer slice = new UnsafeBuffer(0, 0);
    private final StorageProblems problems;
    private FileChannel channel;
    private ByteBuffer window = ByteBuffer.allocateDirect(WINDOW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long base;
    private long windowEnd;
    private long size;
    private Path file;
    private long damagedRegions;
    private long brokenRecord = -1;
    private long foundStart;
    private int foundLength;

    WalFileScanner(StorageProblems problems) {
        this.problems = problems;
    }

    Summary scan(Path cycleFile, Records handler) throws IOException {
        this.file = cycleFile;
        long records = 0;
        long damaged = 0;
        try (FileChannel opened = FileChannel.open(cycleFile, StandardOpenOption.READ)) {
            this.channel = opened;
            this.size = opened.size();
            this.base = 0;
            this.windowEnd = 0;
            long position = 0;
            long ordinal = 0;
            while (position + HEADER_BYTES <= size) {
                int header = intAt(position);
                int length = header & LENGTH_MASK;
                String problem = null;
                if (header > 0 && (header & METADATA) == 0 && position + HEADER_BYTES + length <= size) {
                    problem = wrap(position + HEADER_BYTES, length);
                    if (problem == null) {
                        handler.record(reader, position, ordinal++);
                        records++;
                        position = align(position + HEADER_BYTES + length);
                        continue;
                    }
                    ordinal++;
                }
                // Anything but a readable data record: metadata (Chronicle's header and indexes, whose
                // lengths are not trusted), zeros, or damage. Look for the next readable record.
                boolean expected = header == 0 || (header & METADATA) != 0 && (header & NOT_COMPLETE) == 0
                    || header == NOT_COMPLETE;
                boolean found = resync(position + HEADER_BYTES);
                long damageStart = position;
                if (problem == null && brokenRecord >= 0) {
                    problem = "a record whose header checks out but whose payload does not";
                    damageStart = brokenRecord;   // damage inside a skip over metadata: report it from there
                }
                if (found) {
                    // Only this record's document header was damaged: the record itself is whole.
                    boolean onlyHeader = foundStart == position + HEADER_BYTES && brokenRecord < 0;
                    if ((problem != null || !expected) && !onlyHeader) {
                        damaged++;
                        damagedRegions++;
                        problems.report(file, damageStart, "WAL bytes " + damageStart + ".." + (foundStart - 1)
                            + " unreadable (" + describe(problem, header) + "); skipped to the next readable record");
                    }
                    wrap(foundStart, foundLength);
                    handler.record(reader, foundStart, ordinal++);
                    records++;
                    position = align(foundStart + foundLength);
                } else {
                    // The append a crash interrupted: its document never completed, so it was never
                    // acknowledged, and a record half copied into it is not damage.
                    // The torn document is where the broken record is: right here, or behind metadata
                    // (an index Chronicle wrote just before) that the resync skipped over.
                    // A document header still 0 in front of the broken record is an append that had not
                    // yet published its header when the process died (its payload bytes were already in
                    // the mapping): never completed, never acknowledged.
                    boolean tornAppend = brokenRecord < 0 ? (header & NOT_COMPLETE) != 0
                        : brokenRecord >= HEADER_BYTES && ((intAt(brokenRecord - HEADER_BYTES) & NOT_COMPLETE) != 0
                        || intAt(brokenRecord - HEADER_BYTES) == 0);
                    if (!tornAppend && (problem != null || !expected)) {
                        damaged++;   // not the end of the data, nor the torn append a crash leaves
                        damagedRegions++;
                        String before = brokenRecord < HEADER_BYTES ? ""
                            : "; document header before it 0x" + Integer.toHexString(intAt(brokenRecord - HEADER_BYTES));
                        problems.report(file, damageStart, "WAL bytes from " + damageStart + " to the end unreadable ("
                            + describe(problem, header) + before + ")");
                    }
                    break;
                }
            }
        } finally {
            this.channel = null;
            this.windowEnd = 0;
        }
        return new Summary(records, damaged);
    }

    /** Damaged regions reported by every scan of this scanner so far. */
    long damagedRegions() {
        return damagedRegions;
    }

    private static String describe(String problem, int header) {
        return problem != null ? problem : "document header 0x" + Integer.toHexString(header);
    }

    /**
     * Finds the next whole record at or after {@code from}: one behind a document header, or one whose
     * document header was damaged, recognized by its own header checksum and measured by its own
     * fields. On success {@link #foundStart} and {@link #foundLength} say where it is. Sets
     * {@link #brokenRecord} to the first position passed over where a version 2 record's header
     * checks out but the record does not: damage, even where the skip began at metadata.
     */
    private boolean resync(long from) throws IOException {
        brokenRecord = -1;
        for (long position = align(from); position + WalRecord.MIN_LENGTH_V1 <= size; position += HEADER_BYTES) {
            int header = intAt(position);
            if (header == 0) {
                position = skipZeros(position) - HEADER_BYTES;   // the unwritten rest of a file is long
                continue;
            }
            if (header > 0 && (header & METADATA) == 0 && checkRecord(position + HEADER_BYTES, header & LENGTH_MASK)) {
                return true;
            }
            if ((header & 0xFF) == WalRecord.VERSION) {
                long length = measure(position);
                if (length > 0 && checkRecord(position, (int) length)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a whole record of {@code length} bytes starts at {@code start}; notes a broken one. */
    private boolean checkRecord(long start, int length) throws IOException {
        if (length < WalRecord.MIN_LENGTH_V1 || length > WriteAheadLog.MAX_RECORD_BYTES || start + length > size) {
            return false;
        }
        ensure(start, length);
        slice.wrap(window, (int) (start - base), length);
        if (!reader.plausible(slice, length)) {
            return false;
        }
        if (reader.wrap(slice, length) == null) {
            foundStart = start;
            foundLength = length;
            return true;
        }
        if (brokenRecord < 0 && slice.getByte(WalRecord.VERSION_OFFSET) == WalRecord.VERSION) {
            brokenRecord = start;
        }
        return false;
    }

    /**
     * The length of the version 2 record starting at {@code start} as its own fields give it (header
     * checksum first, then the count and the string list), or -1 when they do not make one.
     */
    private long measure(long start) throws IOException {
        if (start + WalRecord.MIN_LENGTH > size) {
            return -1;
        }
        ensure(start, WalRecord.HEADER_LENGTH);
        slice.wrap(window, (int) (start - base), WalRecord.HEADER_LENGTH);
        if (!reader.plausible(slice, WalRecord.MIN_LENGTH)) {
            return -1;
        }
        long count = slice.getInt(WalRecord.COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        long at = start + WalRecord.HEADER_LENGTH + count * WalRecord.BYTES_PER_SAMPLE;
        if (count < 0 || at + WalRecord.STRING_LENGTH_BYTES > size) {
            return -1;
        }
        long strings = intAnywhere(at);
        at += WalRecord.STRING_LENGTH_BYTES;
        for (long i = 0; i < strings; i++) {
            if (at + WalRecord.STRING_LENGTH_BYTES > size || at - start > WriteAheadLog.MAX_RECORD_BYTES) {
                return -1;
            }
            long length = intAnywhere(at);
            if (length < 0) {
                return -1;
            }
            at += WalRecord.STRING_LENGTH_BYTES + length;
        }
        long length = at - start;
        return length <= WriteAheadLog.MAX_RECORD_BYTES && at <= size ? length : -1;
    }

    /** The little-endian int at any position, aligned or not. */
    private int intAnywhere(long position) throws IOException {
        ensure(position, Integer.BYTES);
        return window.getInt((int) (position - base));
    }

    /** The first 4-byte aligned position at or after {@code position} whose int is not zero (or the end). */
    private long skipZeros(long position) throws IOException {
        long at = position;
        int windows = 0;
        while (at + HEADER_BYTES <= size) {
            if (++windows % 16 == 0) {
                at = nextData(at);   // a long run of zeros: let the file system skip its holes
            }
            int span = (int) Math.min(ZEROS.capacity(), size - at) & ~3;
            if (span == 0) {
                return size;
            }
            ensure(at, span);
            int offset = (int) (at - base);
            int differs = window.slice(offset, span).mismatch(ZEROS.slice(0, span));
            if (differs >= 0) {
                return at + (differs & ~3);
            }
            at += span;
        }
        return size;
    }

    /**
     * The start of the next allocated region at or after {@code at} ({@code lseek(SEEK_DATA)}), so the
     * unwritten tail of a sparse cycle file is not read; {@code at} itself where that is not available.
     */
    private long nextData(long at) {
        if (!LINUX) {
            return at;   // SEEK_DATA is 3 on Linux; elsewhere the number means other things
        }
        try {
            PosixAPI posix = PosixAPI.posix();
            int descriptor = posix.open(file.toString(), 0, 0);
            if (descriptor < 0) {
                return at;
            }
            try {
                long data = posix.lseek(descriptor, at, SEEK_DATA);
                if (data < 0) {
                    return posix.lastError() == ENXIO ? size : at;   // ENXIO: no data after it; else read on
                }
                return Math.max(at, data & ~3L);
            } finally {
                posix.close(descriptor);
            }
        } catch (Throwable e) {   // no native access here: read on
            return at;
        }
    }

    private String wrap(long position, int length) throws IOException {
        if (length > WriteAheadLog.MAX_RECORD_BYTES) {
            return "record of " + length + " bytes is larger than any record";
        }
        ensure(position, length);
        slice.wrap(window, (int) (position - base), length);
        return reader.wrap(slice, length);
    }

    private int intAt(long position) throws IOException {
        ensure(position, HEADER_BYTES);
        return window.getInt((int) (position - base));
    }

    /** Reads a window of the file holding {@code [position, position + length)}. */
    private void ensure(long position, int length) throws IOException {
        if (position >= base && position + length <= windowEnd) {
            return;
        }
        if (window.capacity() < length) {
            window = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        }
        base = position;
        int span = (int) Math.min(window.capacity(), size - base);
        window.clear().limit(span);
        while (window.hasRemaining()) {
            if (channel.read(window, base + window.position()) < 0) {
                break;   // the file got shorter: what was read is all there is
            }
        }
        windowEnd = base + window.position();
        window.clear();
        if (position + length > windowEnd) {
            throw new IOException(file + " ends at " + windowEnd + ", before " + (position + length));
        }
    }

    private static long align(long position) {
        return (position + 3) & ~3L;
    }
}
