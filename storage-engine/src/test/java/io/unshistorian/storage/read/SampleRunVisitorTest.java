package io.unshistorian.storage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run visitor sees exactly the samples a plain visitor sees, in the same order, on random data. */
class SampleRunVisitorTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long MINUTE = 60_000_000_000L;
    private static final String[] PATHS = {"r/double", "r/long", "r/bool", "r/string"};

    @TempDir
    Path dir;

    /** Collects samples as text, and counts how many came in runs. */
    private static final class Collecting implements SampleRunVisitor {
        final List<String> samples = new ArrayList<>();
        long inRuns;

        @Override
        public void sample(long timestampNanos, long valueBits, int quality, String text) {
            samples.add(timestampNanos + "|" + valueBits + "|" + quality + "|" + text);
        }

        @Override
        public void samples(SampleColumns columns, int from, int to) {
            inRuns += to - from;
            SampleRunVisitor.oneByOne(columns, from, to, this);
        }
    }

    @Test
    void runsAndSingleSamplesMatchAPlainReadOnRandomData() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).build();
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            for (int round = 0; round < 3; round++) {   // compacted rounds, late rewrites, then a head on top
                WriteBatch batch = new WriteBatch();
                for (int i = 0; i < 5_000; i++) {
                    // a minute apart over 3.5 days (several partitions), then late rewrites (equal
                    // timestamps: the last write wins) and head samples in the first day and after the
                    // end, so the middle days' chunks stay exclusive and come as runs
                    if (round > 0 && random.nextInt(50) != 0) {
                        continue;
                    }
                    long late = random.nextBoolean() ? random.nextInt(1_000) : 5_000 + random.nextInt(1_000);
                    long t = T0 + (round == 0 ? i : late) * MINUTE;
                    batch.addDouble(PATHS[0], t, pick(random));
                    batch.addLong(PATHS[1], t, random.nextLong());
                    batch.addBoolean(PATHS[2], t, random.nextBoolean());
                    batch.addString(PATHS[3], t, "s" + random.nextInt(7));
                }
                engine.write(batch);
                if (round < 2) {
                    engine.compactNow();
                }
            }
            long runs = 0;
            for (int check = 0; check < 40; check++) {
                String path = PATHS[check % PATHS.length];
                long start = check < 4 ? Long.MIN_VALUE + 1 : T0 + random.nextInt(7_000) * MINUTE + random.nextInt(2);
                long end = check < 4 ? Long.MAX_VALUE : start + random.nextInt(3_000) * MINUTE;
                List<String> plain = new ArrayList<>();
                engine.read(path, start, end, (t, v, q, s) -> plain.add(t + "|" + v + "|" + q + "|" + s));
                Collecting bulk = new Collecting();
                engine.read(path, start, end, bulk);
                assertEquals(plain, bulk.samples, "seed=" + seed + " path=" + path + " start=" + start);
                runs += bulk.inRuns;
            }
            assertTrue(runs > 0, "no chunk came as a run, seed=" + seed);
        }
    }

    private static double pick(Random random) {
        double[] special = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        return random.nextInt(10) == 0 ? special[random.nextInt(special.length)] : random.nextGaussian();
    }
}
