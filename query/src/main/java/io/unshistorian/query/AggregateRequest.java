package io.unshistorian.query;

import java.math.BigInteger;

/**
 * Fixed-width buckets over {@code [start, end)}, aligned to {@code origin} (epoch 0 by default):
 * bucket k is {@code [origin + k * width, origin + (k + 1) * width)}, clipped to the range.
 *
 * <p>{@code stddev} and {@code timeWeightedAverage} cost a decode of every sample; without them,
 * buckets that contain whole chunks are answered from chunk statistics.
 */
public record AggregateRequest(long start, long end, long bucketWidth, long origin, QualityMode quality,
                               boolean stddev, boolean timeWeightedAverage) {
    public AggregateRequest {
        if (bucketWidth <= 0) {
            throw new IllegalArgumentException("bucket width must be positive, got " + bucketWidth + " ns");
        }
        if (start >= end) {
            throw new IllegalArgumentException("empty range: start " + start + " >= end " + end);
        }
        if (quality == null) {
            throw new IllegalArgumentException("quality mode is required");
        }
        if (timeWeightedAverage) {
            // With a TWA every bucket after a series' first sample is a row, samples or not: bound them up front.
            BigInteger width = BigInteger.valueOf(bucketWidth);
            BigInteger buckets = BigInteger.valueOf(end).subtract(BigInteger.valueOf(start)).add(width)
                .subtract(BigInteger.ONE).divide(width).add(BigInteger.ONE);   // ceil(range / width) + 1 at most
            if (buckets.compareTo(BigInteger.valueOf(MAX_TWA_BUCKETS)) > 0) {
                throw new IllegalArgumentException("a time-weighted average over " + buckets + " buckets per series "
                    + "is asked, at most " + MAX_TWA_BUCKETS + " are answered: use wider buckets or a shorter range");
            }
        }
    }

    /**
     * Most buckets a request with a time-weighted average may span per series (each is a row once the
     * series has a value in force), as {@link InterpolationRequest#MAX_POINTS} bounds interpolation.
     */
    public static final long MAX_TWA_BUCKETS = 1_000_000;

    /** Buckets aligned to the epoch, Good samples only, without stddev and TWA. */
    public static AggregateRequest of(long start, long end, long bucketWidth) {
        return new AggregateRequest(start, end, bucketWidth, 0, QualityMode.GOOD_ONLY, false, false);
    }

    public AggregateRequest withStddev() {
        return new AggregateRequest(start, end, bucketWidth, origin, quality, true, timeWeightedAverage);
    }

    public AggregateRequest withTimeWeightedAverage() {
        return new AggregateRequest(start, end, bucketWidth, origin, quality, stddev, true);
    }

    public AggregateRequest withOrigin(long newOrigin) {
        return new AggregateRequest(start, end, bucketWidth, newOrigin, quality, stddev, timeWeightedAverage);
    }

    public AggregateRequest withQuality(QualityMode mode) {
        return new AggregateRequest(start, end, bucketWidth, origin, mode, stddev, timeWeightedAverage);
    }

    /**
     * Start of the bucket holding {@code t} ({@code Long.MIN_VALUE} when that start lies below it).
     * Computed from both remainders, so that {@code t - origin} cannot overflow.
     */
    long bucketOf(long t) {
        long offset = Math.floorMod(t, bucketWidth) - Math.floorMod(origin, bucketWidth);
        if (offset < 0) {
            offset += bucketWidth;
        }
        long start = t - offset;
        return start > t ? Long.MIN_VALUE : start;
    }
}
