package io.unshistorian.query;

/**
 * A stretch {@code [start, end)} of a plot's range during which a series' current value was not
 * Good: from a non-Good sample (or the range's start, when the last sample before it was not Good)
 * until the next Good sample, or the range's end. Periods that meet in one pixel column are
 * reported as one, so a series has at most one per column. {@code quality} is the OPC UA status
 * code of the period's first sample of its most severe kind (Bad before Uncertain): what a chart
 * shades it by.
 */
public record QualityPeriod(String path, long start, long end, int quality) {
}
