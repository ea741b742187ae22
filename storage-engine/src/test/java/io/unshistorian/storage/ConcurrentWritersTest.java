package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writer threads, shared and own series, readers and compaction all at once. */
class ConcurrentWritersTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final int THREADS = 4;
    private static final int BATCHES = 200;
    private static final int PER_BATCH = 50;

    @TempDir
    Path dir;

    @Test
    void everySampleOfEveryWriterIsStoredOnce() throws Exception {
        StorageOptions options = StorageOptions.builder().compactionThresholdBytes(64 << 10)
            .compactionInterval(Duration.ofMillis(5)).mergeFanIn(2).build();
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < THREADS; w++) {
                    int writer = w;
                    futures.add(pool.submit(() -> {
                        WriteBatch batch = new WriteBatch();
                        for (int b = 0; b < BATCHES; b++) {
                            batch.clear();
                            for (int i = 0; i < PER_BATCH; i++) {
                                long t = T0 + ((long) (b * PER_BATCH + i) * THREADS + writer) * 1_000_000L;
                                batch.addLong("shared/counter", t, writer);
                                batch.addLong("own/w" + writer, t, b * PER_BATCH + i);
                            }
                            engine.write(batch);
                        }
                        return null;
                    }));
                }
                futures.add(pool.submit(() -> {
                    // While writers and compaction run, every read is in time order, one sample per
                    // timestamp, only values the writers wrote, and never fewer than the read before.
                    long previousCount = 0;
                    for (int r = 0; r < 200; r++) {
                        long[] state = {0, Long.MIN_VALUE};
                        engine.read("shared/counter", T0, T0 + Long.MAX_VALUE / 4, (t, v, q, s) -> {
                            assertTrue(t > state[1], "time order without duplicates, read " + state[0]);
                            assertTrue(v >= 0 && v < THREADS, "a value some writer wrote: " + v);
                            state[1] = t;
                            state[0]++;
                        });
                        assertTrue(state[0] >= previousCount, "a later read lost samples: " + state[0] + " after "
                            + previousCount);
                        previousCount = state[0];
                    }
                    // A conflicting type from another thread is refused whole, naming the type.
                    while (engine.find("shared/counter") == null) {
                        Thread.onSpinWait();
                    }
                    WriteBatch wrong = new WriteBatch().addDouble("shared/counter", T0 - 1, 1.5);
                    BatchRejectedException refused = assertThrows(BatchRejectedException.class,
                        () -> engine.write(wrong));
                    assertEquals(BatchRejectedException.Kind.INVALID_SAMPLE, refused.kind());
                    assertTrue(refused.reason().contains("type mismatch"), refused.getMessage());
                    return null;
                }));
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long[] count = {0};
            engine.read("shared/counter", Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> count[0]++);
            assertEquals((long) THREADS * BATCHES * PER_BATCH, count[0], "the refused sample at T0 - 1 is not there");
            for (int w = 0; w < THREADS; w++) {
                long[] own = {0, -1};
                engine.read("own/w" + w, Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> {
                    assertEquals(own[1] + 1, v, "values in time order without gaps");
                    own[1] = v;
                    own[0]++;
                });
                assertEquals((long) BATCHES * PER_BATCH, own[0]);
            }
        }
    }
}
