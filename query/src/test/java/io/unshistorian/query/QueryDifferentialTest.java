package io.unshistorian.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.write.WriteBatch;

import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operator against the naive {@link ReferenceModel} on seeded random data spread over
 * several partitions, compacted blocks, late blocks that overlap them, and the head; with
 * out-of-order writes, rewrites of the same timestamp, NaN and infinite values, and bad quality.
 * Counts, min/max and first/last must match exactly; sums, averages, stddev, TWA and linear
 * interpolation within a relative 1e-9 (summation order differs).
 */
class QueryDifferentialTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final String[] PATHS = {"plant/a/temperature", "plant/a/count", "plant/b/flow", "plant/b/sparse"};
    private static final ValueType[] TYPES = {ValueType.DOUBLE, ValueType.LONG, ValueType.DOUBLE, ValueType.DOUBLE};

    @TempDir
    Path dir;

    @Test
    void everyOperatorMatchesTheReference() throws IOException {
        long seed = SeededRandom.seed("QueryDifferentialTest.everyOperatorMatchesTheReference");
        SplittableRandom random = SeededRandom.random(seed);
        ReferenceModel model = new ReferenceModel();
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).chunkSpan(Duration.ofMinutes(30))
            .mergeFanIn(3).build();
        try (StorageEngine storage = StorageEngine.open(dir, options)) {
            for (int round = 0; round < 12; round++) {
                writeRound(storage, model, random, round);
                if (round % 3 != 2) {
                    storage.compactNow();   // rounds end up in blocks, late blocks and the head
                }
            }
            QueryEngine engine = new QueryEngine(storage);
            for (int trial = 0; trial < 60; trial++) {
                String context = "trial " + trial + " " + SeededRandom.describe(seed);
                long start = T0 - HOUR + random.nextLong(0, 3 * DAY);
                long end = start + 1 + random.nextLong(0, 2 * DAY);
                checkAggregates(engine, model, random, start, end, context);
                checkInterpolation(engine, model, random, start, end, context);
                checkPlot(engine, model, random, start, end, context);
                checkRaw(engine, model, random, start, end, context);
            }
            checkLatest(engine, model, SeededRandom.describe(seed));
            assertTrue(runSamples[0] > 0, "no raw read took the run path");
        }
    }

    private static void writeRound(StorageEngine storage, ReferenceModel model, SplittableRandom random, int round)
        throws IOException {
        WriteBatch batch = new WriteBatch();
        for (int s = 0; s < PATHS.length; s++) {
            int samples = s == 3 ? 3 : 200 + random.nextInt(300);
            for (int i = 0; i < samples; i++) {
                // Mostly this round's stretch of time, sometimes far back (late data and rewrites).
                long t = random.nextInt(8) == 0
                    ? T0 + random.nextLong(0, 3 * DAY) / SECOND * SECOND
                    : T0 + round * 6 * HOUR + random.nextLong(0, 6 * HOUR) / (10 * SECOND) * (10 * SECOND);
                if (random.nextInt(3) == 0) {
                    // Nanosecond jitter: at epoch-ns magnitudes a double resolves only 256 ns, so an
                    // operator that passes a timestamp through a double is caught here.
                    t += random.nextLong(1, SECOND);
                }
                int quality = random.nextInt(15) == 0 ? Quality.BAD : random.nextInt(30) == 0 ? 0x00A8_0000 : 0;
                long bits;
                if (TYPES[s] == ValueType.LONG) {
                    bits = random.nextLong(-1000, 1000);
                    batch.addLong(PATHS[s], t, bits, quality);
                } else {
                    int special = random.nextInt(60);
                    double v = special == 0 ? Double.NaN : special == 1 ? Double.POSITIVE_INFINITY
                        : special == 2 ? -0.0 : Math.round(random.nextGaussian() * 1000) / 100.0;
                    bits = Double.doubleToRawLongBits(v);
                    batch.addDouble(PATHS[s], t, v, quality);
                }
                model.write(PATHS[s], TYPES[s], t, bits, quality);
            }
        }
        storage.write(batch);
    }

    private static void checkAggregates(QueryEngine engine, ReferenceModel model, SplittableRandom random, long start,
                                        long end, String context) {
        long[] widths = {MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 6 * HOUR, DAY};
        AggregateRequest request = AggregateRequest.of(start, end, widths[random.nextInt(widths.length)]);
        if (random.nextBoolean()) {
            request = request.withOrigin(random.nextLong(0, HOUR));
        }
        if (random.nextBoolean()) {
            request = request.withQuality(QualityMode.ALL);
        }
        if (random.nextInt(3) == 0) {
            request = request.withStddev();
        }
        if (random.nextInt(3) == 0) {
            request = request.withTimeWeightedAverage();
        }
        if (random.nextBoolean()) {
            request = request.withFill(InterpolationRequest.Fill.values()[random.nextInt(4)]);
        }
        List<AggregateRow> actual = new ArrayList<>();
        engine.aggregate(Selection.of("plant/#"), request, actual::add);
        List<AggregateRow> expected = new ArrayList<>();
        for (String path : model.series.keySet()) {
            expected.addAll(model.aggregate(path, request));
        }
        String where = context + " " + request;
        assertEquals(expected.size(), actual.size(), "bucket rows, " + where);
        for (int i = 0; i < expected.size(); i++) {
            AggregateRow e = expected.get(i);
            AggregateRow a = actual.get(i);
            String row = where + " row " + i + " expected " + e + " got " + a;
            assertEquals(e.path(), a.path(), row);
            assertEquals(e.bucketStart(), a.bucketStart(), row);
            assertEquals(e.count(), a.count(), row);
            assertEquals(e.excluded(), a.excluded(), row);
            assertEquals(e.min(), a.min(), 0.0, row);
            assertEquals(e.max(), a.max(), 0.0, row);
            assertEquals(e.firstTime(), a.firstTime(), row);
            assertEquals(e.first(), a.first(), 0.0, row);
            assertEquals(e.lastTime(), a.lastTime(), row);
            assertEquals(e.last(), a.last(), 0.0, row);
            close(e.sum(), a.sum(), row + " sum");
            close(e.avg(), a.avg(), row + " avg");
            close(e.stddev(), a.stddev(), row + " stddev");
            close(e.timeWeightedAverage(), a.timeWeightedAverage(), row + " twa");
        }
    }

    private static void checkInterpolation(QueryEngine engine, ReferenceModel model, SplittableRandom random,
                                           long start, long end, String context) {
        long interval = new long[] {30 * SECOND, 5 * MINUTE, HOUR}[random.nextInt(3)];
        if ((end - start) / interval > 5000) {
            end = start + 5000 * interval;
        }
        InterpolationRequest.Method method = InterpolationRequest.Method.values()[random.nextInt(2)];
        InterpolationRequest.Fill fill = InterpolationRequest.Fill.values()[random.nextInt(4)];
        InterpolationRequest request = InterpolationRequest.of(start, end, interval, method, fill);
        List<InterpolatedValue> actual = new ArrayList<>();
        engine.interpolate(Selection.of("plant/#"), request, actual::add);
        List<InterpolatedValue> expected = new ArrayList<>();
        for (String path : model.series.keySet()) {
            expected.addAll(model.interpolate(path, request));
        }
        String where = context + " " + request;
        assertEquals(expected.size(), actual.size(), "points, " + where);
        for (int i = 0; i < expected.size(); i++) {
            InterpolatedValue e = expected.get(i);
            InterpolatedValue a = actual.get(i);
            String row = where + " point " + i + " expected " + e + " got " + a;
            assertEquals(e.path(), a.path(), row);
            assertEquals(e.time(), a.time(), row);
            assertEquals(e.bucketHasData(), a.bucketHasData(), row);
            close(e.value(), a.value(), row);
        }
    }

    private static void checkPlot(QueryEngine engine, ReferenceModel model, SplittableRandom random, long start,
                                  long end, String context) {
        int pixels = 1 + random.nextInt(400);
        QualityMode mode = random.nextBoolean() ? QualityMode.GOOD_ONLY : QualityMode.ALL;
        List<PlotPoint> actual = new ArrayList<>();
        engine.plot(Selection.of("plant/#"), start, end, pixels, mode, actual::add);
        List<PlotPoint> expected = new ArrayList<>();
        for (String path : model.series.keySet()) {
            expected.addAll(model.plot(path, start, end, pixels, mode));
        }
        assertEquals(expected, actual, context + " plot " + pixels + " pixels " + mode);
    }

    /** Samples delivered as runs of decoded chunks across all trials: the run path must be taken. */
    private static final long[] runSamples = {0};

    private static void checkRaw(QueryEngine engine, ReferenceModel model, SplittableRandom random, long start,
                                 long end, String context) {
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, java.util.TreeMap<Long, ReferenceModel.Stored>> series : model.series.entrySet()) {
            series.getValue().subMap(start, true, end, false).forEach((t, s) ->
                expected.add(series.getKey() + " " + t + " " + s.bits() + " " + s.quality()));
        }
        long limit = 1 + random.nextInt(700);
        for (boolean runs : new boolean[] {false, true}) {
            List<String> actual = new ArrayList<>();
            RawVisitor single = (series, t, v, q, text) -> actual.add(series.path() + " " + t + " " + v + " " + q);
            RawVisitor visitor = !runs ? single : new RawRunVisitor() {
                @Override
                public void sample(Series series, long t, long v, int q, String text) {
                    single.sample(series, t, v, q, text);
                }

                @Override
                public void samples(Series series, SampleColumns columns, int from, int to) {
                    runSamples[0] += to - from;
                    for (int k = from; k < to; k++) {
                        single.sample(series, columns.timestamp(k), columns.valueBits(k), columns.quality(k), null);
                    }
                }
            };
            String cursor = null;
            int pages = 0;
            do {
                RawPage page = engine.raw(Selection.of("plant/#"), start, end, limit, cursor, visitor);
                cursor = page.nextCursor();
                pages++;
                if (pages > 100_000) {
                    fail("paging does not end, " + context);
                }
            } while (cursor != null);
            assertEquals(expected, actual, context + " raw paged by " + limit + (runs ? " in runs" : ""));
        }
    }

    private static void checkLatest(QueryEngine engine, ReferenceModel model, String context) {
        List<LatestValue> latest = engine.latest(Selection.of("plant/#", "no/such/#"));
        assertEquals(model.series.size(), latest.size(), context);
        int i = 0;
        for (Map.Entry<String, java.util.TreeMap<Long, ReferenceModel.Stored>> series : model.series.entrySet()) {
            Map.Entry<Long, ReferenceModel.Stored> last = series.getValue().lastEntry();
            LatestValue value = latest.get(i++);
            assertEquals(series.getKey(), value.path(), context);
            assertEquals(last.getKey(), value.timestamp(), context);
            assertEquals(last.getValue().bits(), value.valueBits(), context);
            assertEquals(last.getValue().quality(), value.quality(), context);
            assertNull(value.text());
        }
    }

    /** Equal within a relative 1e-9, NaN equal to NaN, infinities exactly. */
    static void close(double expected, double actual, String message) {
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected) || Double.isInfinite(actual)) {
            assertEquals(expected, actual, 0.0, message);
            return;
        }
        double tolerance = 1e-9 * Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
        assertEquals(expected, actual, tolerance, message);
    }
}
