package io.unshistorian.compression.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Each value as the zigzag varint of its difference to the one before (the first: to 0), codec id 9.
 * Alone it is larger than {@link DeltaForCodec}'s bit-packing; it exists for the entropy stage: whole
 * bytes per step are what zstd's entropy coder models well, so a noisy series whose steps need six
 * bits at the block's extremes but carry five of information ends near five (VictoriaMetrics stores
 * its integers the same way under zstd). The chunk encoder tries it only with the entropy stage on.
 *
 * <pre>
 *   count x varint zigzag(value_i - value_(i-1))     value_(-1) = 0; differences wrap around 2^64
 * </pre>
 */
public final class DeltaVarintCodec implements LongColumnCodec {
    private final VarintReader reader = new VarintReader();

    @Override
    public int id() {
        return CodecIds.DELTA_VARINT;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        int at = offset;
        long previous = 0;
        for (int i = 0; i < count; i++) {
            at += Varints.putUnsigned(dst, at, Varints.zigzag(values[i] - previous));
            previous = values[i];
        }
        return at - offset;
    }

    /** Bits the steps would take as varints, estimated as their magnitude's bit lengths. */
    static long stepBits(long[] values, int count) {
        long bits = 0;
        long previous = 0;
        for (int i = 0; i < count; i++) {
            bits += 64 - Long.numberOfLeadingZeros(Varints.zigzag(values[i] - previous));
            previous = values[i];
        }
        return bits;
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        decode(src, offset, length, count, dst, null);
    }

    /**
     * Decodes, and when {@code scale} is not null stores each integer as the raw bits of
     * {@code integer / 10^e} instead (the decimal codec's values).
     */
    void decode(DirectBuffer src, int offset, int length, int count, long[] dst, DecimalScale scale) {
        VarintReader in = reader.wrap(src, offset, length, "delta-varint column");
        long value = 0;
        for (int i = 0; i < count; i++) {
            value += in.readSigned();
            dst[i] = scale == null ? value : scale.bits(value);
        }
        in.expectEnd();
    }
}
