package io.unshistorian.compression.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Each value as the zigzag varint of its difference to a prediction, the mean of the
 * {@value #WINDOW} values before it (codec id 10); the first {@value #WINDOW} values are predicted by
 * the value before them (the first: 0). Like {@link DeltaVarintCodec} it is written for the entropy
 * stage. It pays on noisy gauges: a sensor reading that is a slow process plus white noise of
 * deviation s has steps of deviation s * sqrt(2), half a bit more per value than its distance to the
 * recent mean (s * sqrt(1 + 1/8)). A drifting series (a random walk) is better served by steps; the
 * decimal codec picks per column.
 *
 * <pre>
 *   count x varint zigzag(value_i - prediction_i)
 *   prediction_i = value_(i-1) for i in 1..7 (0 for i = 0); (value_(i-8) + ... + value_(i-1)) >> 3 after
 * </pre>
 * All arithmetic wraps around 2^64 (sum, shift and difference alike), so every column round-trips.
 */
public final class MeanPredictedVarintCodec implements LongColumnCodec {
    /** Values in the mean: a power of two, so the mean is a shift. */
    static final int WINDOW = 8;
    private static final int SHIFT = 3;

    private final VarintReader reader = new VarintReader();
    private final long[] window = new long[WINDOW];

    @Override
    public int id() {
        return CodecIds.MEAN_VARINT;
    }

    /** The prediction of {@code values[i]} from the values before it, {@code sum} being the last eight's. */
    static long prediction(long[] values, int i, long sum) {
        return i >= WINDOW ? sum >> SHIFT : i == 0 ? 0 : values[i - 1];
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        int at = offset;
        long sum = 0;
        for (int i = 0; i < count; i++) {
            at += Varints.putUnsigned(dst, at, Varints.zigzag(values[i] - prediction(values, i, sum)));
            sum += values[i] - (i >= WINDOW ? values[i - WINDOW] : 0);
        }
        return at - offset;
    }

    /** Bits the residuals would take as varints, estimated as their magnitude's bit lengths. */
    static long residualBits(long[] values, int count) {
        long bits = 0;
        long sum = 0;
        for (int i = 0; i < count; i++) {
            bits += 64 - Long.numberOfLeadingZeros(Varints.zigzag(values[i] - prediction(values, i, sum)));
            sum += values[i] - (i >= WINDOW ? values[i - WINDOW] : 0);
        }
        return bits;
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        decode(src, offset, length, count, dst, null);
    }

    /**
     * Decodes, and when {@code scale} is not null stores each integer as the raw bits of
     * {@code integer / 10^e} instead (the decimal codec's values). The last eight integers are kept
     * in a ring, so each value is converted as it is decoded.
     */
    void decode(DirectBuffer src, int offset, int length, int count, long[] dst, DecimalScale scale) {
        VarintReader in = reader.wrap(src, offset, length, "mean-predicted column");
        long[] ring = window;
        long sum = 0;
        long previous = 0;
        for (int i = 0; i < count; i++) {
            long prediction = i >= WINDOW ? sum >> SHIFT : previous;
            long value = in.readSigned() + prediction;
            int slot = i & (WINDOW - 1);
            sum += value - (i >= WINDOW ? ring[slot] : 0);
            ring[slot] = value;
            previous = value;
            dst[i] = scale == null ? value : scale.bits(value);
        }
        in.expectEnd();
    }
}
