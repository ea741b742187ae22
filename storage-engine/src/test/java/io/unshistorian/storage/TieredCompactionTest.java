package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ChunkHeader;
import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiered compaction: the partitions of an ended, cold window merge into one block of the window; late
 * data goes into that block's partition, retention still cuts by day inside it, and every sample
 * reads back as written (checked against a plain map of what was written).
 */
class TieredCompactionTest {
    private static final long T0 = 1_767_225_600_000_000_000L;   // 2026-01-01T00:00Z
    private static final long MINUTE = 60_000_000_000L;
    private static final long DAY = 1440 * MINUTE;
    private static final long TIER = 32 * DAY;
    private static final int SERIES = 7;
    private static final int DAYS = 365;

    @TempDir
    Path dir;

    private final AtomicLong clockMillis = new AtomicLong((T0 + 400 * DAY) / 1_000_000L);
    private final List<TreeMap<Long, Double>> written = new ArrayList<>();

    private StorageOptions.Builder options() {
        return StorageOptions.builder().backgroundCompaction(false).clockMillis(clockMillis::get);
    }

    private static String path(int series) {
        return "acme/plant/meters/m" + series + "/energy_kwh";
    }

    /** A year of 15-minute samples of {@link #SERIES} meters, in batches of ten days, each batch compacted. */
    private void writeSparseYear(StorageEngine engine) throws IOException {
        SplittableRandom random = new SplittableRandom(16);
        double[] value = new double[SERIES];
        for (int s = 0; s < SERIES; s++) {
            written.add(new TreeMap<>());
        }
        for (int day = 0; day < DAYS; day += 10) {
            WriteBatch batch = new WriteBatch();
            for (long t = T0 + day * DAY; t < T0 + Math.min(DAYS, day + 10) * DAY; t += 15 * MINUTE) {
                for (int s = 0; s < SERIES; s++) {
                    value[s] = Math.round((value[s] + random.nextDouble(0, 3)) * 10) / 10.0;
                    batch.addDouble(path(s), t, value[s]);
                    written.get(s).put(t, value[s]);
                }
            }
            engine.write(batch);
            engine.compactNow();
        }
    }

    /** Lets the clock pass the cold-merge delay and compacts: cold merges, then tiers. */
    private void coldCompaction(StorageEngine engine) throws IOException {
        clockMillis.addAndGet(Duration.ofMinutes(11).toMillis());
        engine.compactNow();
    }

    private void assertReadsAsWritten(StorageEngine engine) {
        assertReadsAsWritten(engine, SERIES);
    }

    private void assertReadsAsWritten(StorageEngine engine, int series) {
        for (int s = 0; s < series; s++) {
            Map<Long, Double> read = new TreeMap<>();
            engine.read(path(s), Long.MIN_VALUE + 1, Long.MAX_VALUE,
                (t, v, q, text) -> read.put(t, Double.longBitsToDouble(v)));
            assertEquals(written.get(s), read, path(s));
        }
    }

