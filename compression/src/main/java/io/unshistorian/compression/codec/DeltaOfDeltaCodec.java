package io.unshistorian.compression.codec;

import io.unshistorian.compression.bits.BitReader;
import io.unshistorian.compression.bits.BitWriter;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Gorilla delta-of-delta over the steps divided by their common divisor (codec id 2).
 *
 * <p>Layout: {@code u8 exponent}, {@code varint factor} (divisor = factor * 10^exponent, so a ms or s
 * divisor costs two bytes whatever the unit), then a bit stream: the first value in 64 bits, then
 * per further value the difference between its step and the previous step (the first step's
 * predecessor is 0), in units of the divisor, as
 * <pre>
 *   0                       dod == 0
 *   10    + 7 bits          dod in [-64, 63]
 *   110   + 9 bits          dod in [-256, 255]
 *   1110  + 12 bits         dod in [-2048, 2047]
 *   11110 + 32 bits         dod in [-2^31, 2^31 - 1]
 *   11111 + 64 bits         anything else
 * </pre>
 * All arithmetic wraps modulo 2^64, so any sequence of longs round-trips, sorted or not.
 */
public final class DeltaOfDeltaCodec implements LongColumnCodec {
    private final BitWriter writer = new BitWriter();
    private final BitReader reader = new BitReader();
    private final ByteCursor cursor = new ByteCursor();

    @Override
    public int id() {
        return CodecIds.DELTA_OF_DELTA;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        return count == 0 ? 0 : encode(values, count, CommonDivisor.ofSteps(values, count), dst, offset);
    }

    /** {@link #encode}, given the column's {@link CommonDivisor#ofSteps} (count at least 1). */
    public int encode(long[] values, int count, long divisor, MutableDirectBuffer dst, int offset) {
        int headerLength = CommonDivisor.write(divisor, dst, offset);
        int shift = CommonDivisor.shiftOf(divisor);
        long inverse = CommonDivisor.inverseOf(divisor);

        BitWriter bits = writer.wrap(dst, offset + headerLength);
        bits.writeBits(values[0], 64);
        long previousStep = 0;
        for (int i = 1; i < count; i++) {
            long step = CommonDivisor.divideExact(values[i] - values[i - 1], shift, inverse);
            writeDeltaOfDelta(bits, step - previousStep);
            previousStep = step;
        }
        return headerLength + bits.finish();
    }

    /**
     * The bytes {@link #encode} would write, counted without writing (count at least 1, {@code divisor}
     * the column's {@link CommonDivisor#ofSteps}): lets the chunk encoder write only the smaller codec.
     */
    public static int encodedLength(long[] values, int count, long divisor) {
        int shift = CommonDivisor.shiftOf(divisor);
        long inverse = CommonDivisor.inverseOf(divisor);
        long bits = 64;
        long previousStep = 0;
        for (int i = 1; i < count; i++) {
            long step = CommonDivisor.divideExact(values[i] - values[i - 1], shift, inverse);
            bits += recordBits(step - previousStep);
            previousStep = step;
        }
        return CommonDivisor.writtenLength(divisor) + (int) ((bits + 7) / 8);
    }

    private static int recordBits(long dod) {
        if (dod == 0) {
            return 1;
        } else if (fits(dod, 7)) {
            return 9;
        } else if (fits(dod, 9)) {
            return 12;
        } else if (fits(dod, 12)) {
            return 16;
        } else if (fits(dod, 32)) {
            return 37;
        }
        return 69;
    }

    private static void writeDeltaOfDelta(BitWriter bits, long dod) {
        if (dod == 0) {
            bits.writeBits(0, 1);
        } else if (fits(dod, 7)) {
            bits.writeBits((0b10L << 7) | (dod & 0x7F), 9);
        } else if (fits(dod, 9)) {
            bits.writeBits((0b110L << 9) | (dod & 0x1FF), 12);
        } else if (fits(dod, 12)) {
            bits.writeBits((0b1110L << 12) | (dod & 0xFFF), 16);
        } else if (fits(dod, 32)) {
            bits.writeBits((0b11110L << 32) | (dod & 0xFFFF_FFFFL), 37);
        } else {
            bits.writeBits(0b11111, 5);
            bits.writeBits(dod, 64);
        }
    }

    private static boolean fits(long value, int bits) {
        int unused = 64 - bits;
        return (value << unused) >> unused == value;
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        if (count == 0) {
            cursor.wrap(src, offset, length, "delta-of-delta column").expectEnd();
            return;
        }
        long divisor = readDivisor(src, offset, length);
        int headerLength = cursor.position() - offset;
        BitReader bits = reader.wrap(src, offset + headerLength, length - headerLength);

        long value = bits.readBits(64);
        dst[0] = value;
        long step = 0;
        int i = 1;
        while (i < count) {
            long window = bits.window();
            if (window >= 0) {
                int run = Math.min(Math.min(Long.numberOfLeadingZeros(window), BitReader.WINDOW_BITS), count - i);
                bits.skip(run);
                for (int end = i + run; i < end; i++) {
                    value += step;
                    dst[i] = value;
                }
                continue;
            }
            long dod;
            switch (Long.numberOfLeadingZeros(~window)) {
                case 1:
                    dod = (window << 2) >> 57;
                    bits.skip(9);
                    break;
                case 2:
                    dod = (window << 3) >> 55;
                    bits.skip(12);
                    break;
                case 3:
                    dod = (window << 4) >> 52;
                    bits.skip(16);
                    break;
                case 4:
                    dod = (window << 5) >> 32;
                    bits.skip(37);
                    break;
                default:
                    bits.skip(5);
                    dod = bits.readBits(64);
                    break;
            }
            step += dod * divisor;
            value += step;
            dst[i++] = value;
        }
        checkConsumed(bits, length - headerLength);
    }

    private long readDivisor(DirectBuffer src, int offset, int length) {
        return CommonDivisor.read(cursor.wrap(src, offset, length, "delta-of-delta column"), "delta-of-delta column");
    }

    static void checkConsumed(BitReader bits, int streamLength) {
        long unusedBits = (long) streamLength * Byte.SIZE - bits.position();
        if (bits.overran() || unusedBits >= Byte.SIZE) {
            throw new CorruptColumnException("bit stream of " + streamLength + " bytes does not hold the expected values: "
                + (bits.overran() ? "it ends early" : unusedBits / Byte.SIZE + " bytes left over"));
        }
    }
}
