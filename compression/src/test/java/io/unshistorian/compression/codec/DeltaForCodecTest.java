package io.unshistorian.compression.codec;

import org.junit.jupiter.api.Test;

class DeltaForCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new DeltaForCodec();
    }

    /** Blocks of every step width 0..64 (whole and partial blocks), through the word-wise unpacker. */
    @Test
    void roundTripsEveryStepWidth() {
        for (int width = 0; width <= 64; width++) {
            for (int count : new int[] {1, 2, 128, 129, 130, 200, 257, 1000}) {
                long[] values = new long[count];
                long span = width == 64 ? -1L : (1L << width) - 1;
                for (int i = 1; i < count; i++) {
                    // steps alternating between the smallest and largest of the width (wrapping)
                    values[i] = values[i - 1] + (i % 3 == 0 ? span : i % 3 == 1 ? 0 : span >>> 1) + 1;
                }
                assertRoundTrip(newCodec(), values, 5, "width=" + width + " count=" + count);
                values[count / 2] = Long.MIN_VALUE;
                values[count - 1] = Long.MAX_VALUE;
                assertRoundTrip(newCodec(), values, 0, "width=" + width + " count=" + count + " with extremes");
            }
        }
    }
}
