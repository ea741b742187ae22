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
        int count = samples.size();
        long[] timestamps = samples.timestamps();
        minTime = count == 0 ? 0 : Long.MAX_VALUE;
        maxTime = count == 0 ? 0 : Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            minTime = Math.min(minTime, timestamps[i]);
            maxTime = Math.max(maxTime, timestamps[i]);
        }
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

    private void computeDoubles(SampleColumns samples) {
        long[] values = samples.values();
        long[] qualities = samples.qualities();
        double minValue = Double.POSITIVE_INFINITY;
        double maxValue = Double.NEGATIVE_INFINITY;
        double total = 0;
        for (int i = 0; i < samples.size(); i++) {
            double value = Double.longBitsToDouble(values[i]);
            if (!Quality.isGood(qualities[i]) || Double.isNaN(value)) {
                continue;
            }
            if (aggregatableCount == 0) {
                first = values[i];
            }
            last = values[i];
            aggregatableCount++;
            minValue = Math.min(minValue, value);
            maxValue = Math.max(maxValue, value);
            total += value;
        }
        if (aggregatableCount > 0) {
            min = Double.doubleToRawLongBits(minValue);
            max = Double.doubleToRawLongBits(maxValue);
            sum = total;
        }
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

    void writeTo(MutableDirectBuffer dst, int offset) {
        dst.putInt(offset + AGGREGATABLE_COUNT_OFFSET, aggregatableCount, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + MIN_TIME_OFFSET, minTime, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + MAX_TIME_OFFSET, maxTime, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + MIN_VALUE_OFFSET, min, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + MAX_VALUE_OFFSET, max, ByteOrder.LITTLE_ENDIAN);
        dst.putDouble(offset + SUM_OFFSET, sum, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + FIRST_VALUE_OFFSET, first, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + LAST_VALUE_OFFSET, last, ByteOrder.LITTLE_ENDIAN);
    }
}
