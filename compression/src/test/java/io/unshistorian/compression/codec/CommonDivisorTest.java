package io.unshistorian.compression.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import io.unshistorian.compression.AdversarialColumns;
import io.unshistorian.testkit.SeededRandom;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

class CommonDivisorTest {
    @Test
    void findsTheDivisorOfRegularAndJitteredSteps() {
        assertEquals(1_000_000L, CommonDivisor.ofSteps(AdversarialColumns.regular(100, 7, 1_000_000L), 100));
        assertEquals(300_000_000_000L, CommonDivisor.ofSteps(new long[] {0, 300_000_000_000L, 900_000_000_000L}, 3));
        assertEquals(1_000_000L, CommonDivisor.ofSteps(new long[] {5, 5 + 1_000_000L, 5 + 4_000_000L, 5 - 2_000_000L}, 4));
        assertEquals(1, CommonDivisor.ofSteps(new long[] {0, 0, 0}, 3));
        assertEquals(1, CommonDivisor.ofSteps(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 2));
        assertEquals(Long.MIN_VALUE, CommonDivisor.ofSteps(new long[] {0, Long.MIN_VALUE}, 2));
    }

    @Test
    void exactDivisionMatchesDivision() {
        long seed = SeededRandom.seed("CommonDivisorTest.exactDivisionMatchesDivision");
        SplittableRandom random = SeededRandom.random(seed);
        for (int i = 0; i < 100_000; i++) {
            long divisor = 1 + random.nextLong(0, 1L << random.nextInt(1, 40));
            long quotient = random.nextLong(-(Long.MAX_VALUE / divisor), Long.MAX_VALUE / divisor);
            long multiple = quotient * divisor;
            assertEquals(quotient, CommonDivisor.divideExact(multiple, CommonDivisor.shiftOf(divisor),
                CommonDivisor.inverseOf(divisor)), "divisor=" + divisor + " multiple=" + multiple + " seed=" + seed);
        }
    }

    /** A series in ns whose timestamps are whole ms or s costs exactly what it costs stored in ms or s. */
    @Test
    void nanosecondTimestampsOfCoarsePrecisionCostNoMoreThanCoarseUnits() {
        long seed = SeededRandom.seed("CommonDivisorTest.nanosecondTimestampsOfCoarsePrecisionCostNoMoreThanCoarseUnits");
        SplittableRandom random = SeededRandom.random(seed);
        DeltaOfDeltaCodec codec = new DeltaOfDeltaCodec();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        for (long unit : new long[] {1_000_000L, 1_000_000_000L}) {
            for (int trial = 0; trial < 50; trial++) {
                int n = 1 + random.nextInt(5000);
                long[] coarse = new long[n];
                long[] nanos = new long[n];
                long t = 1_600_000_000_000L / (unit / 1_000_000L) + random.nextInt(1000);
                for (int i = 0; i < n; i++) {
                    t += random.nextInt(4) == 0 ? random.nextInt(-3, 100) : 1000;
                    coarse[i] = t;
                    nanos[i] = t * unit;
                }
                int coarseLength = codec.encode(coarse, n, buffer, 0);
                int nanosLength = codec.encode(nanos, n, buffer, 0);
                // The first timestamp is stored raw in both, so only the divisor header may differ:
                // both are one exponent byte and a varint factor.
                assertEquals(coarseLength, nanosLength, "unit=" + unit + " n=" + n + " seed=" + seed);
            }
        }
    }
}
