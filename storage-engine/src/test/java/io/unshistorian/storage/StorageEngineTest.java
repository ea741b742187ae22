package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageEngineTest {
    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private static StorageOptions manual() {
        return StorageOptions.builder().backgroundCompaction(false).build();
    }

    static List<long[]> readAll(StorageEngine engine, String path) {
        List<long[]> out = new ArrayList<>();
        engine.read(path, Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> out.add(new long[] {t, v, q}));
        return out;
    }

    @Test
    void writeIsVisibleAtOnceAndSurvivesReopenAndCompaction() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, manual())) {
            WriteBatch batch = new WriteBatch();
            for (int i = 0; i < 100; i++) {
                batch.addDouble("acme/site/line/temp", T0 + i * SECOND, 20 + i);
            }
            engine.write(batch);
            assertEquals(100, readAll(engine, "acme/site/line/temp").size());
            engine.compactNow();
            assertEquals(100, readAll(engine, "acme/site/line/temp").size());
            batch.clear();
            batch.addDouble("acme/site/line/temp", T0 + 5 * SECOND, -1.0);
            engine.write(batch);
            List<long[]> samples = readAll(engine, "acme/site/line/temp");
            assertEquals(100, samples.size());
            assertEquals(-1.0, Double.longBitsToDouble(samples.get(5)[1]));
        }
        try (StorageEngine engine = StorageEngine.open(dir, manual())) {
            List<long[]> samples = readAll(engine, "acme/site/line/temp");
            assertEquals(100, samples.size());
            assertEquals(-1.0, Double.longBitsToDouble(samples.get(5)[1]));
            assertEquals(21.0, Double.longBitsToDouble(samples.get(1)[1]));
        }
    }

    @Test
    void walReplayRebuildsTheHeadWithoutCompaction() throws IOException {
        StorageOptions noCompaction = StorageOptions.builder().backgroundCompaction(false).compactOnClose(false).build();
        try (StorageEngine engine = StorageEngine.open(dir, noCompaction)) {
            WriteBatch batch = new WriteBatch();
            batch.addLong("a/counter", T0, 1).addLong("a/counter", T0 + SECOND, 2).addString("a/state", T0, "RUN");
            batch.addBoolean("a/on", T0, true);
            engine.write(batch);
        }
        try (StorageEngine engine = StorageEngine.open(dir, noCompaction)) {
            assertEquals(2, readAll(engine, "a/counter").size());
            List<String> states = new ArrayList<>();
            engine.read("a/state", T0, T0 + 1, (t, v, q, s) -> states.add(s));
            assertEquals(List.of("RUN"), states);
            assertEquals(1, readAll(engine, "a/on").get(0)[1]);
        }
    }

    @Test
    void badBatchesAreRejectedWholeNamingTheSample() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, manual())) {
            WriteBatch batch = new WriteBatch();
            batch.addDouble("a/b", T0, 1).addDouble("a/+/c", T0, 2);
            BatchRejectedException e = assertThrows(BatchRejectedException.class, () -> engine.write(batch));
            assertEquals(1, e.sampleIndex());
            assertTrue(e.getMessage().contains("wildcard '+'"), e.getMessage());
            assertFalse(engine.read("a/b", T0, T0 + 1, (t, v, q, s) -> { }), "nothing of the batch was stored");

            batch.clear();
            batch.addDouble("a/b", T0, 1);
            engine.write(batch);
            batch.clear();
            batch.addDouble("a/x", T0, 1).addLong("a/b", T0 + 1, 5);
            e = assertThrows(BatchRejectedException.class, () -> engine.write(batch));
            assertTrue(e.getMessage().contains("type mismatch"), e.getMessage());
            assertEquals(null, engine.find("a/x"));
        }
    }

    @Test
    void aDirectoryKeepsThePartitionWidthItWasCreatedWith() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, manual())) {
            engine.write(new WriteBatch().addDouble("a/b", T0, 1));
        }
        StorageOptions other = StorageOptions.builder().partitionWidth(java.time.Duration.ofHours(1)).build();
        IOException e = assertThrows(IOException.class, () -> StorageEngine.open(dir, other));
        assertTrue(e.getMessage().contains("partition width (seconds) 86400"), e.getMessage());
        try (StorageEngine engine = StorageEngine.open(dir, manual())) {
            assertEquals(1, readAll(engine, "a/b").size(), "a refused open leaves the directory usable");
        }
    }
}
