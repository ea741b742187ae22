package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.read.ReadDamage;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latest} answers from the last-value slots: checked against a map of everything written,
 * across late and equal-time writes, compaction, reopen (slots filled from heads and blocks),
 * retention dropping a series' newest samples, and readers racing a writer.
 */
class LatestValuesTest {
    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00Z
    private static final long SECOND = 1_000_000_000L;
    private static final long DAY = 86_400 * SECOND;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(T0 / 1_000_000L);

    /** The newest sample as written: time, value bits, quality, text. */
    private record Newest(long time, long bits, int quality, String text) {
    }

    @Test
    void latestIsTheLastWriteOfTheGreatestTimeAcrossCompactionAndReopen() throws IOException {
        long seed = SeededRandom.seed("LatestValuesTest.latestIsTheLastWriteOfTheGreatestTimeAcrossCompactionAndReopen");
        SplittableRandom random = SeededRandom.random(seed);
        Map<String, Newest> model = new TreeMap<>();
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).clockMillis(clock::get).build();
        for (int session = 0; session < 4; session++) {
            try (StorageEngine engine = StorageEngine.open(dir, options)) {
                String context = "session " + session + " " + SeededRandom.describe(seed);
                check(engine, model, context + " at open");
                for (int round = 0; round < 6; round++) {
                    write(engine, model, random, session * 6 + round);
                    if (random.nextInt(3) == 0) {
                        engine.compactNow();
                    }
                    check(engine, model, context + " round " + round);
                }
                if (session == 2) {
                    engine.settle();
                }
            }
        }
    }

    private static void write(StorageEngine engine, Map<String, Newest> model, SplittableRandom random, int round)
        throws IOException {
        WriteBatch batch = new WriteBatch();
        int samples = 1 + random.nextInt(400);
        for (int i = 0; i < samples; i++) {
            int s = random.nextInt(40 + round * 3);   // new series appear in later rounds and sessions
            String path = "plant/s" + s;
            // mostly recent, often the very same time again, sometimes far back (late data)
            long t = switch (random.nextInt(6)) {
                case 0 -> T0 + random.nextLong(0, 3 * DAY);
                case 1 -> model.containsKey(path) ? model.get(path).time() : T0;
                default -> T0 + round * 3_600 * SECOND + random.nextLong(0, 3_600) * SECOND;
            };
            int quality = random.nextInt(10) == 0 ? 0x8000_0000 : random.nextInt(10) == 0 ? 0x40 : 0;
            long bits;
            String text = null;
            switch (s % 4) {
                case 0 -> {
                    double v = random.nextInt(20) == 0 ? Double.NaN : random.nextGaussian();
                    batch.addDouble(path, t, v, quality);
                    bits = Double.doubleToRawLongBits(v);
                }
                case 1 -> {
                    bits = random.nextLong();
                    batch.addLong(path, t, bits, quality);
                }
                case 2 -> {
                    boolean b = random.nextBoolean();
                    batch.addBoolean(path, t, b, quality);
                    bits = b ? 1 : 0;
                }
                default -> {
                    text = "state-" + random.nextInt(1000);
                    batch.addString(path, t, text, quality);
                    bits = 0;
                }
            }
            Newest known = model.get(path);
            if (known == null || t >= known.time()) {
                model.put(path, new Newest(t, bits, quality, text));
            }
        }
        engine.write(batch);
    }

    private static void check(StorageEngine engine, Map<String, Newest> model, String context) {
        List<Series> series = new ArrayList<>();
        model.keySet().forEach(path -> series.add(engine.find(path)));
        List<String> seen = new ArrayList<>();
        ReadDamage damage = new ReadDamage();
        engine.latest(series, (one, t, v, q, text) -> {
            Newest expected = model.get(one.path());
            assertEquals(expected.time(), t, context + " " + one.path());
            if (one.type() == ValueType.STRING) {
                assertEquals(expected.text(), text, context + " " + one.path());
            } else {
                assertEquals(expected.bits(), v, context + " " + one.path());
                assertNull(text, context);
            }
            assertEquals(expected.quality(), q, context + " " + one.path());
            seen.add(one.path());
        }, damage);
        assertEquals(new ArrayList<>(model.keySet()), seen, context + ": every series once, in order");
        assertTrue(!damage.any(), context);
    }

    @Test
    void retentionThatDropsASeriesNewestSamplesEmptiesItsLatest() throws IOException {
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).clockMillis(clock::get)
            .retention(new RetentionRule("short/#", Duration.ofDays(2))).build();
        clock.set((T0 + DAY) / 1_000_000L);
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            engine.write(new WriteBatch().addDouble("short/a", T0, 1).addDouble("short/b", T0, 2)
                .addDouble("short/b", T0 + 4 * DAY, 3).addDouble("long/a", T0, 4));
            engine.compactNow();
            assertEquals(List.of("short/a=1.0", "short/b=3.0", "long/a=4.0"), latest(engine));
            clock.set((T0 + 4 * DAY) / 1_000_000L);   // day 0 is past two days old
            engine.compactNow();
            assertEquals(List.of("short/b=3.0", "long/a=4.0"), latest(engine));
            engine.write(new WriteBatch().addDouble("short/a", T0 + 4 * DAY, 5));
            assertEquals(List.of("short/a=5.0", "short/b=3.0", "long/a=4.0"), latest(engine));
        }
    }

    private static List<String> latest(StorageEngine engine) {
        List<Series> series = List.of(engine.find("short/a"), engine.find("short/b"), engine.find("long/a"));
        List<String> out = new ArrayList<>();
        engine.latest(series, (one, t, v, q, text) -> out.add(one.path() + "=" + Double.longBitsToDouble(v)),
            new ReadDamage());
        return out;
    }

    @Test
    void readersRacingAWriterNeverSeeATornOrOlderSample() throws Exception {
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).clockMillis(clock::get).build();
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            int seriesCount = 64;
            WriteBatch first = new WriteBatch();
            for (int s = 0; s < seriesCount; s++) {
                first.addLong("race/s" + s, T0, valueAt(T0), (int) (T0 & 0xFFFF));
            }
            engine.write(first);
            List<Series> series = new ArrayList<>();
            for (int s = 0; s < seriesCount; s++) {
                series.add(engine.find("race/s" + s));
            }
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<String> failure = new AtomicReference<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Thread reader = new Thread(() -> {
                    long[] newestSeen = new long[seriesCount];
                    while (!done.get() && failure.get() == null) {
                        engine.latest(series, (one, t, v, q, text) -> {
                            int s = Integer.parseInt(one.path().substring("race/s".length()));
                            if (v != valueAt(t) || q != (int) (t & 0xFFFF)) {
                                failure.compareAndSet(null, one.path() + ": value " + v + " quality " + q
                                    + " do not belong to time " + t);
                            } else if (t < newestSeen[s]) {
                                failure.compareAndSet(null, one.path() + ": went back from " + newestSeen[s] + " to " + t);
                            }
                            newestSeen[s] = t;
                        }, new ReadDamage());
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int round = 1; round <= 3_000 && failure.get() == null; round++) {
                WriteBatch batch = new WriteBatch();
                for (int s = 0; s < seriesCount; s++) {
                    long t = T0 + round * SECOND + s;
                    batch.addLong("race/s" + s, t, valueAt(t), (int) (t & 0xFFFF));
                    batch.addLong("race/s" + s, t - 10 * SECOND, 0, 0);   // late: never the latest
                }
                engine.write(batch);
                if (round % 1_000 == 0) {
                    engine.compactNow();
                }
            }
            done.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            assertNull(failure.get());
        }
    }

    private static long valueAt(long t) {
        return t * 31 + 7;
    }
}
