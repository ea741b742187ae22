package io.unshistorian.compression.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        ChunkHeader header = encode(samples);
        assertEquals(6, header.count());
        assertEquals(3, header.aggregatableCount());
        assertEquals(10, header.minTime());
        assertEquals(60, header.maxTime());
        assertEquals(-2.5, Double.longBitsToDouble(header.minBits()));
        assertEquals(5.0, Double.longBitsToDouble(header.maxBits()));
        assertEquals(4.0, header.sum());
        assertEquals(5.0, Double.longBitsToDouble(header.firstBits()));
        assertEquals(1.5, Double.longBitsToDouble(header.lastBits()));
    }

    @Test
    void longStatisticsAreExactIntegers() {
        SampleColumns samples = new SampleColumns(ValueType.LONG, 8);
        samples.addLong(1, Long.MAX_VALUE, Quality.GOOD);
        samples.addLong(2, Long.MIN_VALUE, Quality.GOOD);
        samples.addLong(3, 42, Quality.BAD);
        ChunkHeader header = encode(samples);
        assertEquals(2, header.aggregatableCount());
        assertEquals(Long.MIN_VALUE, header.minBits());
        assertEquals(Long.MAX_VALUE, header.maxBits());
        assertEquals(Long.MAX_VALUE, header.firstBits());
        assertEquals(Long.MIN_VALUE, header.lastBits());
    }

    @Test
    void booleanSumCountsTrues() {
        SampleColumns samples = new SampleColumns(ValueType.BOOLEAN, 8);
        samples.addBoolean(1, true, Quality.GOOD);
        samples.addBoolean(2, false, Quality.GOOD);
        samples.addBoolean(3, true, Quality.GOOD);
        ChunkHeader header = encode(samples);
        assertEquals(2.0, header.sum());
        assertEquals(0, header.minBits());
        assertEquals(1, header.maxBits());
    }

    @Test
    void noAggregatableSampleLeavesZeroStatistics() {
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 2);
        samples.addDouble(1, Double.NaN, Quality.GOOD);
        samples.addDouble(2, 3.0, Quality.BAD);
        ChunkHeader header = encode(samples);
        assertEquals(0, header.aggregatableCount());
        assertEquals(0, header.minBits());
        assertEquals(0.0, header.sum());
    }

    private static ChunkHeader encode(SampleColumns samples) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int length = new ChunkEncoder().encode(samples, buffer, 0);
        return new ChunkDecoder().verify(buffer, 0, length);
    }
}
