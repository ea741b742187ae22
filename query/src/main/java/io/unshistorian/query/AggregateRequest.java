package io.unshistorian.query;

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
    }

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

    /** Start of the bucket holding {@code t}. */
    long bucketOf(long t) {
        return origin + Math.floorDiv(t - origin, bucketWidth) * bucketWidth;
    }
}
