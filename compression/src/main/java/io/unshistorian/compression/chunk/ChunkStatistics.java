package io.unshistorian.compression.chunk;

import static io.unshistorian.compression.chunk.ChunkDescriptor.*;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * Computes the header statistics of a chunk so aggregates can skip decoding it. They cover the
 * aggregatable samples only: Good quality and, for DOUBLE, not NaN. min, max, first and last are
 * typed like the column (f64 bits for DOUBLE, i64 for LONG, 0/1 for BOOLEAN, 0 for STRING); sum
 * is an f64 in every type. With no aggregatable sample all five are 0.
 */
final class ChunkStatistics {
    private long minTime;
    private long maxTime;
    private int aggregatableCount;
    private long min;
    private long max;
    private double sum;
    private long first;
    private long last;

    void compute(SampleColumns samples) {
        computeTimeRange(samples.timestamps(), samples.size());
        aggregatableCount = 0;
        min = 0;
        max = 0;
        sum = 0;
        first = 0;
        last = 0;
        switch (samples.type()) {
            case DOUBLE:
                computeDoubles(samples);
                break;
            case LONG:
            case BOOLEAN:
                computeLongs(samples);
                break;
            default:
                countGood(samples);
                break;
        }
    }

    private void computeTimeRange(long[] timestamps, int count) {
        if (count == 0) {
            minTime = 0;
            maxTime = 0;
            return;
        }
        long low = timestamps[0];
        long high = timestamps[0];
        for (int i = 1; i < count; i++) {
            long t = timestamps[i];
            low = Math.min(low, t);
            high = Math.max(high, t);
        }
        minTime = low;
        maxTime = high;
    }

    private void computeDoubles(SampleColumns samples) {
        long[] values = samples.values();
        long[] qualities = samples.qualities();
        int count = samples.size();
        // Two interleaved accumulators of each statistic break the floating-point dependency
        // chains (the sum is therefore summed pairwise, not strictly left to right). Samples that
        // do not count are folded in as neutral values, without branches.
        double min0 = Double.POSITIVE_INFINITY;
        double min1 = Double.POSITIVE_INFINITY;
        double max0 = Double.NEGATIVE_INFINITY;
        double max1 = Double.NEGATIVE_INFINITY;
        double sum0 = 0;
        double sum1 = 0;
        int aggregated = 0;
        int i = 0;
        for (; i + 1 < count; i += 2) {
            double a = Double.longBitsToDouble(values[i]);
            double b = Double.longBitsToDouble(values[i + 1]);
            boolean useA = Quality.isGood(qualities[i]) && a == a;
            boolean useB = Quality.isGood(qualities[i + 1]) && b == b;
            min0 = useA && a < min0 ? a : min0;
            min1 = useB && b < min1 ? b : min1;
            max0 = useA && a > max0 ? a : max0;
            max1 = useB && b > max1 ? b : max1;
            sum0 += useA ? a : 0.0;
            sum1 += useB ? b : 0.0;
            aggregated += (useA ? 1 : 0) + (useB ? 1 : 0);
        }
        for (; i < count; i++) {
            double a = Double.longBitsToDouble(values[i]);
            boolean useA = Quality.isGood(qualities[i]) && a == a;
            min0 = useA && a < min0 ? a : min0;
            max0 = useA && a > max0 ? a : max0;
            sum0 += useA ? a : 0.0;
            aggregated += useA ? 1 : 0;
        }
        aggregatableCount = aggregated;
        if (aggregated > 0) {
            min = Double.doubleToRawLongBits(min1 < min0 ? min1 : min0);
            max = Double.doubleToRawLongBits(max1 > max0 ? max1 : max0);
            sum = sum0 + sum1;
            first = values[firstAggregatable(values, qualities, count)];
            last = values[lastAggregatable(values, qualities, count)];
        }
    }

    private static boolean isAggregatableDouble(long[] values, long[] qualities, int index) {
        double value = Double.longBitsToDouble(values[index]);
        return Quality.isGood(qualities[index]) && value == value;
    }

    private static int firstAggregatable(long[] values, long[] qualities, int count) {
        int index = 0;
        while (!isAggregatableDouble(values, qualities, index)) {
            index++;
        }
        return index;
    }

    private static int lastAggregatable(long[] values, long[] qualities, int count) {
        int index = count - 1;
        while (!isAggregatableDouble(values, qualities, index)) {
            index--;
        }
        return index;
    }

    private void computeLongs(SampleColumns samples) {
        long[] values = samples.values();
        long[] qualities = samples.qualities();
        long minValue = Long.MAX_VALUE;
        long maxValue = Long.MIN_VALUE;
        double total = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (!Quality.isGood(qualities[i])) {
                continue;
            }
            if (aggregatableCount == 0) {
                first = values[i];
            }
            last = values[i];
            aggregatableCount++;
            minValue = Math.min(minValue, values[i]);
            maxValue = Math.max(maxValue, values[i]);
            total += values[i];
        }
        if (aggregatableCount > 0) {
            min = minValue;
            max = maxValue;
            sum = total;
        }
    }

    private void countGood(SampleColumns samples) {
        long[] qualities = samples.qualities();
        for (int i = 0; i < samples.size(); i++) {
            if (Quality.isGood(qualities[i])) {
                aggregatableCount++;
            }
        }
    }

    long minTime() {
        return minTime;
    }

    long maxTime() {
        return maxTime;
    }

    int aggregatableCount() {
        return aggregatableCount;
    }

    long min() {
        return min;
    }

    long max() {
        return max;
    }

    double sum() {
        return sum;
    }

    long first() {
        return first;
    }

    long last() {
        return last;
    }

    /** Writes min, max, sum, first and last as version 2 stores them; returns the bytes written. */
    int writeValues(MutableDirectBuffer dst, int offset) {
        dst.putLong(offset, min, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + 8, max, ByteOrder.LITTLE_ENDIAN);
        dst.putDouble(offset + 16, sum, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + 24, first, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + 32, last, ByteOrder.LITTLE_ENDIAN);
        return STATISTICS_LENGTH;
    }
}
