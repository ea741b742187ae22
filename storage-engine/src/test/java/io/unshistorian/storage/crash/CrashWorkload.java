package io.unshistorian.storage.crash;

import java.time.Duration;

import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.wal.WalRollPeriod;
import io.unshistorian.storage.write.WriteBatch;

/**
 * The deterministic workload of the crash test: batch {@code b} holds {@link #SAMPLES_PER_BATCH}
 * samples spread over {@link #SERIES} series, each at a timestamp no other batch uses, with a
 * value derived from (batch, sample). Parent and child compute the same batches.
 */
final class CrashWorkload {
    static final int SERIES = 8;
    static final int SAMPLES_PER_BATCH = 40;
    static final long T0 = 1_767_225_600_000_000_000L;
    static final long STEP = 1_000_000L;

    private CrashWorkload() {
    }

    /** The writer's settings: compaction and merges all the time; the directory's fixed settings. */
    static StorageOptions.Builder options() {
        return StorageOptions.builder()
            .fsyncPolicy(FsyncPolicy.NONE)
            .walRollPeriod(WalRollPeriod.FIVE_MINUTES)
            .compactionThresholdBytes(32 << 10)
            .compactionInterval(Duration.ofMillis(20))
            .mergeFanIn(2)
            .coldMergeDelay(Duration.ZERO)
            .partitionWidth(Duration.ofHours(1));
    }

    static String path(int series) {
        return "crash/site/line" + (series % 2) + "/tag" + series;
    }

    /** Timestamp of sample {@code j} of batch {@code b}; spans several days so partitions roll. */
    static long timestamp(long batch, int sample) {
        return T0 + (batch * SAMPLES_PER_BATCH + sample) * STEP * 1000;
    }

    static double value(long batch, int sample) {
        return batch + sample / 1000.0;
    }

    static void fill(WriteBatch out, long batch) {
        out.clear();
        for (int j = 0; j < SAMPLES_PER_BATCH; j++) {
            out.addDouble(path(j % SERIES), timestamp(batch, j), value(batch, j));
        }
    }

    /** Batch and sample of a timestamp, or null when no batch would write it. */
    static long[] locate(long timestamp) {
        long offset = timestamp - T0;
        if (offset < 0 || offset % (STEP * 1000) != 0) {
            return null;
        }
        long index = offset / (STEP * 1000);
        return new long[] {index / SAMPLES_PER_BATCH, index % SAMPLES_PER_BATCH};
    }
}
