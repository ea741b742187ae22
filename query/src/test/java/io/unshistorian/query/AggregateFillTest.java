package io.unshistorian.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buckets without samples, on a series with samples at 00:10 (10), 01:10 (20) and 04:10 (40) and
 * hourly buckets to 08:00: they are left out unless a fill asks for them, and a time-weighted
 * average ends at the series' last sample unless the fill is previous (it used to be carried on
 * to the range's end, a row for every bucket).
 */
class AggregateFillTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long MINUTE = 60_000_000_000L;
    private static final long HOUR = 60 * MINUTE;

    @TempDir
    Path dir;
    private StorageEngine storage;
    private QueryEngine engine;

    @BeforeEach
    void write() throws IOException {
        storage = StorageEngine.open(dir, StorageOptions.builder().backgroundCompaction(false).build());
        storage.write(new WriteBatch().addDouble("p", T0 + 10 * MINUTE, 10).addDouble("p", T0 + 70 * MINUTE, 20)
            .addDouble("p", T0 + 250 * MINUTE, 40));
        engine = new QueryEngine(storage);
    }

    @AfterEach
    void close() throws IOException {
        storage.close();
    }

    private List<AggregateRow> rows(AggregateRequest request) {
        List<AggregateRow> rows = new ArrayList<>();
        engine.aggregate(Selection.of("p"), request, rows::add);
        return rows;
    }

    private static List<Long> hours(List<AggregateRow> rows) {
        return rows.stream().map(r -> (r.bucketStart() - T0) / HOUR).toList();
    }

    @Test
    void emptyBucketsAreLeftOutAndTheTimeWeightedAverageEndsAtTheLastSample() {
        AggregateRequest request = AggregateRequest.of(T0, T0 + 8 * HOUR, HOUR);
        assertEquals(List.of(0L, 1L, 4L), hours(rows(request)));
        List<AggregateRow> twa = rows(request.withTimeWeightedAverage());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), hours(twa), "a value is in force up to 04:10, not after");
        assertEquals(10, twa.get(0).timeWeightedAverage(), 1e-9);
        assertEquals((10 * 10 + 20 * 50) / 60.0, twa.get(1).timeWeightedAverage(), 1e-9);
        assertEquals(20, twa.get(2).timeWeightedAverage(), 1e-9);
        assertEquals(0, twa.get(2).count());
        assertEquals(Double.NaN, twa.get(2).avg());
        assertEquals(20, twa.get(4).timeWeightedAverage(), 1e-9, "40 holds from its sample on only when asked");
    }

    @Test
    void aValueHoldsToTheRangesEndWhenASampleFollowsIt() {
        List<AggregateRow> twa = rows(AggregateRequest.of(T0, T0 + 3 * HOUR, HOUR).withTimeWeightedAverage());
        assertEquals(List.of(0L, 1L, 2L), hours(twa));
        assertEquals(20, twa.get(2).timeWeightedAverage(), 1e-9);
    }

    @Test
    void fillNullReportsEveryBucket() {
        List<AggregateRow> rows = rows(AggregateRequest.of(T0, T0 + 8 * HOUR, HOUR).withTimeWeightedAverage()
            .withFill(InterpolationRequest.Fill.NULL));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), hours(rows));
        assertEquals(Double.NaN, rows.get(2).avg());
        assertEquals(20, rows.get(2).timeWeightedAverage(), 1e-9);
        assertEquals(Double.NaN, rows.get(5).avg());
        assertEquals(Double.NaN, rows.get(5).timeWeightedAverage(), "not carried past the last sample");
    }

    @Test
    void fillPreviousCarriesTheLastValueForward() {
        List<AggregateRow> rows = rows(AggregateRequest.of(T0, T0 + 8 * HOUR, HOUR).withTimeWeightedAverage()
            .withFill(InterpolationRequest.Fill.PREVIOUS));
        assertEquals(8, rows.size());
        assertEquals(20, rows.get(2).avg(), 0.0);
        assertEquals(20, rows.get(2).min(), 0.0);
        assertEquals(0, rows.get(2).count());
        assertEquals((20 * 10 + 40 * 50) / 60.0, rows.get(4).timeWeightedAverage(), 1e-9);
        assertEquals(40, rows.get(7).avg(), 0.0);
        assertEquals(40, rows.get(7).timeWeightedAverage(), 1e-9);
    }

    @Test
    void fillLinearInterpolatesAtTheBucketStartBetweenSamples() {
        List<AggregateRow> rows = rows(AggregateRequest.of(T0, T0 + 8 * HOUR, HOUR)
            .withFill(InterpolationRequest.Fill.LINEAR));
        assertEquals(8, rows.size());
        assertEquals(20 + 20 * 50 / 180.0, rows.get(2).avg(), 1e-9);
        assertEquals(20 + 20 * 110 / 180.0, rows.get(3).last(), 1e-9);
        assertEquals(Double.NaN, rows.get(5).avg(), "no sample after 04:10 to interpolate towards");
        AggregateRow before = rows(AggregateRequest.of(T0 - HOUR, T0, HOUR).withFill(InterpolationRequest.Fill.LINEAR))
            .get(0);
        assertEquals(Double.NaN, before.avg(), "nothing before the first sample");
    }
}
