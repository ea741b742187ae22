package io.unshistorian.storage.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.block.BlockDescriptor;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.storage.series.Series;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by the first release (catalog, block file, checkpoint, settings; made
 * by {@link FormatFixtures}) still opens and reads the same.
 */
class FormatCompatibilityTest {
    private static final String[] FILES = {"store.properties", "catalog.log", "checkpoint",
        "blocks/block-00000000000000000000.blk"};

    private static final String[] WAL_FILES = {"store.properties", "catalog.log", "wal/20260102-0000V.cq4"};

    @TempDir
    Path dir;

    /**
     * A directory whose WAL holds version 1 records (written before records had sequences and before
     * WAL sessions), left uncompacted: its records replay, new writes continue after them, and once
     * compacted the old cycle file goes. Made by commit ec219e2's engine with {@code compactOnClose}
     * off, two batches, the clock at 2026-01-02T00:00Z; the cycle file is cut after its last record
     * (the scanner needs no more).
     */
    @Test
    void version1WalRecordsStillReplay() throws IOException {
        Files.createDirectories(dir.resolve("wal"));
        copyFixture("/format-v1-wal/data/", WAL_FILES);
        List<String> expected = List.of("temperature 0 20.5 0", "temperature 1 20.75 0", "temperature 2 NaN 80000000",
            "count 0 41 0", "count 1 42 0", "running 0 1 0", "state 0 RUNNING 0", "state 1 IDLE 0");
        StorageOptions uncompacted = StorageOptions.builder().backgroundCompaction(false).compactOnClose(false)
            .clockMillis(() -> FormatFixtures.CLOCK_MILLIS).build();
        try (StorageEngine engine = StorageEngine.open(dir, uncompacted)) {
            assertTrue(engine.problems().isEmpty(), engine.problems().toString());
            assertEquals(expected, samples(engine));
            engine.write(new WriteBatch().addLong("fixture/line1/count", FormatFixtures.T0 + 2 * FormatFixtures.SECOND, 43));
        }
        try (StorageEngine engine = StorageEngine.open(dir, FormatFixtures.options())) {
            assertTrue(engine.problems().isEmpty(), engine.problems().toString());
            List<String> more = new ArrayList<>(expected);
            more.add(5, "count 2 43 0");
            assertEquals(more, samples(engine));
        }
        assertFalse(Files.exists(dir.resolve(WAL_FILES[2])), "compacted, the version 1 cycle file is deleted");
    }

    private void copyFixture(String resourceDirectory, String... files) throws IOException {
        for (String file : files) {
            try (InputStream in = getClass().getResourceAsStream(resourceDirectory + file)) {
                if (in == null) {
                    throw new IOException("missing fixture " + resourceDirectory + file);
                }
                Files.copy(in, dir.resolve(file));
            }
        }
    }

    private static List<String> samples(StorageEngine engine) {
        List<String> samples = new ArrayList<>();
        for (String path : List.of("fixture/line1/temperature", "fixture/line1/count", "fixture/line1/running",
            "fixture/line1/state")) {
            engine.read(path, Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) ->
                samples.add(path.substring(14) + " " + (t - FormatFixtures.T0) / FormatFixtures.SECOND + " "
                    + (s != null ? s : path.endsWith("temperature") ? Double.toString(Double.longBitsToDouble(v))
                    : Long.toString(v)) + " " + Integer.toHexString(q)));
        }
        return samples;
    }

    @Test
    void version1DataDirectoryStillOpens() throws IOException {
        Files.createDirectories(dir.resolve("blocks"));
        copyFixture("/format-v1/data/", FILES);
        try (StorageEngine engine = StorageEngine.open(dir, FormatFixtures.options())) {
            assertTrue(engine.problems().isEmpty(), engine.problems().toString());
            Series temperature = engine.find("fixture/line1/temperature");
            assertEquals("degC", temperature.metadata().unit());
            assertEquals(Map.of("asset", "F-1"), temperature.metadata().tags());
            List<String> samples = new ArrayList<>();
            for (String path : List.of("fixture/line1/temperature", "fixture/line1/count", "fixture/line1/running",
                "fixture/line1/state")) {
                engine.read(path, Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) ->
                    samples.add(path.substring(14) + " " + (t - FormatFixtures.T0) / FormatFixtures.SECOND + " "
                        + (s != null ? s : path.endsWith("temperature") ? Double.toString(Double.longBitsToDouble(v))
                        : Long.toString(v)) + " " + Integer.toHexString(q)));
            }
            assertEquals(List.of("temperature 0 20.5 0", "temperature 1 20.75 0", "temperature 2 NaN 80000000",
                "count 0 41 0", "count 1 42 0", "running 0 1 0", "state 0 RUNNING 0", "state 1 IDLE 0"), samples);
        }
    }

    /**
     * A version 1 block merges with blocks of this version: a late sample lands beside it, a cold
     * merge then a tier merge rewrite both as one version 2 block (version 2 chunks), and every
     * sample reads the same.
     */
    @Test
    void version1BlocksMergeIntoVersion2Blocks() throws IOException {
        Files.createDirectories(dir.resolve("blocks"));
        copyFixture("/format-v1/data/", FILES);
        long later = FormatFixtures.CLOCK_MILLIS + Duration.ofDays(40).toMillis();
        StorageOptions cold = StorageOptions.builder().backgroundCompaction(false).clockMillis(() -> later).build();
        try (StorageEngine engine = StorageEngine.open(dir, cold)) {
            engine.write(new WriteBatch().addLong("fixture/line1/count", FormatFixtures.T0 + 2 * FormatFixtures.SECOND,
                43));
            engine.compactNow();   // flushes the late sample: two blocks in the partition
            assertEquals(2, blockFiles().size());
        }
        StorageOptions colder = StorageOptions.builder().backgroundCompaction(false)
            .clockMillis(() -> later + Duration.ofMinutes(11).toMillis()).build();
        try (StorageEngine engine = StorageEngine.open(dir, colder)) {
            engine.compactNow();
            List<Path> blocks = blockFiles();
            assertEquals(1, blocks.size());
            byte[] header = Files.readAllBytes(blocks.get(0));
            assertEquals(BlockDescriptor.VERSION, header[BlockDescriptor.VERSION_OFFSET]);
            List<String> expected = new ArrayList<>(List.of("temperature 0 20.5 0", "temperature 1 20.75 0",
                "temperature 2 NaN 80000000", "count 0 41 0", "count 1 42 0", "count 2 43 0", "running 0 1 0",
                "state 0 RUNNING 0", "state 1 IDLE 0"));
            assertEquals(expected, samples(engine));
            assertTrue(engine.problems().isEmpty(), engine.problems().toString());
        }
    }

    private List<Path> blockFiles() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("blocks"))) {
            return files.filter(file -> file.toString().endsWith(".blk")).toList();
        }
    }
}
