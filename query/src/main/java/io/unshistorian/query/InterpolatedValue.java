package io.unshistorian.query;

/**
 * The value of one series at one grid point; {@code value} is NaN when it is null (an empty bucket
 * with fill NULL, or no sample to interpolate from). {@code bucketHasData} says whether
 * {@code [time, time + interval)} held an included sample.
 */
public record InterpolatedValue(String path, long time, double value, boolean bucketHasData) {
}
