package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage in the WAL costs at most the damaged record, and never makes later acknowledged writes
 * non-durable. The probe that found this flipped one byte in the Chronicle Queue header before the
 * first record: on restart 8 un-checkpointed records (28,000 samples) were gone although one was
 * reported, and 50 batches acknowledged after the restart were lost at the next crash. Here every
 * byte of the cycle file's header document, a spread of its index documents and the first record's
 * document header are flipped in turn.
 */
class WalDamageTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final int RECORDS = 8;
    private static final int PER_RECORD = 3500;

    @TempDir
    Path dir;

    private static StorageOptions options() {
        return StorageOptions.builder().backgroundCompaction(false).compactOnClose(false)
            .fsyncPolicy(FsyncPolicy.NONE).build();
    }

    private static void write(StorageEngine engine, int firstBatch, int batches, int perBatch) throws IOException {
        for (int b = firstBatch; b < firstBatch + batches; b++) {
            WriteBatch batch = new WriteBatch(perBatch);
            for (int i = 0; i < perBatch; i++) {
                batch.addDouble("plant/s" + (i % 4), T0 + ((long) b * perBatch + i) * 1_000_000L, i);
            }
            engine.write(batch);
        }
    }

    private static long count(StorageEngine engine) {
        long[] n = {0};
        for (int s = 0; s < 4; s++) {
            engine.read("plant/s" + s, Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, x) -> n[0]++);
        }
        return n[0];
    }

    @Test
    void aFlippedByteAnywhereBeforeTheFirstRecordCostsNothingAndLaterWritesStayDurable() throws IOException {
        Path pristine = dir.resolve("pristine");
        try (StorageEngine engine = StorageEngine.open(pristine, options())) {
            write(engine, 0, RECORDS, PER_RECORD);
        }
        Path cycle = cycleFile(pristine);
        long firstRecord = CorruptionTest.find(cycle, new byte[] {2, 0, 0, 0, (byte) PER_RECORD, (byte) (PER_RECORD >> 8), 0, 0}) - 4;
        // The normal suite flips a spread of bytes; -Duns.wal.damage.every=1 flips every one (the long run).
        int step = Integer.getInteger("uns.wal.damage.every", 5);
        List<Long> offsets = new ArrayList<>();
        for (long offset = 0; offset < 0xC8; offset += offset < 8 ? 1 : step) {
            offsets.add(offset);   // the header document: its length, write position, index pointers
        }
        for (long offset = 0xC8; offset < firstRecord; offset += step * 300L) {
            offsets.add(offset);   // the index documents
        }
        for (long offset = firstRecord; offset < firstRecord + 4; offset++) {
            offsets.add(offset);   // the first record's Chronicle document header
        }
        for (long offset : offsets) {
            // Flipped in place and restored after: the trial's own writes go to new WAL sessions,
            // which are deleted again, so every trial starts from the same bytes.
            Path copy = pristine;
            CorruptionTest.flipByte(cycle, offset);
            String where = "byte " + offset + " (0x" + Long.toHexString(offset) + ") flipped";
            long afterDamage;
            int problems;
            try (StorageEngine engine = StorageEngine.open(copy, options())) {
                afterDamage = count(engine);
                problems = engine.problems().size();
                write(engine, 10_000, 50, 10);
            }
            // Even the first record's own document header: the record is found by its own checksums.
            assertEquals(RECORDS * PER_RECORD, afterDamage, where + ": damage before the first record costs nothing "
                + "(problems: " + problems + ")");
            try (StorageEngine engine = StorageEngine.open(copy, options())) {
                assertEquals(afterDamage + 500, count(engine), where + ": the 50 batches acknowledged after the "
                    + "damage are all there after the next restart");
            }
            CorruptionTest.flipByte(cycle, offset);
            try (Stream<Path> sessions = Files.list(pristine.resolve("wal"))) {
                for (Path session : (Iterable<Path>) sessions::iterator) {
                    if (!session.equals(cycle.getParent())) {
                        deleteTree(session);
                    }
                }
            }
        }
    }

    @Test
    void aDamagedRecordCostsThatRecordAndIsReported() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            write(engine, 0, RECORDS, PER_RECORD);
        }
        Path cycle = cycleFile(dir);
        long third = CorruptionTest.find(cycle, CorruptionTest.littleEndian(T0 + 2L * PER_RECORD * 1_000_000L));
        CorruptionTest.flipByte(cycle, third + 40);   // a timestamp of the third record
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals((RECORDS - 1) * PER_RECORD, count(engine));
            assertEquals(1, engine.problems().size(), engine.problems().toString());
            assertTrue(engine.problems().get(0).reason().contains("checksum mismatch"), engine.problems().toString());
            write(engine, 10_000, 5, 10);
        }
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals((RECORDS - 1) * PER_RECORD + 50, count(engine), "later writes are durable");
        }
    }

    @Test
    void theAppendACrashInterruptedIsNotReportedAsDamage() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            write(engine, 0, RECORDS, PER_RECORD);
        }
        // What kill -9 in the middle of copying the last record leaves: its document never completed
        // (the not-complete bit still set) and the record's header whole but its payload half there.
        Path cycle = cycleFile(dir);
        byte[] bytes = Files.readAllBytes(cycle);
        byte[] recordStart = {2, 0, 0, 0, (byte) PER_RECORD, (byte) (PER_RECORD >> 8), 0, 0};
        int last = lastIndexOf(bytes, recordStart);
        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw")) {
            file.seek(last - 4);
            file.write(new byte[] {0, 0, 0, (byte) 0x80});
            file.seek(last + 200);
            file.write(new byte[2000]);
        }
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals((RECORDS - 1) * PER_RECORD, count(engine), "the unacknowledged record is gone, the rest kept");
            assertEquals(List.of(), engine.problems(), "a torn last append is what a crash leaves, not damage");
        }
        // The same bytes in a document that did complete were acknowledged: losing them is damage.
        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw")) {
            file.seek(last - 4);
            file.write(bytes, last - 4, 4);
        }
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals((RECORDS - 1) * PER_RECORD, count(engine));
            assertEquals(1, engine.problems().size(), engine.problems().toString());
        }
    }

    private static int lastIndexOf(byte[] bytes, byte[] pattern) {
        for (int i = bytes.length - pattern.length; i >= 0; i--) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }

    @Test
    void aZeroedOrDeletedCycleFileIsReportedNotSilent() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            write(engine, 0, RECORDS, PER_RECORD);
        }
        Path cycle = cycleFile(dir);
        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw")) {
            file.setLength(0);
        }
        long start = System.nanoTime();
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "opening does not stall");
            assertEquals(0, count(engine));
            assertFalse(engine.problems().isEmpty(), "the lost records are reported");
            write(engine, 100, 1, 10);   // and writes go on at once
            assertEquals(10, count(engine));
        }
    }

    private static Path cycleFile(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("wal"))) {
            List<Path> cycles = files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
            assertEquals(1, cycles.size(), cycles.toString());
            return cycles.get(0);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
