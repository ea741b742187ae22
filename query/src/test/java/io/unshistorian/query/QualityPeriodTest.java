package io.unshistorian.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality periods of {@code plot} against the naive {@link ReferenceModel#qualityPeriods} on
 * random data and on shapes chosen to break it: all Bad, Good and Bad alternating faster than a
 * pixel, rewrites of a timestamp with another quality, a series with nothing in the range,
 * samples written newest first, NaN values, a single sample, a Bad sample only before the range,
 * and a STRING series (skipped). Also: the M4 points are the same with and without periods, and
 * every series has at most one period per pixel column, inside the range, in time order.
 */
class QualityPeriodTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long HOUR = 3600 * SECOND;
    private static final long DAY = 24 * HOUR;
    private static final int STALE = 0x8031_0000;   // Bad_NoCommunication: a Sparkplug stale mark
    private static final int[] QUALITIES = {Quality.GOOD, 0x00A8_0000, Quality.UNCERTAIN, Quality.BAD, STALE};

    @TempDir
    Path dir;

    @Test
    void periodsMatchTheReferenceOnRandomAndAdversarialData() throws IOException {
        long seed = SeededRandom.seed("QualityPeriodTest.periodsMatchTheReferenceOnRandomAndAdversarialData");
        SplittableRandom random = SeededRandom.random(seed);
        ReferenceModel model = new ReferenceModel();
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false)
            .chunkSpan(Duration.ofMinutes(30)).build();
        try (StorageEngine storage = StorageEngine.open(dir, options)) {
            for (int round = 0; round < 4; round++) {
                WriteBatch batch = new WriteBatch();
                writeRandom(batch, model, random, round);
                writeAdversarial(batch, model, round);
                storage.write(batch);
                if (round < 3) {
                    storage.compactNow();   // blocks, late blocks over them, and the head
                }
            }
            QueryEngine engine = new QueryEngine(storage);
            for (int trial = 0; trial < 80; trial++) {
                long start = T0 - HOUR + random.nextLong(0, 2 * DAY);
                long end = start + 1 + random.nextLong(0, trial % 4 == 0 ? 10 * SECOND : DAY);
                int pixels = 1 + random.nextInt(trial % 3 == 0 ? 5 : 600);
                QualityMode mode = random.nextBoolean() ? QualityMode.GOOD_ONLY : QualityMode.ALL;
                check(engine, model, start, end, pixels, mode, "trial " + trial + " " + SeededRandom.describe(seed));
            }
            // The whole written time at once, and ranges that start right on a sample.
            check(engine, model, T0 - DAY, T0 + 3 * DAY, 1000, QualityMode.ALL, "everything");
            check(engine, model, T0 + 10 * SECOND, T0 + HOUR, 7, QualityMode.GOOD_ONLY, "on a sample");
        }
    }

    private static void check(QueryEngine engine, ReferenceModel model, long start, long end, int pixels,
                              QualityMode mode, String context) {
        List<PlotPoint> points = new ArrayList<>();
        List<QualityPeriod> periods = new ArrayList<>();
        engine.plot(Selection.of("plant/#"), start, end, pixels, mode, points::add, periods::add);
        List<QualityPeriod> expected = new ArrayList<>();
        for (String path : model.series.keySet()) {
            expected.addAll(model.qualityPeriods(path, start, end, pixels));
        }
        String what = context + " [" + start + ", " + end + ") " + pixels + " px";
        assertEquals(firstDifference(expected, periods), "", what);
        List<PlotPoint> alone = new ArrayList<>();
        engine.plot(Selection.of("plant/#"), start, end, pixels, mode, alone::add);
        assertEquals(alone, points, what + ": periods change the M4 points");

        Map<String, Integer> perSeries = new HashMap<>();
        Map<String, Long> lastEnd = new HashMap<>();
        for (QualityPeriod period : periods) {
            assertTrue(start <= period.start() && period.start() < period.end() && period.end() <= end, what
                + ": " + period);
            assertTrue(period.start() >= lastEnd.getOrDefault(period.path(), Long.MIN_VALUE), what + ": overlaps "
                + period);
            assertTrue(!Quality.isGood(period.quality()), what + ": " + period);
            lastEnd.put(period.path(), period.end());
            assertTrue(perSeries.merge(period.path(), 1, Integer::sum) <= pixels, what + ": more periods than pixels");
        }
    }

    /** Where two lists of periods part, in a line (a full list of hundreds of periods is unreadable); "" when equal. */
    private static String firstDifference(List<QualityPeriod> expected, List<QualityPeriod> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            QualityPeriod want = i < expected.size() ? expected.get(i) : null;
            QualityPeriod got = i < actual.size() ? actual.get(i) : null;
            if (want == null || !want.equals(got)) {
                return "period " + i + " of " + expected.size() + " expected " + want + ", got " + got + " (of "
                    + actual.size() + ")";
            }
        }
        return "";
    }

    private static void writeRandom(WriteBatch batch, ReferenceModel model, SplittableRandom random, int round) {
        for (int i = 0; i < 400; i++) {
            long t = T0 + random.nextLong(0, DAY) / (10 * SECOND) * (10 * SECOND)
                + (random.nextInt(4) == 0 ? random.nextLong(1, SECOND) : 0);
            int quality = random.nextInt(4) == 0 ? QUALITIES[random.nextInt(QUALITIES.length)] : Quality.GOOD;
            double value = random.nextInt(20) == 0 ? Double.NaN : random.nextGaussian();
            put(batch, model, "plant/random", t, value, quality);
            if (round == 0 && i % 3 == 0) {
                long bits = random.nextLong(-5, 5);
                batch.addLong("plant/random_long", t, bits, quality);
                model.write("plant/random_long", ValueType.LONG, t, bits, quality);
            }
        }
    }

    /** Each round writes these again, some with other qualities: the last write of a timestamp wins. */
    private static void writeAdversarial(WriteBatch batch, ReferenceModel model, int round) {
        for (int i = 0; i < 50; i++) {
            put(batch, model, "plant/all_bad", T0 + i * 17 * 60 * SECOND, i, i % 2 == 0 ? Quality.BAD : STALE);
            // Good and Bad alternating every second: far more periods than pixels.
            put(batch, model, "plant/alternating", T0 + i * SECOND, i, i % 2 == 0 ? Quality.GOOD : Quality.BAD);
            // Newest first: written in reversed time order.
            long reversed = T0 + (49 - i) * 29 * 60 * SECOND;
            put(batch, model, "plant/reversed", reversed, i, i % 7 < 3 ? Quality.UNCERTAIN : Quality.GOOD);
            // The same timestamps each round, each time another quality: only the last write counts.
            put(batch, model, "plant/rewritten", T0 + i * HOUR / 2, Double.NaN, QUALITIES[(i + round) % QUALITIES.length]);
        }
        put(batch, model, "plant/one_sample", T0 + 5 * HOUR, 1, round == 3 ? STALE : Quality.GOOD);
        put(batch, model, "plant/later_only", T0 + 30 * DAY, 1, Quality.BAD);   // nothing in any trial's range
        put(batch, model, "plant/bad_before", T0 - 2 * DAY, 1, Quality.BAD);     // the period starts at the range
        put(batch, model, "plant/bad_before", T0 + 10 * SECOND, 2, Quality.GOOD);   // and ends here
        batch.addString("plant/state", T0 + round * HOUR, "STOPPED", Quality.BAD);
        model.write("plant/state", ValueType.STRING, T0 + round * HOUR, 0, Quality.BAD);
    }

    private static void put(WriteBatch batch, ReferenceModel model, String path, long t, double value, int quality) {
        batch.addDouble(path, t, value, quality);
        model.write(path, ValueType.DOUBLE, t, Double.doubleToRawLongBits(value), quality);
    }
}
