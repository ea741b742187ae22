package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the data directory on a small tmpfs the test mounts (root is needed; the
 * test says so and is skipped elsewhere). Writes fill it during ingest, compaction and WAL rolls.
 * Required: a clear, retryable refusal (never a crash of the mapped WAL write), nothing acknowledged
 * lost, reads working throughout, and writes resuming by themselves once space is freed.
 */
class DiskFullTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final int PER_BATCH = 10_000;

    @TempDir
    Path dir;

    private Path mount;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = Files.createDirectories(dir.resolve("disk"));
        Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=80m", "tmpfs", mount.toString())
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        boolean mounted = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        if (!mounted) {
            mount = null;
        }
        Assumptions.assumeTrue(mounted, "mounting a tmpfs needs root (CAP_SYS_ADMIN): " + output.strip());
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static WriteBatch batch(int index) {
        WriteBatch batch = new WriteBatch(PER_BATCH);
        for (int i = 0; i < PER_BATCH; i++) {
            batch.addDouble("plant/line" + (i % 50) + "/temperature", T0 + ((long) index * PER_BATCH + i) * 1_000_000L,
                20 + (i % 997) * 0.01);
        }
        return batch;
    }

    private static long count(StorageEngine engine) {
        long[] n = {0};
        for (int line = 0; line < 50; line++) {
            engine.read("plant/line" + line + "/temperature", Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> n[0]++);
        }
        return n[0];
    }

    @Test
    void aFullDiskRefusesWritesClearlyLosesNothingAndWritesResumeWhenSpaceReturns() throws Exception {
        Path data = mount.resolve("data");
        Path filler = mount.resolve("filler");
        StorageOptions options = StorageOptions.builder().compactionThresholdBytes(4 << 20).headMaxBytes(48L << 20)
            .compactionInterval(Duration.ofMillis(200)).writeTimeout(Duration.ofSeconds(2)).build();
        long acknowledged = 0;
        int next = 0;
        int refusals = 0;
        try (StorageEngine engine = StorageEngine.open(data, options)) {
            try (RandomAccessFile file = new RandomAccessFile(filler.toFile(), "rw")) {
                file.setLength(0);
            }
            fill(filler, 40L << 20);   // leaves the engine some 40 MiB
            while (next < 3000 && refusals < 20) {
                try {
                    engine.write(batch(next));
                    acknowledged += PER_BATCH;
                    next++;
                } catch (BatchRejectedException e) {
                    assertTrue(e.kind().retryable(), "a full disk is a retryable refusal: " + e.getMessage());
                    refusals++;
                    assertEquals(acknowledged, count(engine), "reads keep working and show every acknowledged sample");
                }
            }
            assertTrue(refusals > 0, "the disk filled up after " + next + " batches");
            System.out.println("DiskFullTest: " + next + " batches acknowledged before the disk filled, " + refusals
                + " refusals, health " + engine.health());
            assertNotEquals(StorageHealth.State.WRITES_REFUSED, engine.health().state(),
                "no mapped write faulted: " + engine.health());
            Files.delete(filler);   // space returns
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int resumed = 0;
            while (resumed < 20 && System.nanoTime() < deadline) {
                try {
                    engine.write(batch(next));
                    acknowledged += PER_BATCH;
                    next++;
                    resumed++;
                } catch (BatchRejectedException e) {
                    assertTrue(e.kind().retryable(), e.getMessage());
                    Thread.sleep(100);
                }
            }
            assertEquals(20, resumed, "writes resume by themselves once space is freed");
            assertEquals(acknowledged, count(engine));
        }
        try (StorageEngine engine = StorageEngine.open(data, options)) {
            assertEquals(acknowledged, count(engine), "every acknowledged sample is there after a restart");
        }
        fill(filler, 1L << 20);
        try (StorageEngine engine = StorageEngine.open(data, options)) {
            assertEquals(acknowledged, count(engine), "a directory on a full disk opens, for reads");
            BatchRejectedException refused = assertThrows(BatchRejectedException.class, () -> engine.write(batch(0)));
            assertEquals(BatchRejectedException.Kind.DISK_FULL, refused.kind(), refused.getMessage());
        }
    }

    /** Takes {@code keepFree} short of all free space of the tmpfs with a real file. */
    private static void fill(Path filler, long keepFree) throws IOException {
        long usable = Files.getFileStore(filler.getParent()).getUsableSpace();
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(filler)) {
            for (long written = 0; written + block.length <= usable - keepFree; written += block.length) {
                out.write(block);
            }
        }
    }
}
