package io.unshistorian.query;

/**
 * The aggregates of one series over one bucket {@code [bucketStart, bucketStart + width)}.
 *
 * <p>Numeric aggregates use the included samples: those the {@link QualityMode} accepts whose value
 * is not NaN (NaN is a missing value; ±Infinity counts). {@code excluded} counts the samples of
 * the bucket left out (quality or NaN). With no included sample, min, max, sum, avg, first, last
 * and stddev are NaN. {@code stddev} (population) and {@code timeWeightedAverage} are NaN unless the
 * request asked for them. LONG and BOOLEAN values are aggregated as doubles (true = 1); STRING
 * series get count and excluded only.
 */
public record AggregateRow(String path, long bucketStart, long count, long excluded, double sum, double min,
                           double max, double avg, long firstTime, double first, long lastTime, double last,
                           double stddev, double timeWeightedAverage) {
}
