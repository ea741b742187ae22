package io.unshistorian.compression.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.unshistorian.compression.AdversarialColumns;
import io.unshistorian.testkit.SeededRandom;
import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.ChunkHeader;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The codec chooser never picks a codec that loses information, and picks the decimal and
 * frame-of-reference codecs where plant data makes them pay.
 */
class DecimalChoiceTest {
    @Test
    void chosenCodecsRoundTripDecimalColumnsWithExceptions() {
        long seed = SeededRandom.seed("DecimalChoiceTest.chosenCodecsRoundTripDecimalColumnsWithExceptions");
        SplittableRandom random = SeededRandom.random(seed);
        ChunkEncoder encoder = new ChunkEncoder();
        ChunkDecoder decoder = new ChunkDecoder();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        SampleColumns decoded = new SampleColumns(ValueType.DOUBLE, 16);
        for (int trial = 0; trial < 300; trial++) {
            int decimals = random.nextInt(0, 8);
            double scale = Math.pow(10, decimals);
            SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 16);
            double x = random.nextDouble(-1000, 1000);
            int n = random.nextInt(1, 3000);
            long t = 1_700_000_000_000_000_000L;
            for (int i = 0; i < n; i++) {
                t += random.nextInt(10) == 0 ? random.nextInt(1, 5_000_000) : 1_000_000_000L;
                x += random.nextGaussian();
                double value = Math.round(x * scale) / scale;
                int kind = random.nextInt(100);
                if (kind == 0) {
                    value = Double.longBitsToDouble(AdversarialColumns.SPECIAL_DOUBLE_BITS[random.nextInt(
                        AdversarialColumns.SPECIAL_DOUBLE_BITS.length)]);
                } else if (kind == 1) {
                    value = random.nextDouble();   // full precision: an exception
                } else if (kind == 2) {
                    value = x * 1e12;              // too large for the chosen exponent
                }
                samples.addDouble(t, value, 0);
            }
            int length = encoder.encode(samples, buffer, 0);
            decoder.decode(buffer, 0, length, decoded);
            for (int i = 0; i < n; i++) {
                assertEquals(samples.timestamp(i), decoded.timestamp(i), "seed=" + seed + " trial " + trial);
                assertEquals(samples.valueBits(i), decoded.valueBits(i), "value " + i + " seed=" + seed + " trial "
                    + trial);
            }
        }
    }

    @Test
    void roundedPlantSignalsGetTheDecimalAndStepRunCodecs() {
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 3600);
        double x = 21.5;
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 3600; i++) {
            x += random.nextGaussian() * 0.02;
            samples.addDouble(1_700_000_000_000_000_000L + i * 1_000_000_000L, Math.round(x * 100) / 100.0, 0);
        }
        samples.addDouble(1_700_000_000_000_000_000L + 3600 * 1_000_000_000L, Double.NaN, 0);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int length = new ChunkEncoder().encode(samples, buffer, 0);
        ChunkHeader header = new ChunkDecoder().verify(buffer, 0, length);
        assertEquals(CodecIds.DECIMAL_NEAR, header.valueCodec(), "a NaN does not push the column off the decimal codec");
        assertEquals(CodecIds.STEP_RUNS, header.timestampCodec(), "a regular series: one run of equal steps");
        assertTrue(header.timestampLength() < 20, "regular timestamps: " + header.timestampLength() + " bytes");
        assertTrue(length < 3601 * 1.2, "about a byte per sample, got " + length + " bytes");
    }

    /**
     * 8-decimal values of which one in twenty is a float artefact (the value plus or minus an ulp or
     * two, as a CSV export of computed doubles holds them): they stay at e = 8, the artefacts cost a
     * couple of bytes each as XORs against the nearest decimal, where raw exceptions cost nine.
     */
    @Test
    void floatArtefactsAreCheapNearMissesNotAReasonForALargerExponent() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 4000;
        long[] values = new long[n];
        double x = 74.0;
        int artefacts = 0;
        for (int i = 0; i < n; i++) {
            x = Math.round((x + random.nextGaussian() * 0.5) * 1e8) / 1e8;
            long bits = Double.doubleToRawLongBits(x);
            if (random.nextInt(20) == 0) {
                bits += random.nextBoolean() ? 1 : -2;
                artefacts++;
            }
            values[i] = bits;
        }
        ExpandableArrayBuffer near = new ExpandableArrayBuffer();
        ExpandableArrayBuffer raw = new ExpandableArrayBuffer();
        int nearLength = new DecimalCodec().encode(values, n, near, 0);
        int rawLength = new DecimalCodec(false).encode(values, n, raw, 0);
        assertEquals(8, near.getByte(0), "exponent");
        assertTrue(rawLength - nearLength >= artefacts * 5, "near misses " + nearLength + " bytes, raw " + rawLength
            + " bytes, " + artefacts + " artefacts");
        long[] decoded = new long[n];
        new DecimalCodec().decode(near, 0, nearLength, n, decoded);
        org.junit.jupiter.api.Assertions.assertArrayEquals(values, decoded);
    }

    /** Under the entropy stage, noise around a level is coded against the recent mean, a drift by its steps. */
    @Test
    void varintIntegersFollowTheSignal() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 3600;
        long[] gauge = new long[n];
        long[] walk = new long[n];
        double level = 20;
        for (int i = 0; i < n; i++) {
            gauge[i] = Double.doubleToRawLongBits(Math.round((20 + random.nextGaussian() * 0.05) * 100) / 100.0);
            level += random.nextGaussian() * 0.05;
            walk[i] = Double.doubleToRawLongBits(Math.round(level * 100) / 100.0);
        }
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        DecimalCodec codec = new DecimalCodec(true, true);
        int length = codec.encode(gauge, n, buffer, 0);
        assertEquals(2, buffer.getByte(0), "exponent");
        assertEquals(0, buffer.getByte(1), "no exceptions");
        assertEquals(CodecIds.MEAN_VARINT, buffer.getByte(2), "noise around a level");
        long[] decoded = new long[n];
        codec.decode(buffer, 0, length, n, decoded);
        org.junit.jupiter.api.Assertions.assertArrayEquals(gauge, decoded);
        length = codec.encode(walk, n, buffer, 0);
        assertEquals(CodecIds.DELTA_VARINT, buffer.getByte(2), "a random walk");
        codec.decode(buffer, 0, length, n, decoded);
        org.junit.jupiter.api.Assertions.assertArrayEquals(walk, decoded);
    }

    @Test
    void minimalExponentsAreExact() {
        assertEquals(0, DecimalCodec.minimalExponent(42.0));
        assertEquals(2, DecimalCodec.minimalExponent(20.53));
        assertEquals(1, DecimalCodec.minimalExponent(-0.1));
        assertEquals(DecimalCodec.MAX_EXPONENT + 1, DecimalCodec.minimalExponent(-0.0));
        assertEquals(DecimalCodec.MAX_EXPONENT + 1, DecimalCodec.minimalExponent(Double.NaN));
        assertEquals(DecimalCodec.MAX_EXPONENT + 1, DecimalCodec.minimalExponent(Double.POSITIVE_INFINITY));
        assertEquals(DecimalCodec.MAX_EXPONENT + 1, DecimalCodec.minimalExponent(1e300));
    }
}
