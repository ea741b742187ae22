package io.unshistorian.compression.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link DecimalScale}'s multiply-and-FMA quotient gives the very bits of the IEEE division on every
 * exponent: random integers of every magnitude, the edges, and integers whose quotient lies as close
 * to a rounding boundary as a decimal can.
 */
class DecimalScaleTest {
    private static final long LIMIT = 1L << 53;

    @Test
    void multipliedEqualsDivisionOnRandomIntegersOfEveryMagnitude() {
        long seed = SeededRandom.seed("DecimalScaleTest.multipliedEqualsDivisionOnRandomIntegersOfEveryMagnitude");
        SplittableRandom random = SeededRandom.random(seed);
        for (int e = 0; e <= DecimalScale.MAX_EXPONENT; e++) {
            DecimalScale scale = DecimalScale.of(e);
            for (int trial = 0; trial < 200_000; trial++) {
                int bits = random.nextInt(55);
                long integer = bits == 0 ? 0 : random.nextLong(1L << (bits - 1), bits == 54 ? LIMIT + 1 : 1L << bits);
                integer = random.nextBoolean() ? integer : -integer;
                assertSame(scale, integer, "seed=" + seed);
            }
        }
    }

    @Test
    void multipliedEqualsDivisionNearRoundingBoundaries() {
        long seed = SeededRandom.seed("DecimalScaleTest.multipliedEqualsDivisionNearRoundingBoundaries");
        SplittableRandom random = SeededRandom.random(seed);
        for (int e = 1; e <= DecimalScale.MAX_EXPONENT; e++) {
            DecimalScale scale = DecimalScale.of(e);
            for (int trial = 0; trial < 100_000; trial++) {
                // a double q, the midpoint above it, and the integers nearest to midpoint * 10^e
                double q = random.nextDouble(1, 2) * Math.pow(2, random.nextInt(-10, 53)) / scale.power();
                double midpointTimesPower = (q + Math.ulp(q) / 2) * scale.power();
                if (!(Math.abs(midpointTimesPower) < LIMIT - 2)) {
                    continue;
                }
                long nearest = (long) midpointTimesPower;
                for (long integer = nearest - 2; integer <= nearest + 2; integer++) {
                    assertSame(scale, integer, "seed=" + seed);
                    assertSame(scale, -integer, "seed=" + seed);
                }
            }
        }
    }

    @Test
    void edgesEqualDivision() {
        long[] edges = {0, 1, -1, 2, 5, 9, 10, 99, 100, 101, LIMIT, -LIMIT, LIMIT - 1, 1 - LIMIT, LIMIT + 1, -LIMIT - 1,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - LIMIT, Long.MIN_VALUE + LIMIT, 1L << 52, 999_999_999_999_999L,
            123_456_789_012_345L, 1_000_000_000_000_000_000L, -1_000_000_000_000_000_000L};
        for (int e = 0; e <= DecimalScale.MAX_EXPONENT; e++) {
            for (long integer : edges) {
                DecimalScale scale = DecimalScale.of(e);
                assertEquals(Double.doubleToRawLongBits(integer / scale.power()), scale.bits(integer),
                    "integer=" + integer + " e=" + e);
                if (Math.abs(integer) <= LIMIT) {
                    assertSame(scale, integer, "edge");
                }
            }
        }
    }

    @Test
    void zeroIsPositiveZero() {
        for (int e = 0; e <= DecimalScale.MAX_EXPONENT; e++) {
            assertEquals(0L, DecimalScale.of(e).bits(0));
        }
    }

    private static void assertSame(DecimalScale scale, long integer, String context) {
        long expected = Double.doubleToRawLongBits(integer / scale.power());
        long actual = Double.doubleToRawLongBits(scale.multiplied(integer));
        if (expected != actual) {
            throw new AssertionError("integer=" + integer + " e=" + scale.exponent() + " division="
                + Long.toHexString(expected) + " multiplied=" + Long.toHexString(actual) + " " + context);
        }
    }
}
