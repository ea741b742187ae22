package io.unshistorian.compression.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Unpacks a block of {@code n} values of {@code width} bits, packed least significant bit first into
 * little-endian 64-bit words (the layout of {@link DeltaForCodec}). The words are first copied into a
 * long array with one zero word of padding, so each value is two array loads and shifts with no
 * branch on whether it straddles two words: that branch follows the bit position and mispredicts on
 * most widths.
 *
 * <p>Reusable; not thread-safe.
 */
final class BlockUnpacker {
    private final long[] words;

    /** An unpacker for blocks of at most {@code maxValues} values. */
    BlockUnpacker(int maxValues) {
        words = new long[maxValues + 1];
    }

    /**
     * Copies the {@code wordCount} words at {@code at} of {@code src} into the returned array, followed
     * by a zero word; valid until the next call.
     */
    long[] load(DirectBuffer src, int at, int wordCount) {
        long[] w = words;
        for (int k = 0; k < wordCount; k++) {
            w[k] = src.getLong(at + k * 8, ByteOrder.LITTLE_ENDIAN);
        }
        w[wordCount] = 0;
        return w;
    }

    /** The mask of a value of {@code width} bits, 0..64. */
    static long mask(int width) {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /** Value {@code j} of {@code width} bits from words loaded by {@link #load}. */
    static long value(long[] words, int j, int width, long mask) {
        int bit = j * width;
        int index = bit >>> 6;
        int shift = bit & 63;
        // the high word shifts by 64 - shift in two steps, so a shift of 0 contributes nothing
        return ((words[index] >>> shift) | ((words[index + 1] << 1) << (63 - shift))) & mask;
    }

    /**
     * Reads the {@code wordCount} words at {@code at} of {@code src} and writes the {@code n} values
     * to {@code dst[0, n)}; {@code wordCount} must be {@code ceil(n * width / 64)}.
     */
    void unpack(DirectBuffer src, int at, int wordCount, int n, int width, long[] dst) {
        long[] w = load(src, at, wordCount);
        long mask = mask(width);
        for (int j = 0; j < n; j++) {
            dst[j] = value(w, j, width, mask);
        }
    }
}
