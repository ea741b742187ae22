package io.unshistorian.storage.memory;

import java.nio.file.Path;
import java.time.Duration;

import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

/**
 * Run in a JVM with a small heap by {@link BoundedMemoryTest}: writes one series as several late
 * blocks that all overlap one partition (5 M samples), reads it whole, merges it whole, and reads
 * it again; prints the counts. Reading or merging by collecting every overlapping sample in memory
 * needs several hundred MB and fails here; merging sorted streams needs a few chunks.
 */
public final class OverlappingSeriesMain {
    static final long T0 = 1_767_225_600_000_000_000L;
    static final int ROUNDS = 5;
    static final int PER_ROUND = 1_000_000;
    static final long STEP = 86_400_000_000_000L / PER_ROUND;   // one day of samples per round

    private OverlappingSeriesMain() {
    }

    public static void main(String[] args) throws Exception {
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).compactOnClose(false)
            .headMaxBytes(64L << 20).compactionThresholdBytes(32L << 20).mergeFanIn(16)
            .coldMergeDelay(Duration.ofDays(3650)).build();
        try (StorageEngine engine = StorageEngine.open(Path.of(args[0]), options)) {
            WriteBatch batch = new WriteBatch(100_000);
            for (int round = 0; round < ROUNDS; round++) {
                // Each round interleaves with the others (offset by its round number): every block overlaps every other.
                for (int i = 0; i < PER_ROUND; i++) {
                    batch.addDouble("plant/overlapping", T0 + i * STEP + round, round);
                    if (batch.size() == 100_000) {
                        engine.write(batch);
                        batch.clear();
                    }
                }
                engine.write(batch);
                batch.clear();
                engine.compactNow();   // one late block per round
            }
            System.out.println("read " + count(engine));
        }
        StorageOptions merging = StorageOptions.builder().backgroundCompaction(false).mergeFanIn(2)
            .headMaxBytes(64L << 20).compactionThresholdBytes(32L << 20).build();
        try (StorageEngine engine = StorageEngine.open(Path.of(args[0]), merging)) {
            engine.compactNow();   // merges the overlapping blocks, two by two
            System.out.println("after merge " + count(engine));
        }
    }

    private static long count(StorageEngine engine) {
        long[] n = {0};
        engine.read("plant/overlapping", Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> n[0]++);
        return n[0];
    }
}
