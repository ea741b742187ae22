package io.unshistorian.compression.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

class ChunkStatisticsTest {
    @Test
    void doubleStatisticsSkipBadQualityAndNaN() {
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 8);
        samples.addDouble(50, 5.0, Quality.GOOD);
        samples.addDouble(10, Double.NaN, Quality.GOOD);
        samples.addDouble(20, 100.0, Quality.BAD);
        samples.addDouble(30, -2.5, 0x0040_0000);   // a Good subcode still counts
        samples.addDouble(40, 7.0, Quality.UNCERTAIN);
        samples.addDouble(60, 1.5, Quality.GOOD);
        ChunkStatistics statistics = compute(samples);
        assertEquals(3, statistics.aggregatableCount());
        assertEquals(10, statistics.minTime());
        assertEquals(60, statistics.maxTime());
        assertEquals(-2.5, Double.longBitsToDouble(statistics.min()));
        assertEquals(5.0, Double.longBitsToDouble(statistics.max()));
        assertEquals(4.0, statistics.sum());
        assertEquals(5.0, Double.longBitsToDouble(statistics.first()));
        assertEquals(1.5, Double.longBitsToDouble(statistics.last()));

        ChunkHeader header = encode(samples);   // statistics that do not cover every sample are not stored
        assertEquals(6, header.count());
        assertEquals(10, header.minTime());
        assertEquals(60, header.maxTime());
        assertFalse(header.hasStatistics());
        assertEquals(-1, header.aggregatableCount());
    }

    @Test
    void longStatisticsAreExactIntegers() {
        SampleColumns samples = new SampleColumns(ValueType.LONG, 8);
        samples.addLong(1, Long.MAX_VALUE, Quality.GOOD);
        samples.addLong(2, Long.MIN_VALUE, Quality.GOOD);
        samples.addLong(3, 42, Quality.BAD);
        ChunkStatistics statistics = compute(samples);
        assertEquals(2, statistics.aggregatableCount());
        assertEquals(Long.MIN_VALUE, statistics.min());
        assertEquals(Long.MAX_VALUE, statistics.max());
        assertEquals(Long.MAX_VALUE, statistics.first());
        assertEquals(Long.MIN_VALUE, statistics.last());
    }

    @Test
    void booleanSumCountsTrues() {
        SampleColumns samples = new SampleColumns(ValueType.BOOLEAN, 8);
        samples.addBoolean(1, true, Quality.GOOD);
        samples.addBoolean(2, false, Quality.GOOD);
        samples.addBoolean(3, true, Quality.GOOD);
        ChunkHeader header = encode(samples);
        assertTrue(header.hasStatistics());
        assertEquals(3, header.aggregatableCount());
        assertEquals(2.0, header.sum());
        assertEquals(0, header.minBits());
        assertEquals(1, header.maxBits());
        assertEquals(1, header.firstBits());
        assertEquals(1, header.lastBits());
    }

    @Test
    void noAggregatableSampleLeavesZeroStatistics() {
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 2);
        samples.addDouble(1, Double.NaN, Quality.GOOD);
        samples.addDouble(2, 3.0, Quality.BAD);
        ChunkStatistics statistics = compute(samples);
        assertEquals(0, statistics.aggregatableCount());
        assertEquals(0, statistics.min());
        assertEquals(0.0, statistics.sum());
    }

    @Test
    void statisticsAreStoredFromTheThresholdOn() {
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 128);
        for (int i = 0; i < ChunkEncoder.STATISTICS_MIN_SAMPLES - 1; i++) {
            samples.addDouble(i, i, Quality.GOOD);
        }
        assertFalse(encodeDefault(samples).hasStatistics());
        samples.addDouble(1000, -1, Quality.GOOD);
        ChunkHeader header = encodeDefault(samples);
        assertTrue(header.hasStatistics());
        assertEquals(-1.0, Double.longBitsToDouble(header.minBits()));
        assertEquals(-1.0, Double.longBitsToDouble(header.lastBits()));
    }

    private static ChunkStatistics compute(SampleColumns samples) {
        ChunkStatistics statistics = new ChunkStatistics();
        statistics.compute(samples);
        return statistics;
    }

    /** Encoded with statistics on every chunk that can use them, however small. */
    private static ChunkHeader encode(SampleColumns samples) {
        return encodeWith(new ChunkEncoder(false, 1), samples);
    }

    private static ChunkHeader encodeDefault(SampleColumns samples) {
        return encodeWith(new ChunkEncoder(), samples);
    }

    private static ChunkHeader encodeWith(ChunkEncoder encoder, SampleColumns samples) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int length = encoder.encode(samples, buffer, 0);
        return new ChunkDecoder().verify(buffer, 0, length);
    }
}
