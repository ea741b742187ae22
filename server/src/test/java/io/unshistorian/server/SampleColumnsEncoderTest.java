package io.unshistorian.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.Test;

/**
 * The hand-written wire form of a raw read's messages against the generated message built sample
 * by sample: the same bytes, for every value type, adversarial values, all-Good and mixed
 * qualities, empty columns and a cursor.
 */
class SampleColumnsEncoderTest {
    private static final long[] EDGES = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, 127, 128, -128, 1L << 56,
        Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
        0x7FF0_0000_0000_0001L};

    @Test
    void encodesWhatTheGeneratedMessageWrites() throws Exception {
        long seed = SeededRandom.seed("SampleColumnsEncoderTest.encodesWhatTheGeneratedMessageWrites");
        SplittableRandom random = SeededRandom.random(seed);
        for (int trial = 0; trial < 400; trial++) {
            ValueType type = ValueType.values()[random.nextInt(ValueType.values().length)];
            int count = trial % 50 == 0 ? 0 : random.nextInt(trial % 7 == 0 ? 3000 : 40);
            long[] timestamps = new long[count];
            long[] values = new long[count];
            int[] qualities = new int[count];
            String[] texts = new String[count];
            boolean allGood = random.nextBoolean();
            for (int i = 0; i < count; i++) {
                timestamps[i] = random.nextInt(5) == 0 ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
                values[i] = type == ValueType.BOOLEAN ? random.nextInt(2)
                    : random.nextInt(4) == 0 ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
                qualities[i] = allGood ? 0 : random.nextInt(3) == 0 ? 0 : random.nextInt(3) == 0 ? -1 : random.nextInt();
                texts[i] = random.nextInt(10) == 0 ? "" : "state é " + random.nextInt(1000) + "\uD83D\uDE00";
            }
            String cursor = random.nextInt(4) == 0 ? "cursor-" + random.nextLong() : null;
            String path = count == 0 && random.nextBoolean() ? null : "acme/line" + random.nextInt(9) + "/tag";
            String context = "trial " + trial + " " + type + " n=" + count + " " + SeededRandom.describe(seed);

            SampleColumns.Builder expected = SampleColumns.newBuilder();
            if (path != null) {
                SeriesSamples.Builder samples = SeriesSamples.newBuilder().setPath(path)
                    .setType(ProtoMapping.type(type));
                for (int i = 0; i < count; i++) {
                    samples.addTimestampsNs(timestamps[i]);
                    ProtoMapping.addValue(samples, type, values[i], texts[i]);
                    if (!allGood) {
                        samples.addQualities(qualities[i]);
                    }
                }
                if (!allGood && count > 0 && java.util.Arrays.stream(qualities).allMatch(q -> q == 0)) {
                    samples.clearQualities();   // all Good after all: left out
                }
                expected.setSamples(samples);
            }
            if (cursor != null) {
                expected.setNextCursor(cursor);
            }
            byte[] encoded = SampleColumnsEncoder.encode(path, type, count, timestamps, values, qualities, texts, cursor);
            assertArrayEquals(expected.build().toByteArray(), encoded, context);
            assertEquals(expected.build(), SampleColumns.parseFrom(encoded), context);
        }
    }
}
