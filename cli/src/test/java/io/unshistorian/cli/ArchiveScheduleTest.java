package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --archive-to}: the archive runs in the background, and again on schedule; off without a root. */
class ArchiveScheduleTest {
    @TempDir
    Path dir;

    @Test
    void archivesColdDaysInTheBackgroundAndAgainLater() throws Exception {
        try (Historian historian = Historian.open(dir.resolve("data"), StorageOptions.builder()
            .backgroundCompaction(false).build())) {
            assertNull(new ArchiveSchedule().start(historian, new Properties()), "no --archive-to: no schedule");
            historian.write(new WriteBatch().addDouble("acme/dallas/line1/temp", 1_767_225_600_000_000_000L, 21.5));
            historian.compactNow();
            ArchiveSchedule schedule = new ArchiveSchedule();
            schedule.root = dir.resolve("archive");
            schedule.every = "1s";
            ScheduledExecutorService running = schedule.start(historian, new Properties());
            try {
                Path day = dir.resolve("archive/samples/level1=acme/level2=dallas/date=2026-01-01/part-0.parquet");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Files.exists(day) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(Files.exists(day), "the cold day was archived in the background");
                historian.write(new WriteBatch().addDouble("acme/houston/line2/temp", 1_767_225_600_000_000_000L, 3));
                historian.compactNow();   // a late sample for the archived day: the next run exports it again
                Path other = dir.resolve("archive/samples/level1=acme/level2=houston/date=2026-01-01/part-0.parquet");
                while (!Files.exists(other) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(Files.exists(other), "the next scheduled run exported the changed day");
            } finally {
                running.shutdownNow();
                running.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
    }
}
