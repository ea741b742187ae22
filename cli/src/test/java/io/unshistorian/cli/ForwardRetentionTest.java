package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.ChangeFeed;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forwarding edge's directory opened by any command keeps the WAL its forwarder has not sent:
 * compactions then (an import, a repair, the compaction on close) delete none of it.
 */
class ForwardRetentionTest {
    @TempDir
    Path dir;

    @Test
    void anOfflineCommandKeepsWhatTheForwarderHasNotSent() throws Exception {
        AtomicLong clock = new AtomicLong(1_767_225_600_000L);
        StorageOptions.Builder options = StorageOptions.builder().backgroundCompaction(false).clockMillis(clock::get)
            .fsyncPolicy(FsyncPolicy.EVERY_BATCH);
        Path data = dir.resolve("edge");
        Files.createDirectories(data.resolve("forward"));
        Files.writeString(data.resolve("forward").resolve("central.state"),
            "version=1\nincarnation=test\nacknowledged=-1\nsamples=0\n");
        try (Historian edge = DataDirectories.open(data, options)) {
            for (int b = 0; b < 5; b++) {
                edge.write(new WriteBatch().addDouble("line1/temp", 1_767_225_600_000_000_000L + b, b));
                clock.addAndGet(7 * 60_000L);   // a new WAL cycle file per batch
                edge.compactNow();
            }
        }
        try (Historian edge = DataDirectories.open(data, options); ChangeFeed feed = edge.changesAfter(-1)) {
            assertEquals(5, feed.poll((sequence, batch) -> { }), "every unsent batch is still in the WAL");
        }
    }
}
