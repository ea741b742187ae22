package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.wal.WalRollPeriod;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LateDataAndRetentionTest {
    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00Z
    private static final long SECOND = 1_000_000_000L;
    private static final long HOUR = 3600 * SECOND;
    private static final long DAY = 24 * HOUR;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(T0 / 1_000_000L + 2 * DAY / 1_000_000L);

    private StorageOptions.Builder options() {
        return StorageOptions.builder().backgroundCompaction(false).clockMillis(clock::get);
    }

    private static List<double[]> read(StorageEngine engine, String path) {
        List<double[]> out = new ArrayList<>();
        engine.read(path, Long.MIN_VALUE + 1, Long.MAX_VALUE,
            (t, v, q, s) -> out.add(new double[] {(t - T0) / (double) SECOND, Double.longBitsToDouble(v)}));
        return out;
    }

    @Test
    void lateDataLandsInAnExtraBlockThatReadsMergeAndACompactionFolds() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options().coldMergeDelay(Duration.ofMinutes(10)).build())) {
            WriteBatch batch = new WriteBatch();
            for (int i = 0; i < 3600; i++) {
                batch.addDouble("line/temp", T0 + i * SECOND, i);
            }
            engine.write(batch);
            engine.compactNow();
            assertEquals(1, engine.blocks().all().size());

            batch.clear();   // an hour late: overwrites every tenth second, adds a few new ones
            for (int i = 0; i < 3600; i += 10) {
                batch.addDouble("line/temp", T0 + i * SECOND, -i);
            }
            batch.addDouble("line/temp", T0 + 7200 * SECOND, 7200);
            engine.write(batch);
            engine.compactNow();
            assertEquals(2, engine.blocks().all().size(), "the late samples went to an extra block");
            assertLateDataMerged(read(engine, "line/temp"));

            clock.addAndGet(Duration.ofMinutes(11).toMillis());   // the partition went cold
            engine.compactNow();
            List<BlockFile> blocks = engine.blocks().all();
            assertEquals(1, blocks.size(), "the cold partition was merged into one block");
            assertEquals(1, blocks.get(0).level());
            assertLateDataMerged(read(engine, "line/temp"));
        }
        try (StorageEngine engine = StorageEngine.open(dir, options().build())) {
            assertLateDataMerged(read(engine, "line/temp"));
            try (Stream<Path> files = Files.list(dir.resolve("blocks"))) {
                assertEquals(1, files.count(), "merged inputs were deleted");
            }
        }
    }

    private static void assertLateDataMerged(List<double[]> samples) {
        assertEquals(3601, samples.size());
        for (int i = 0; i < 3600; i++) {
            assertEquals(i % 10 == 0 ? -i : i, samples.get(i)[1], "second " + i);
        }
        assertEquals(7200, samples.get(3600)[1]);
    }

    @Test
    void sameLevelRunsAtTheNewestEndAreMerged() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options().mergeFanIn(3).build())) {
            WriteBatch batch = new WriteBatch();
            for (int flush = 0; flush < 9; flush++) {
                batch.clear();
                for (int i = 0; i < 100; i++) {
                    batch.addLong("line/count", T0 + (flush * 100 + i) * SECOND, flush * 100 + i);
                }
                engine.write(batch);
                engine.compactNow();
            }
            List<BlockFile> blocks = engine.blocks().all();
            assertEquals(1, blocks.size(), "9 flushes of fan-in 3 fold into one level-2 block");
            assertEquals(2, blocks.get(0).level());
            List<double[]> samples = read(engine, "line/count");
            assertEquals(900, samples.size());
            for (int i = 0; i < 900; i++) {
                assertEquals(i, Double.doubleToRawLongBits(samples.get(i)[1]));
            }
        }
    }

    @Test
    void retentionDropsOldPartitionsPerNamespacePrefix() throws IOException {
        StorageOptions options = options().retention(new RetentionRule("short/#", Duration.ofDays(2)))
            .retention(new RetentionRule("long/#", Duration.ofDays(30))).build();
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            WriteBatch batch = new WriteBatch();
            for (int day = 0; day < 5; day++) {
                batch.addDouble("short/a", T0 + day * DAY, day).addDouble("long/a", T0 + day * DAY, day)
                    .addDouble("forever/a", T0 + day * DAY, day);
            }
            engine.write(batch);
            clock.set((T0 + 5 * DAY) / 1_000_000L);   // day 5 begins: days 0..2 of "short" are past 2 days
            engine.compactNow();
            assertEquals(List.of(3.0, 4.0), values(read(engine, "short/a")));
            assertEquals(5, read(engine, "long/a").size());
            assertEquals(5, read(engine, "forever/a").size());
            clock.set((T0 + 40 * DAY) / 1_000_000L);
            engine.compactNow();
            assertEquals(0, read(engine, "short/a").size());
            assertEquals(0, read(engine, "long/a").size());
            assertEquals(5, read(engine, "forever/a").size());
        }
    }

    private static List<Double> values(List<double[]> samples) {
        List<Double> values = new ArrayList<>();
        samples.forEach(s -> values.add(s[1]));
        return values;
    }

    @Test
    void walCyclesBehindTheCheckpointAreDeleted() throws IOException {
        StorageOptions options = options().walRollPeriod(WalRollPeriod.FIVE_MINUTES).build();
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            WriteBatch batch = new WriteBatch();
            for (int cycle = 0; cycle < 4; cycle++) {
                batch.clear();
                batch.addDouble("line/temp", T0 + cycle * 600 * SECOND, cycle);
                engine.write(batch);
                clock.addAndGet(6 * 60 * 1000);   // the next WAL cycle
            }
            assertTrue(cycleFiles() >= 4, "one cycle file per five minutes written");
            batch.clear();
            batch.addDouble("line/temp", T0 + 10_000 * SECOND, 99);
            engine.write(batch);
            engine.compactNow();
            assertTrue(cycleFiles() <= 1, "cycles behind the checkpoint deleted, " + cycleFiles() + " left");
            assertEquals(5, read(engine, "line/temp").size());
        }
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            assertEquals(5, read(engine, "line/temp").size());
        }
    }

    private long cycleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("wal"))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).count();
        }
    }
}
