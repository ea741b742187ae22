package io.unshistorian.compression.bits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.unshistorian.testkit.SeededRandom;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BitStreamTest {
    @Test
    void randomWidthsRoundTrip() {
        long seed = SeededRandom.seed("BitStreamTest.randomWidthsRoundTrip");
        SplittableRandom random = SeededRandom.random(seed);
        int n = 100_000;
        long[] values = new long[n];
        int[] widths = new int[n];
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        BitWriter writer = new BitWriter().wrap(buffer, 3);
        long totalBits = 0;
        for (int i = 0; i < n; i++) {
            widths[i] = random.nextInt(65);
            long v = random.nextLong();
            values[i] = widths[i] == 64 ? v : widths[i] == 0 ? 0 : v & ((1L << widths[i]) - 1);
            writer.writeBits(v, widths[i]);
            totalBits += widths[i];
        }
        int length = writer.finish();
        assertEquals((totalBits + 7) / 8, length);

        BitReader reader = new BitReader().wrap(new UnsafeBuffer(buffer.byteArray(), 3, length), 0, length);
        for (int i = 0; i < n; i++) {
            if (widths[i] == 0) {
                continue;
            }
            assertEquals(values[i], reader.readBits(widths[i]), "value " + i + " width " + widths[i] + " seed=" + seed);
        }
        assertFalse(reader.overran());
        assertEquals(totalBits, reader.position());
    }

    @Test
    void bitOrderIsMostSignificantFirst() {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        BitWriter writer = new BitWriter().wrap(buffer, 0);
        writer.writeBits(0b101, 3);
        writer.writeBits(0xF, 4);
        writer.writeBits(1, 1);
        writer.writeBits(0b01, 2);
        assertEquals(2, writer.finish());
        assertEquals((byte) 0b1011_1111, buffer.getByte(0));
        assertEquals((byte) 0b0100_0000, buffer.getByte(1));
    }

    @Test
    void readingPastTheEndGivesZerosAndReportsOverrun() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF});
        BitReader reader = new BitReader().wrap(buffer, 0, 2);
        assertEquals(0xFFFFL, reader.readBits(16));
        assertFalse(reader.overran());
        assertEquals(0L, reader.readBits(64));
        assertTrue(reader.overran());
    }
}
