package io.unshistorian.compression.codec;

import io.unshistorian.compression.bits.BitReader;
import io.unshistorian.compression.bits.BitWriter;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Gorilla XOR compression of 64-bit patterns, normally the raw bits of doubles (codec id 3).
 *
 * <p>Layout: a bit stream holding the first value in 64 bits, then per further value the XOR with
 * its predecessor as
 * <pre>
 *   0                                          XOR is 0 (value repeated)
 *   10 + meaningful bits                       the XOR fits the previous window of meaningful bits
 *                                              (the encoder may open a new window when cheaper)
 *   11 + 5 bits leading zeros + 6 bits length  a new window (length 64 is written as 0),
 *      + meaningful bits                       leading zeros above 31 are written as 31
 * </pre>
 * Values are compared as bit patterns, so NaN payloads, -0.0 and infinities round-trip exactly.
 */
public final class GorillaXorCodec implements LongColumnCodec {
    private static final int NO_WINDOW = Integer.MAX_VALUE;

    private final BitWriter writer = new BitWriter();
    private final BitReader reader = new BitReader();

    @Override
    public int id() {
        return CodecIds.GORILLA_XOR;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        if (count == 0) {
            return 0;
        }
        BitWriter bits = writer.wrap(dst, offset);
        long previous = values[0];
        bits.writeBits(previous, 64);
        int windowLeading = NO_WINDOW;
        int windowTrailing = 0;
        for (int i = 1; i < count; i++) {
            long value = values[i];
            long xor = value ^ previous;
            previous = value;
            if (xor == 0) {
                bits.writeBits(0, 1);
                continue;
            }
            int leading = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int trailing = Long.numberOfTrailingZeros(xor);
            int length = 64 - leading - trailing;
            int windowLength = 64 - windowLeading - windowTrailing;
            // Reuse the window when the XOR fits it and reusing is no dearer than a new header.
            if (leading >= windowLeading && trailing >= windowTrailing && windowLength <= length + 11) {
                if (windowLength <= 62) {
                    bits.writeBits((0b10L << windowLength) | (xor >>> windowTrailing), windowLength + 2);
                } else {
                    bits.writeBits(0b10, 2);
                    bits.writeBits(xor >>> windowTrailing, windowLength);
                }
            } else {
                long header = (0b11L << 11) | ((long) leading << 6) | (length & 63);
                if (length <= 51) {
                    bits.writeBits((header << length) | (xor >>> trailing), length + 13);
                } else {
                    bits.writeBits(header, 13);
                    bits.writeBits(xor >>> trailing, length);
                }
                windowLeading = leading;
                windowTrailing = trailing;
            }
        }
        return bits.finish();
    }

    /**
     * The bytes {@link #encode} would write, counted with the same window rule but without writing:
     * lets the chunk encoder write only the smaller codec.
     */
    public static int encodedLength(long[] values, int count) {
        if (count == 0) {
            return 0;
        }
        long bits = 64;
        long previous = values[0];
        int windowLeading = NO_WINDOW;
        int windowTrailing = 0;
        for (int i = 1; i < count; i++) {
            long xor = values[i] ^ previous;
            previous = values[i];
            if (xor == 0) {
                bits++;
                continue;
            }
            int leading = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int trailing = Long.numberOfTrailingZeros(xor);
            int length = 64 - leading - trailing;
            int windowLength = 64 - windowLeading - windowTrailing;
            if (leading >= windowLeading && trailing >= windowTrailing && windowLength <= length + 11) {
                bits += 2 + windowLength;
            } else {
                bits += 13 + length;
                windowLeading = leading;
                windowTrailing = trailing;
            }
        }
        return (int) ((bits + 7) / 8);
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        if (count == 0) {
            if (length != 0) {
                throw new CorruptColumnException("XOR column: " + length + " bytes for 0 values");
            }
            return;
        }
        BitReader bits = reader.wrap(src, offset, length);
        long value = bits.readBits(64);
        dst[0] = value;
        int windowLength = 0;
        int windowTrailing = 0;
        int i = 1;
        while (i < count) {
            long window = bits.window();
            if (window >= 0) {
                int run = Math.min(Math.min(Long.numberOfLeadingZeros(window), BitReader.WINDOW_BITS), count - i);
                bits.skip(run);
                for (int end = i + run; i < end; i++) {
                    dst[i] = value;
                }
                continue;
            }
            int headerBits;
            if ((window << 1) < 0) {
                int leading = (int) ((window << 2) >>> 59);
                int encodedLength = (int) ((window << 7) >>> 58);
                windowLength = encodedLength == 0 ? 64 : encodedLength;
                windowTrailing = 64 - leading - windowLength;
                if (windowTrailing < 0) {
                    throw new CorruptColumnException("XOR column: window of " + leading + " leading zeros and "
                        + windowLength + " bits exceeds 64 at value " + i);
                }
                headerBits = 13;
            } else {
                if (windowLength == 0) {
                    throw new CorruptColumnException("XOR column: reuse of a window before any was set at value " + i);
                }
                headerBits = 2;
            }
            if (headerBits + windowLength <= BitReader.WINDOW_BITS) {
                // The meaningful bits are already in the window just read.
                value ^= ((window << headerBits) >>> (64 - windowLength)) << windowTrailing;
                bits.skip(headerBits + windowLength);
            } else {
                bits.skip(headerBits);
                value ^= bits.readBits(windowLength) << windowTrailing;
            }
            dst[i++] = value;
        }
        DeltaOfDeltaCodec.checkConsumed(bits, length);
    }
}
