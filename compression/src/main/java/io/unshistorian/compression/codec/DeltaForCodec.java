package io.unshistorian.compression.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Delta + frame of reference in blocks (codec id 7): the steps between consecutive values, divided
 * by their common divisor, are cut into blocks of {@value #BLOCK} and each block is bit-packed as its
 * minimum plus the offsets from it in the fewest bits that hold them. A perfectly regular series
 * (all steps equal) costs no bits per value; a jittered one a few bits.
 *
 * <pre>
 *   u8 exponent, varint factor              divisor d = factor * 10^exponent (as delta-of-delta)
 *   varint zigzag(first value)
 *   per block of up to 128 steps (step_i = (v_i - v_{i-1}) / d):
 *     u8 width w (0..64), varint zigzag(min step),
 *     ceil(n * w / 64) little-endian u64 words: offset_j = step_j - min (unsigned) at bit j * w,
 *     least significant bits first
 * </pre>
 */
public final class DeltaForCodec implements LongColumnCodec {
    public static final int BLOCK = 128;

    private final long[] steps = new long[BLOCK];
    private final ByteCursor cursor = new ByteCursor();

    @Override
    public int id() {
        return CodecIds.DELTA_FOR;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        if (count == 0) {
            return 0;
        }
        long divisor = CommonDivisor.ofSteps(values, count);
        int shift = CommonDivisor.shiftOf(divisor);
        long inverse = CommonDivisor.inverseOf(divisor);
        int at = offset + CommonDivisor.write(divisor, dst, offset);
        at += Varints.putUnsigned(dst, at, Varints.zigzag(values[0]));
        for (int start = 1; start < count; start += BLOCK) {
            int n = Math.min(BLOCK, count - start);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int j = 0; j < n; j++) {
                long step = CommonDivisor.divideExact(values[start + j] - values[start + j - 1], shift, inverse);
                steps[j] = step;
                min = Math.min(min, step);
                max = Math.max(max, step);
            }
            int width = 64 - Long.numberOfLeadingZeros(max - min);
            dst.putByte(at++, (byte) width);
            at += Varints.putUnsigned(dst, at, Varints.zigzag(min));
            at = pack(steps, n, min, width, dst, at);
        }
        return at - offset;
    }

    private static int pack(long[] source, int n, long min, int width, MutableDirectBuffer dst, int at) {
        if (width == 0) {
            return at;
        }
        long word = 0;
        int used = 0;
        int position = at;
        for (int j = 0; j < n; j++) {
            long offset = source[j] - min;
            word |= offset << used;
            int free = 64 - used;
            if (width >= free) {
                dst.putLong(position, word, ByteOrder.LITTLE_ENDIAN);
                position += 8;
                word = free == 64 ? 0 : offset >>> free;
                used = width - free;
            } else {
                used += width;
            }
        }
        if (used > 0) {
            dst.putLong(position, word, ByteOrder.LITTLE_ENDIAN);
            position += 8;
        }
        return position;
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        decode(src, offset, length, count, dst, 0);
    }

    /**
     * Decodes, and when {@code power} is not 0 stores each integer as the raw bits of
     * {@code integer / power} instead (the decimal codec's values, in the same pass).
     */
    void decode(DirectBuffer src, int offset, int length, int count, long[] dst, double power) {
        ByteCursor in = cursor.wrap(src, offset, length, "delta-FOR column");
        if (count == 0) {
            in.expectEnd();
            return;
        }
        long divisor = CommonDivisor.read(in, "delta-FOR column");
        long value = in.readSignedVarint();
        dst[0] = power == 0 ? value : Double.doubleToRawLongBits(value / power);
        for (int start = 1; start < count; start += BLOCK) {
            int n = Math.min(BLOCK, count - start);
            int width = in.readUnsignedByte();
            if (width > 64) {
                throw new CorruptColumnException("delta-FOR column: width " + width + " exceeds 64");
            }
            long min = in.readSignedVarint() * divisor;
            int words = (int) (((long) n * width + 63) / 64);
            int at = in.position();
            in.skip(words * 8);
            value = power == 0 ? unpack(src, at, n, width, min, divisor, value, dst, start)
                : unpackScaled(src, at, n, width, min, divisor, value, dst, start, power);
        }
        in.expectEnd();
    }

    // unpackScaled and unpack are the same loop on purpose: one writes integers, one decimal doubles,
    // and keeping the division out of the plain loop keeps both tight enough for the JIT.
    private static long unpackScaled(DirectBuffer src, int at, int n, int width, long min, long divisor,
                                     long previous, long[] dst, int start, double power) {
        long value = previous;
        if (width == 0) {
            for (int j = 0; j < n; j++) {
                value += min;
                dst[start + j] = Double.doubleToRawLongBits(value / power);
            }
            return value;
        }
        long mask = width == 64 ? -1L : (1L << width) - 1;
        long bit = 0;
        for (int j = 0; j < n; j++) {
            int word = (int) (bit >>> 6);
            int shift = (int) (bit & 63);
            long offset = src.getLong(at + word * 8, ByteOrder.LITTLE_ENDIAN) >>> shift;
            if (shift + width > 64) {
                offset |= src.getLong(at + word * 8 + 8, ByteOrder.LITTLE_ENDIAN) << (64 - shift);
            }
            value += (offset & mask) * divisor + min;
            dst[start + j] = Double.doubleToRawLongBits(value / power);
            bit += width;
        }
        return value;
    }

    private static long unpack(DirectBuffer src, int at, int n, int width, long min, long divisor, long previous,
                               long[] dst, int start) {
        long value = previous;
        if (width == 0) {
            for (int j = 0; j < n; j++) {
                value += min;
                dst[start + j] = value;
            }
            return value;
        }
        long mask = width == 64 ? -1L : (1L << width) - 1;
        long bit = 0;
        for (int j = 0; j < n; j++) {
            int word = (int) (bit >>> 6);
            int shift = (int) (bit & 63);
            long offset = src.getLong(at + word * 8, ByteOrder.LITTLE_ENDIAN) >>> shift;
            if (shift + width > 64) {
                offset |= src.getLong(at + word * 8 + 8, ByteOrder.LITTLE_ENDIAN) << (64 - shift);
            }
            value += (offset & mask) * divisor + min;
            dst[start + j] = value;
            bit += width;
        }
        return value;
    }
}
