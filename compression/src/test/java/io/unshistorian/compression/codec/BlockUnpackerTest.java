package io.unshistorian.compression.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import io.unshistorian.testkit.SeededRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockUnpacker} against a bit-by-bit reference on every width 0..64 and block lengths that
 * are and are not multiples of 64 bits, reading from a view that ends exactly at the last word.
 */
class BlockUnpackerTest {
    private static final int[] LENGTHS = {1, 2, 3, 7, 63, 64, 65, 100, 127, 128};

    @Test
    void everyWidthAndLengthMatchesTheReference() {
        long seed = SeededRandom.seed("BlockUnpackerTest.everyWidthAndLengthMatchesTheReference");
        SplittableRandom random = SeededRandom.random(seed);
        BlockUnpacker unpacker = new BlockUnpacker(DeltaForCodec.BLOCK);
        long[] out = new long[DeltaForCodec.BLOCK + 1];
        for (int width = 0; width <= 64; width++) {
            for (int n : LENGTHS) {
                long mask = width == 64 ? -1L : (1L << width) - 1;
                long[] values = new long[n];
                for (int j = 0; j < n; j++) {
                    // extremes and random values of exactly this width
                    values[j] = j % 5 == 0 ? mask : j % 5 == 1 ? 0 : random.nextLong() & mask;
                }
                int words = (n * width + 63) / 64;
                int at = 3;   // an odd offset
                byte[] bytes = new byte[at + words * 8];
                UnsafeBuffer packed = new UnsafeBuffer(bytes);
                for (int j = 0; j < n; j++) {
                    for (int b = 0; b < width; b++) {
                        if ((values[j] >>> b & 1) != 0) {
                            int bit = j * width + b;
                            int word = at + (bit / 64) * 8;
                            packed.putLong(word, packed.getLong(word, ByteOrder.LITTLE_ENDIAN) | 1L << (bit % 64),
                                ByteOrder.LITTLE_ENDIAN);
                        }
                    }
                }
                out[n] = 0x5EED;
                unpacker.unpack(packed, at, words, n, width, out);
                for (int j = 0; j < n; j++) {
                    assertEquals(values[j], out[j], "width=" + width + " n=" + n + " j=" + j + " seed=" + seed);
                }
                assertEquals(0x5EED, out[n], "wrote past n, width=" + width + " n=" + n);
            }
        }
    }
}
