package io.unshistorian.query;

import java.math.BigInteger;

/**
 * Fixed-width buckets over {@code [start, end)}, aligned to {@code origin} (epoch 0 by default):
 * bucket k is {@code [origin + k * width, origin + (k + 1) * width)}, clipped to the range.
 *
 * <p>{@code stddev} and {@code timeWeightedAverage} cost a decode of every sample; without them,
 * buckets that contain whole chunks are answered from chunk statistics. {@code fill} decides what a
 * bucket without included samples gives (the same rules as {@link InterpolationRequest.Fill}, at
 * the bucket's start): {@code OMIT}, the default, leaves it out (unless its time-weighted average is
 * defined), {@code NULL} reports it with NaN values, {@code PREVIOUS} and {@code LINEAR} compute its
 * values by step or linear interpolation. Only {@code PREVIOUS} holds a series' last value past its
 * last sample, for the time-weighted average too.
 */
public record AggregateRequest(long start, long end, long bucketWidth, long origin, QualityMode quality,
                               boolean stddev, boolean timeWeightedAverage, InterpolationRequest.Fill fill) {
    public AggregateRequest {
        if (bucketWidth <= 0) {
            throw new IllegalArgumentException("bucket width must be positive, got " + bucketWidth + " ns");
        }
        if (start >= end) {
            throw new IllegalArgumentException("empty range: start " + start + " >= end " + end);
        }
        if (quality == null || fill == null) {
            throw new IllegalArgumentException("quality mode and fill are required");
        }
        if (timeWeightedAverage || fill != InterpolationRequest.Fill.OMIT) {
            // Rows no longer come from samples alone: bound the buckets up front.
            BigInteger width = BigInteger.valueOf(bucketWidth);
            BigInteger buckets = BigInteger.valueOf(end).subtract(BigInteger.valueOf(start)).add(width)
                .subtract(BigInteger.ONE).divide(width).add(BigInteger.ONE);   // ceil(range / width) + 1 at most
            if (buckets.compareTo(BigInteger.valueOf(MAX_BUCKETS)) > 0) {
                String what = timeWeightedAverage ? "a time-weighted average" : "fill " + fill.name().toLowerCase();
                throw new IllegalArgumentException(what + " over " + buckets + " buckets per series is asked, at "
                    + "most " + MAX_BUCKETS + " are answered: use wider buckets or a shorter range");
            }
        }
    }

    /** Without a fill: empty buckets are left out. */
    public AggregateRequest(long start, long end, long bucketWidth, long origin, QualityMode quality, boolean stddev,
                            boolean timeWeightedAverage) {
        this(start, end, bucketWidth, origin, quality, stddev, timeWeightedAverage, InterpolationRequest.Fill.OMIT);
    }

    /**
     * Most buckets a request with a time-weighted average or a fill may span per series (each may be
     * a row without a sample), as {@link InterpolationRequest#MAX_POINTS} bounds interpolation.
     */
    public static final long MAX_BUCKETS = 1_000_000;

    /** Buckets aligned to the epoch, Good samples only, without stddev, TWA and fill. */
    public static AggregateRequest of(long start, long end, long bucketWidth) {
        return new AggregateRequest(start, end, bucketWidth, 0, QualityMode.GOOD_ONLY, false, false);
    }

    public AggregateRequest withStddev() {
        return new AggregateRequest(start, end, bucketWidth, origin, quality, true, timeWeightedAverage, fill);
    }

    public AggregateRequest withTimeWeightedAverage() {
        return new AggregateRequest(start, end, bucketWidth, origin, quality, stddev, true, fill);
    }

    public AggregateRequest withOrigin(long newOrigin) {
        return new AggregateRequest(start, end, bucketWidth, newOrigin, quality, stddev, timeWeightedAverage, fill);
    }

    public AggregateRequest withQuality(QualityMode mode) {
        return new AggregateRequest(start, end, bucketWidth, origin, mode, stddev, timeWeightedAverage, fill);
    }

    public AggregateRequest withFill(InterpolationRequest.Fill newFill) {
        return new AggregateRequest(start, end, bucketWidth, origin, quality, stddev, timeWeightedAverage, newFill);
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
