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
    private final BlockUnpacker unpacker = new BlockUnpacker(BLOCK);
    private final ByteCursor cursor = new ByteCursor();

    @Override
    public int id() {
        return CodecIds.DELTA_FOR;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        return count == 0 ? 0 : encode(values, count, CommonDivisor.ofSteps(values, count), dst, offset);
    }

    /**
     * The bytes {@link #encode} would write, counted without packing (count at least 1, {@code divisor}
     * the column's {@link CommonDivisor#ofSteps}): lets the chunk encoder write only the smaller codec.
     */
    public static int encodedLength(long[] values, int count, long divisor) {
        int shift = CommonDivisor.shiftOf(divisor);
        long inverse = CommonDivisor.inverseOf(divisor);
        long length = CommonDivisor.writtenLength(divisor) + Varints.unsignedLength(Varints.zigzag(values[0]));
        for (int start = 1; start < count; start += BLOCK) {
            int n = Math.min(BLOCK, count - start);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int j = 0; j < n; j++) {
                long step = CommonDivisor.divideExact(values[start + j] - values[start + j - 1], shift, inverse);
                min = Math.min(min, step);
                max = Math.max(max, step);
            }
            int width = 64 - Long.numberOfLeadingZeros(max - min);
            length += 1 + Varints.unsignedLength(Varints.zigzag(min)) + ((long) n * width + 63) / 64 * 8;
        }
        return (int) Math.min(length, Integer.MAX_VALUE);
    }

    /** {@link #encode}, given the column's {@link CommonDivisor#ofSteps} (count at least 1). */
    public int encode(long[] values, int count, long divisor, MutableDirectBuffer dst, int offset) {
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
        decode(src, offset, length, count, dst, null);
    }

    /**
     * Decodes, and when {@code scale} is not null stores each integer as the raw bits of
     * {@code integer / 10^e} instead (the decimal codec's values, in the same pass).
     */
    void decode(DirectBuffer src, int offset, int length, int count, long[] dst, DecimalScale scale) {
        ByteCursor in = cursor.wrap(src, offset, length, "delta-FOR column");
        if (count == 0) {
            in.expectEnd();
            return;
        }
        long divisor = CommonDivisor.read(in, "delta-FOR column");
        long value = in.readSignedVarint();
        dst[0] = scale == null ? value : scale.bits(value);
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
            long[] w = unpacker.load(src, at, words);
            value = scale == null ? accumulate(w, n, width, min, divisor, value, dst, start)
                : accumulateScaled(w, n, width, min, divisor, value, dst, start, scale);
        }
        in.expectEnd();
    }

    // accumulate and accumulateScaled are the same loop on purpose: one writes integers, one decimal
    // doubles, and keeping the conversion out of the plain loop keeps both tight enough for the JIT.
    // Each offset is read branch-free from the padded words (see BlockUnpacker).
    private static long accumulate(long[] w, int n, int width, long min, long divisor, long previous, long[] dst,
                                   int start) {
        long value = previous;
        long mask = BlockUnpacker.mask(width);
        int bit = 0;
        for (int j = 0; j < n; j++) {
            int index = bit >>> 6;
            int shift = bit & 63;
            long offset = ((w[index] >>> shift) | ((w[index + 1] << 1) << (63 - shift))) & mask;
            value += offset * divisor + min;
            dst[start + j] = value;
            bit += width;
        }
        return value;
    }

    private static long accumulateScaled(long[] w, int n, int width, long min, long divisor, long previous,
                                         long[] dst, int start, DecimalScale scale) {
        long value = previous;
        long mask = BlockUnpacker.mask(width);
        int bit = 0;
        for (int j = 0; j < n; j++) {
            int index = bit >>> 6;
            int shift = bit & 63;
            long offset = ((w[index] >>> shift) | ((w[index + 1] << 1) << (63 - shift))) & mask;
            value += offset * divisor + min;
            dst[start + j] = scale.bits(value);
            bit += width;
        }
        return value;
    }
}
