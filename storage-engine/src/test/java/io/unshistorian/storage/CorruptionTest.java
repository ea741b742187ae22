package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.unshistorian.storage.read.DamagedRange;
import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files are detected, reported with the file and offset, and left out; everything else
 * keeps serving.
 */
class CorruptionTest {
    private static final long DAY = 86_400_000_000_000L;
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private static StorageOptions options() {
        return StorageOptions.builder().backgroundCompaction(false).compactOnClose(false).build();
    }

    private static void writeSeries(StorageEngine engine, String path, long start, int count, double base)
        throws IOException {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < count; i++) {
            batch.addDouble(path, start + i * SECOND, base + i);
        }
        engine.write(batch);
    }

    private static int count(StorageEngine engine, String path) {
        return count(engine, path, Long.MIN_VALUE + 1, Long.MAX_VALUE);
    }

    private static int count(StorageEngine engine, String path, long start, long end) {
        int[] n = {0};
        engine.read(path, start, end, (t, v, q, s) -> n[0]++);
        return n[0];
    }

    @Test
    void flippedByteInABlockChunkLosesOnlyThatChunkAndTheReadSaysSo() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            writeSeries(engine, "plant/a", T0, 1000, 1.0);
            writeSeries(engine, "plant/b", T0, 1000, 5000.0);
            engine.compactNow();
            writeSeries(engine, "plant/a", T0 + 2000 * SECOND, 5, 1.0);   // plant/a in the head too
        }
        Path block = onlyFile(dir.resolve("blocks"), ".blk");
        flipByte(block, 48 + 30);   // inside the first chunk (series plant/a, id 0): its header
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            int[] delivered = {0};
            DataDamagedException damaged = assertThrows(DataDamagedException.class, () ->
                engine.read("plant/a", Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> delivered[0]++));
            assertEquals(5, delivered[0], "the readable samples are delivered before the damage is reported");
            DamagedRange range = damaged.ranges().get(0);
            assertEquals(new DamagedRange("plant/a", T0, T0 + 999 * SECOND, block, 48), range);
            assertTrue(damaged.getMessage().contains("plant/a [" + T0), damaged.getMessage());
            assertEquals(1000, count(engine, "plant/b"), "an undamaged series reads without complaint");
            List<StorageProblem> problems = engine.problems();
            assertEquals(1, problems.size(), "one place, reported once however often it is read: " + problems);
            assertEquals(block, problems.get(0).file());
            assertEquals(48, problems.get(0).offset());
            assertTrue(problems.get(0).reason().contains("checksum mismatch"), problems.toString());
        }
    }

    @Test
    void aBlockWithADamagedChunkIsNeverMergedAway() throws IOException {
        StorageOptions merging = StorageOptions.builder().backgroundCompaction(false).compactOnClose(false)
            .mergeFanIn(2).build();
        try (StorageEngine engine = StorageEngine.open(dir, merging)) {
            writeSeries(engine, "plant/a", T0, 100, 1.0);
            engine.compactNow();
        }
        Path damaged = onlyFile(dir.resolve("blocks"), ".blk");
        flipByte(damaged, 48 + 30);
        try (StorageEngine engine = StorageEngine.open(dir, merging)) {
            writeSeries(engine, "plant/a", T0 + 100 * SECOND, 100, 1.0);
            engine.compactNow();   // two blocks in one partition: a merge is due, and must not happen
            assertTrue(Files.exists(damaged), "the damaged block is kept, not merged away");
            assertTrue(engine.problems().stream().anyMatch(p -> p.reason().contains("kept out of merges")),
                engine.problems().toString());
            int[] delivered = {0};
            assertThrows(DataDamagedException.class, () ->
                engine.read("plant/a", Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> delivered[0]++));
            assertEquals(100, delivered[0]);
        }
    }

    @Test
    void truncatedBlockFileIsLeftOutAndOtherPartitionsServe() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            writeSeries(engine, "plant/a", T0, 100, 1.0);
            engine.compactNow();
            writeSeries(engine, "plant/a", T0 + 3 * DAY, 100, 1.0);
            engine.compactNow();
        }
        Path first;
        try (Stream<Path> files = Files.list(dir.resolve("blocks"))) {
            first = files.filter(f -> f.toString().endsWith(".blk")).sorted().findFirst().orElseThrow();
        }
        long size = Files.size(first);
        try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
            file.setLength(size - 10);
        }
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            int[] delivered = {0};
            DataDamagedException damaged = assertThrows(DataDamagedException.class, () ->
                engine.read("plant/a", Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> delivered[0]++));
            assertEquals(100, delivered[0], "the other partition still serves");
            DamagedRange range = damaged.ranges().get(0);
            assertEquals(first, range.file());
            assertTrue(range.fromNanos() <= T0 && range.toNanos() >= T0 + 99 * SECOND && range.toNanos() < T0 + 3 * DAY,
                "the unreadable file's partition, from its header: " + range);
            assertEquals(100, count(engine, "plant/a", T0 + 3 * DAY, Long.MAX_VALUE), "a read past it is clean");
            List<StorageProblem> problems = engine.problems();
            assertEquals(1, problems.size(), problems.toString());
            assertEquals(first, problems.get(0).file());
            assertTrue(problems.get(0).reason().contains("trailer magic missing"), problems.toString());
        }
    }

    @Test
    void aDeletedBlockFileIsReportedNotSilent() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            writeSeries(engine, "plant/a", T0, 100, 1.0);
            engine.compactNow();
            writeSeries(engine, "plant/a", T0 + 2 * 86_400 * SECOND, 100, 1.0);   // another partition
            engine.compactNow();
        }
        Path gone = dir.resolve("blocks").resolve("block-00000000000000000000.blk");
        Files.delete(gone);
        for (int open = 0; open < 2; open++) {
            try (StorageEngine engine = StorageEngine.open(dir, options())) {
                int[] delivered = {0};
                DataDamagedException damaged = assertThrows(DataDamagedException.class, () ->
                    engine.read("plant/a", Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> delivered[0]++));
                assertEquals(100, delivered[0], "the other block still serves");
                assertEquals(gone, damaged.ranges().get(0).file(), "and the read says what is missing");
                List<StorageProblem> problems = engine.problems();
                assertEquals(1, problems.size(), problems.toString());
                assertEquals(gone, problems.get(0).file());
                assertTrue(problems.get(0).reason().contains("listed in MANIFEST is missing"), problems.toString());
                engine.compactNow();   // a manifest rewrite keeps it listed: said on every open until repaired
            }
        }
    }

    @Test
    void flippedByteInAWalRecordLosesOnlyThatBatch() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            writeSeries(engine, "plant/a", T0, 10, 1.0);
            writeSeries(engine, "plant/a", T0 + 100 * SECOND, 10, 1.0);
            writeSeries(engine, "plant/a", T0 + 200 * SECOND, 10, 1.0);
        }
        Path cycle = onlyFile(dir.resolve("wal"), ".cq4");
        long at = find(cycle, littleEndian(T0 + 100 * SECOND));
        flipByte(cycle, at + 3);
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals(20, count(engine, "plant/a"), "the batches before and after the damaged one replay");
            List<StorageProblem> problems = engine.problems();
            assertEquals(1, problems.size(), problems.toString());
            assertEquals(cycle, problems.get(0).file());
            assertTrue(problems.get(0).reason().contains("record checksum mismatch"), problems.toString());
        }
    }

    @Test
    void tornWalTailLosesOnlyTheLastBatch() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            writeSeries(engine, "plant/a", T0, 10, 1.0);
            writeSeries(engine, "plant/a", T0 + 100 * SECOND, 10, 1.0);
        }
        Path cycle = onlyFile(dir.resolve("wal"), ".cq4");
        long at = find(cycle, littleEndian(T0 + 100 * SECOND));
        zero(cycle, at, 200);   // the last record's columns never reached the disk
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals(10, count(engine, "plant/a"));
            assertEquals(1, engine.problems().size(), engine.problems().toString());
            // and the directory keeps taking writes
            writeSeries(engine, "plant/a", T0 + 500 * SECOND, 5, 1.0);
            assertEquals(15, count(engine, "plant/a"));
        }
    }

    /** The one file with {@code suffix} below {@code directory} (WAL cycle files live in session folders). */
    static Path onlyFile(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> matching = files.filter(f -> f.toString().endsWith(suffix)).toList();
            assertEquals(1, matching.size(), matching.toString());
            return matching.get(0);
        }
    }

    static byte[] littleEndian(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    static long find(Path file, byte[] pattern) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found in " + file);
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }

    static void zero(Path file, long offset, int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(new byte[length]);
        }
    }
}
