package io.unshistorian.compression.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.unshistorian.compression.AdversarialColumns;
import io.unshistorian.testkit.SeededRandom;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The lengths the chunk encoder counts to choose a codec without writing it are exactly the lengths
 * the codecs write, on adversarial columns and their prefixes.
 */
class EncodedLengthTest {
    @Test
    void countedLengthsEqualWrittenLengths() {
        long seed = SeededRandom.seed("EncodedLengthTest.countedLengthsEqualWrittenLengths");
        SplittableRandom random = SeededRandom.random(seed);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        DeltaOfDeltaCodec deltaOfDelta = new DeltaOfDeltaCodec();
        DeltaForCodec deltaFor = new DeltaForCodec();
        GorillaXorCodec xor = new GorillaXorCodec();
        for (AdversarialColumns.Case column : AdversarialColumns.cases(random)) {
            for (int trial = 0; trial < 4; trial++) {
                int count = trial == 0 ? column.values().length : random.nextInt(column.values().length + 1);
                long[] values = Arrays.copyOf(column.values(), count);
                String context = "case=" + column + " count=" + count + " seed=" + seed;
                assertEquals(xor.encode(values, count, buffer, 0), GorillaXorCodec.encodedLength(values, count), context);
                if (count == 0) {
                    continue;
                }
                long divisor = CommonDivisor.ofSteps(values, count);
                assertEquals(deltaOfDelta.encode(values, count, buffer, 0),
                    DeltaOfDeltaCodec.encodedLength(values, count, divisor), context);
                assertEquals(deltaFor.encode(values, count, buffer, 0),
                    DeltaForCodec.encodedLength(values, count, divisor), context);
            }
        }
    }
}
