package io.unshistorian.compression.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Bit-exact comparison of two sets of sample columns. */
final class ChunkAssertions {
    private ChunkAssertions() {
    }

    static void assertSameSamples(SampleColumns expected, SampleColumns actual, String context) {
        assertEquals(expected.type(), actual.type(), context);
        assertEquals(expected.size(), actual.size(), context);
        for (int i = 0; i < expected.size(); i++) {
            if (expected.timestamp(i) != actual.timestamp(i)) {
                fail("timestamp " + i + ": expected " + expected.timestamp(i) + " got " + actual.timestamp(i) + ", "
                    + context);
            }
            boolean sameValue = expected.type() == ValueType.STRING
                ? expected.stringValue(i).equals(actual.stringValue(i))
                : expected.valueBits(i) == actual.valueBits(i);
            if (!sameValue) {
                fail("value " + i + " differs, " + context);
            }
            if (expected.quality(i) != actual.quality(i)) {
                fail("quality " + i + ": expected " + expected.quality(i) + " got " + actual.quality(i) + ", " + context);
            }
        }
    }
}
