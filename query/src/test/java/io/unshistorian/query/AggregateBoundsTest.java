package io.unshistorian.query;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.unshistorian.compression.chunk.ValueType;

import org.junit.jupiter.api.Test;

/**
 * Aggregates at the edges of the long range, found by the gRPC request fuzzer (docs/fuzzing.md):
 * a time-weighted average makes a row of every bucket, so its bucket count is bounded up front, and
 * bucket arithmetic near {@code Long.MAX_VALUE} or far from the origin never wraps around (it used
 * to, and the bucket loop then ran on for 2^64 / width buckets).
 */
class AggregateBoundsTest {
    @Test
    void aTimeWeightedAverageOverTooManyBucketsIsRefusedUpFront() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> new AggregateRequest(0, Long.MAX_VALUE, 1, 0, QualityMode.ALL, false, true));
        assertTrue(refused.getMessage().contains("at most 1000000"), refused.getMessage());
        assertDoesNotThrow(() -> new AggregateRequest(0, 999_999, 1, 0, QualityMode.ALL, false, true));
        assertThrows(IllegalArgumentException.class,
            () -> new AggregateRequest(0, 1_000_000, 1, 0, QualityMode.ALL, false, true));
        assertDoesNotThrow(() -> AggregateRequest.of(0, Long.MAX_VALUE, 1),
            "without a TWA the rows come from samples only");
    }

    @Test
    void bucketsNearTheEndOfTimeDoNotWrapAround() {
        AggregateRequest request = new AggregateRequest(Long.MAX_VALUE - 10, Long.MAX_VALUE, 4, 0, QualityMode.ALL,
            false, true).withFill(InterpolationRequest.Fill.PREVIOUS);   // holds the value to the range's end
        List<AggregateRow> rows = new ArrayList<>();
        BucketAggregator aggregator = new BucketAggregator(request, "p", ValueType.DOUBLE, rows::add, t -> null);
        aggregator.begin(null);
        aggregator.sample(Long.MAX_VALUE - 9, Double.doubleToRawLongBits(1.5), 0, null);
        aggregator.finish();
        assertEquals(List.of(Long.MAX_VALUE - 11, Long.MAX_VALUE - 7, Long.MAX_VALUE - 3),
            rows.stream().map(AggregateRow::bucketStart).toList());
        rows.forEach(row -> assertEquals(1.5, row.timeWeightedAverage(), row.toString()));
    }

    @Test
    void theBucketOfATimeFarFromTheOriginHoldsIt() {
        AggregateRequest request = new AggregateRequest(0, 100, 10, Long.MIN_VALUE + 3, QualityMode.ALL, false, false);
        for (long t : new long[] {0, 50, 99, Long.MAX_VALUE, Long.MIN_VALUE + 3, -7}) {
            long bucket = request.bucketOf(t);
            assertTrue(bucket <= t && t - bucket < 10, t + " in bucket " + bucket);
            assertEquals(Math.floorMod(Long.MIN_VALUE + 3, 10L), Math.floorMod(bucket, 10L), "aligned to the origin");
        }
        assertEquals(Long.MIN_VALUE, request.bucketOf(Long.MIN_VALUE), "a start below Long.MIN_VALUE is clamped");
    }
}