    @Test
    void aSparseYearBecomesAtMostThirteenFilesAndReadsTheSame() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options().build())) {
            writeSparseYear(engine);
            assertTrue(engine.blocks().all().size() >= DAYS, "one block per day partition before tiering");
            coldCompaction(engine);
            List<BlockFile> blocks = engine.blocks().all();
            assertTrue(blocks.size() <= 13, blocks.size() + " block files for a year");
            for (BlockFile block : blocks) {
                assertEquals(TIER, block.partitionWidth(), block.path().toString());
                assertEquals(0, block.partitionStart() % TIER, "windows are epoch-aligned");
            }
            assertReadsAsWritten(engine);
            assertLongChunksWithStatistics(engine);
        }
        try (StorageEngine engine = StorageEngine.open(dir, options().build())) {
            assertTrue(engine.problems().isEmpty(), engine.problems().toString());
            assertTrue(engine.blocks().all().size() <= 13);
            assertReadsAsWritten(engine);
        }
    }

    /** 96 samples a day: chunks of at least 1,024 samples (cut at an hour), each with statistics. */
    private static void assertLongChunksWithStatistics(StorageEngine engine) {
        Series meter = engine.find(path(0));
        ChunkDecoder decoder = new ChunkDecoder();
        int chunks = 0;
        for (BlockFile block : engine.blocks().all()) {
            int first = block.firstEntry(meter.id());
            for (int e = first; e >= 0 && e < block.entryCount() && block.seriesId(e) == meter.id(); e++) {
                ChunkHeader header = decoder.verify(block.buffer(), block.chunkOffset(e), block.chunkLength(e));
                boolean last = e + 1 == block.entryCount() || block.seriesId(e + 1) != meter.id();
                assertTrue(last || header.count() >= 1024, "chunk of " + header.count() + " samples");
                assertTrue(header.count() < 64 || header.hasStatistics(), "chunk without statistics");
                chunks++;
            }
        }
        assertTrue(chunks <= 13 * 3 + 1, chunks + " chunks for 35,040 samples");
    }

    @Test
    void settlingMergesImportedHistoryWithoutWaiting() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options().build())) {
            writeSparseYear(engine);
            engine.settle();   // the clock has not moved: only settling makes the partitions count as cold
            assertTrue(engine.blocks().all().size() <= 13, engine.blocks().all().size() + " block files");
            assertTrue(engine.blocks().all().stream().allMatch(BlockFile::entropyStage));
            assertReadsAsWritten(engine);
        }
    }

    @Test
    void lateDataLandsInTheWindowsPartitionAndTheLastWriteWins() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options().build())) {
            writeSparseYear(engine);
            coldCompaction(engine);
            int files = engine.blocks().all().size();
            long late = T0 + 100 * DAY;
            engine.write(new WriteBatch().addDouble(path(0), late, -1.5).addDouble(path(0), late + 7 * MINUTE, -2.5));
            written.get(0).put(late, -1.5);
            written.get(0).put(late + 7 * MINUTE, -2.5);
            engine.compactNow();
            assertEquals(files + 1, engine.blocks().all().size(), "a flushed block in the window's partition");
            BlockFile[] window = engine.blocks().partitionContaining(late);
            assertEquals(TIER, window[window.length - 1].partitionWidth());
            assertReadsAsWritten(engine);
            coldCompaction(engine);
            assertEquals(files, engine.blocks().all().size(), "the window merged whole again");
            assertReadsAsWritten(engine);
        }
    }

    @Test
    void windowsThatHaveNotEndedOrAreTooLargeStayInPartitions() throws IOException {
        clockMillis.set((T0 + DAYS * DAY + 5 * DAY) / 1_000_000L);   // the last window has not ended
        try (StorageEngine engine = StorageEngine.open(dir, options().build())) {
            writeSparseYear(engine);
            coldCompaction(engine);
            long now = clockMillis.get() * 1_000_000L;
            for (BlockFile block : engine.blocks().all()) {
                long windowEnd = Math.floorDiv(block.partitionStart(), TIER) * TIER + TIER;
                assertEquals(windowEnd <= now ? TIER : DAY, block.partitionWidth(), block.path().toString());
            }
            assertReadsAsWritten(engine);
        }
        written.clear();
        try (StorageEngine engine = StorageEngine.open(dir.resolve("small"), options().tierMaxBytes(1).build())) {
            writeSparseYear(engine);
            coldCompaction(engine);
            assertEquals(DAYS, engine.blocks().all().size(), "no window fits one byte: day partitions stay");
            assertReadsAsWritten(engine);
        }
    }

    @Test
    void retentionCutsATieredWindowByDay() throws IOException {
        StorageOptions withRetention = options().retention(new RetentionRule("acme/plant/meters/m0/#",
            Duration.ofDays(60))).build();
        try (StorageEngine engine = StorageEngine.open(dir, withRetention)) {
            writeSparseYear(engine);
            coldCompaction(engine);
            long cutoff = Math.floorDiv(clockMillis.get() * 1_000_000L - 60 * DAY, DAY) * DAY;
            written.get(0).headMap(cutoff).clear();
            assertReadsAsWritten(engine);
            assertTrue(engine.blocks().all().size() <= 13);
        }
    }

    @Test
    void tieringCanBeTurnedOff() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options().tierWidth(Duration.ofDays(1)).build())) {
            writeSparseYear(engine);
            coldCompaction(engine);
            assertEquals(DAYS, engine.blocks().all().size());
            assertReadsAsWritten(engine);
        }
    }

    /**
     * A partition's lone hot block (a flush, written without the entropy stage) is rewritten once when
     * cold, flagged, and then left alone: no rewrite every cold-merge delay.
     */
    @Test
    void aLoneHotBlockIsRewrittenOnceWhenCold() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options().tierWidth(Duration.ofDays(1)).build())) {
            WriteBatch batch = new WriteBatch();
            written.add(new TreeMap<>());
            for (int i = 0; i < 2000; i++) {
                batch.addDouble(path(0), T0 + i * MINUTE / 2, i % 17 * 0.5);
                written.get(0).put(T0 + i * MINUTE / 2, i % 17 * 0.5);
            }
            engine.write(batch);
            engine.compactNow();
            BlockFile flushed = engine.blocks().all().get(0);
            assertEquals(false, flushed.entropyStage());
            coldCompaction(engine);
            BlockFile cold = engine.blocks().all().get(0);
            assertTrue(cold.entropyStage(), "rewritten with the entropy stage");
            assertTrue(cold.generation() > flushed.generation());
            coldCompaction(engine);
            assertEquals(cold.generation(), engine.blocks().all().get(0).generation(), "left alone once cold");
            assertReadsAsWritten(engine, 1);
        }
    }
}
