package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;

import io.unshistorian.storage.file.FileSync;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.storage.write.WritesRefusedException;

import io.unshistorian.testkit.Eventually;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures are states: a failed WAL fsync refuses writes until the directory is reopened (and says
 * so in the health), a failing compaction degrades the engine, is retried with backoff and heals
 * once the disk works again. The faults are injected through the engine's one fsync seam.
 */
class EngineHealthTest {
    private static final long T0 = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    /** Fails every fsync of a file or directory whose path contains {@link #failing}, while set. */
    static final class FailingDisk implements FileSync {
        volatile String failing;

        @Override
        public void force(FileChannel channel, Path file, boolean metadata) throws IOException {
            check(file);
            DEVICE.force(channel, file, metadata);
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            check(directory);
            DEVICE.forceDirectory(directory);
        }

        private void check(Path path) throws IOException {
            String part = failing;
            if (part != null && path.toString().contains(part)) {
                throw new IOException("injected I/O error on fsync of " + path);
            }
        }
    }

    private static WriteBatch batch(int from, int count) {
        WriteBatch batch = new WriteBatch();
        for (int i = from; i < from + count; i++) {
            batch.addLong("plant/line1/count", T0 + i * 1_000_000_000L, i);
        }
        return batch;
    }

    private static long count(StorageEngine engine) {
        long[] n = {0};
        engine.read("plant/line1/count", Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> n[0]++);
        return n[0];
    }


    @Test
    void aFailedIntervalFsyncRefusesWritesUntilReopened() throws Exception {
        FailingDisk disk = new FailingDisk();
        StorageOptions options = StorageOptions.builder().fsyncPolicy(FsyncPolicy.INTERVAL)
            .fsyncInterval(Duration.ofMillis(20)).backgroundCompaction(false).fileSync(disk).build();
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            engine.write(batch(0, 100));
            assertTrue(engine.health().isHealthy());
            disk.failing = "wal";
            Eventually.await(() -> engine.health().state() == StorageHealth.State.WRITES_REFUSED, "writes refused");
            WritesRefusedException refused = assertThrows(WritesRefusedException.class, () -> engine.write(batch(100, 10)));
            assertTrue(refused.getMessage().contains("WAL fsync failed"), refused.getMessage());
            assertTrue(engine.health().detail().contains("restart"), engine.health().detail());
            assertEquals(100, count(engine), "reads keep working; the refused batch is not there");
            assertEquals(StorageHealth.State.WRITES_REFUSED, engine.status().health().state());
            disk.failing = null;   // the disk works again: still refused, the page cache cannot be trusted
            assertThrows(WritesRefusedException.class, () -> engine.write(batch(100, 10)));
        }
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            assertTrue(engine.health().isHealthy(), "reopening clears the refusal");
            engine.write(batch(100, 10));
            assertEquals(110, count(engine));
        }
    }

    @Test
    void aFailedEveryBatchFsyncIsNotAcknowledged() throws Exception {
        FailingDisk disk = new FailingDisk();
        StorageOptions options = StorageOptions.builder().fsyncPolicy(FsyncPolicy.EVERY_BATCH)
            .backgroundCompaction(false).fileSync(disk).build();
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            engine.write(batch(0, 10));
            disk.failing = "wal";
            assertThrows(WritesRefusedException.class, () -> engine.write(batch(10, 10)));
            assertEquals(StorageHealth.State.WRITES_REFUSED, engine.health().state());
            disk.failing = null;
            assertThrows(WritesRefusedException.class, () -> engine.write(batch(20, 10)));
        }
    }

    @Test
    void aFailingCompactionDegradesRetriesAndHeals() throws Exception {
        FailingDisk disk = new FailingDisk();
        StorageOptions options = StorageOptions.builder().compactionThresholdBytes(1)
            .compactionInterval(Duration.ofMillis(20)).fileSync(disk).build();
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            disk.failing = "blocks";
            engine.write(batch(0, 1000));
            Eventually.await(() -> engine.health().state() == StorageHealth.State.DEGRADED, "compaction failure surfaced");
            assertTrue(engine.health().detail().contains("compaction failed"), engine.health().detail());
            assertTrue(engine.health().detail().contains("injected I/O error"), engine.health().detail());
            engine.write(batch(1000, 10));   // still accepting writes: the head holds them
            assertEquals(0, engine.status().blockFiles());
            disk.failing = null;
            Eventually.await(() -> engine.health().isHealthy(), "a retried round to succeed");
            Eventually.await(() -> engine.status().blockFiles() > 0, "the head flushed to blocks");
            assertEquals(1010, count(engine));
        }
    }
}
