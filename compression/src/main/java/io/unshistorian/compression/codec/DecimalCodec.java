package io.unshistorian.compression.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Doubles that are decimals (a temperature rounded to 0.01, a vibration with 4 decimals) stored as
 * the integers {@code value * 10^e}, in the spirit of ALP and of VictoriaMetrics' decimal
 * conversion: a change of 0.01 is a step of 1, where Gorilla XOR spends 30-40 bits. Lossless: a
 * value is stored as an integer only if dividing that integer by 10^e gives back the very same bits;
 * every other value (NaN payloads, -0.0, infinities, values with more decimals) is an exception.
 * Two codec ids, which differ in how an exception is kept:
 * <ul>
 *   <li>{@link CodecIds#DECIMAL} (6, read only now): its raw 64 bits; its integer slot repeats the
 *       integer before it;</li>
 *   <li>{@link CodecIds#DECIMAL_NEAR} (8, written): the XOR of its bits with the decimal nearest to
 *       it, whose integer takes its slot (the integer before it when the value has none: NaN,
 *       infinities, magnitudes past 2^53 / 10^e). A float artefact such as
 *       {@code 74.93588199999998} among 8-decimal values differs from {@code 74.935882} in its last
 *       bits: a byte or two instead of eight.</li>
 * </ul>
 *
 * <pre>
 *   u8 exponent e (0..18)
 *   varint exception count k
 *   k x (varint position gap, exception)   gap = position - previous position (first: position);
 *                                          exception: u64 little-endian raw bits (id 6),
 *                                          varint of the XOR (id 8)
 *   id 6: the integers, as a {@link DeltaForCodec} column
 *   id 8: u8 integer codec (7 {@link DeltaForCodec}, 9 {@link DeltaVarintCodec}, 10
 *         {@link MeanPredictedVarintCodec}), the integers in it
 * </pre>
 * Decoding: {@code value_i = integer_i / 10^e} (IEEE division, correctly rounded), then each
 * exception overwrites its position (id 6) or is XORed into it (id 8).
 */
public final class DecimalCodec implements LongColumnCodec {
    /** Largest exponent tried: 10^15 keeps any value below 2^53 / 10^15 ~ 9 exact. */
    public static final int MAX_EXPONENT = 15;
    private static final double[] POWERS = new double[19];
    /** Values whose integer would pass 2^53 cannot be exact doubles: exceptions. */
    private static final double LIMIT = 9.007199254740992E15;
    /** Estimated cost of a raw exception: a varint position gap and 64 raw bits. */
    private static final double RAW_EXCEPTION_BITS = 80;
    /**
     * Values of a column whose exponents decide the one it is encoded with: 512 gave the same bytes as
     * 4096 on every benchmark data set, and the choice was a third of a chunk encode's time.
     */
    private static final int SAMPLE_SIZE = 512;
    /** Each step of the exponent multiplies the integers' deltas by 10. */
    private static final double BITS_PER_EXPONENT = 3.32;

    static {
        double power = 1;
        for (int e = 0; e < POWERS.length; e++) {
            POWERS[e] = power;
            power *= 10;
        }
    }

    private final boolean nearMisses;
    /** Writes the integers as varint steps (for the entropy stage) instead of frame-of-reference blocks. */
    private final boolean varintIntegers;
    private final DeltaForCodec integers = new DeltaForCodec();
    private final DeltaVarintCodec varintSteps = new DeltaVarintCodec();
    private final MeanPredictedVarintCodec meanPredicted = new MeanPredictedVarintCodec();
    private final ByteCursor header = new ByteCursor();
    private final ByteCursor exceptionCursor = new ByteCursor();
    private long[] scaled = new long[1024];
    private int[] exceptionPositions = new int[64];
    private final int[] exponentCounts = new int[MAX_EXPONENT + 2];
    private final int[] sampledExponents = new int[SAMPLE_SIZE + 1];

    /** The codec this build writes: exceptions as XOR against the nearest decimal (id 8). */
    public DecimalCodec() {
        this(true);
    }

    /** {@code nearMisses}: id 8, exceptions XORed against the nearest decimal; else id 6, raw exceptions. */
    public DecimalCodec(boolean nearMisses) {
        this(nearMisses, false);
    }

    /** {@code varintIntegers} (id 8 only): its integers as varint steps, for the entropy stage. */
    public DecimalCodec(boolean nearMisses, boolean varintIntegers) {
        if (varintIntegers && !nearMisses) {
            throw new IllegalArgumentException("codec 6 has frame-of-reference integers only");
        }
        this.nearMisses = nearMisses;
        this.varintIntegers = varintIntegers;
    }

    @Override
    public int id() {
        return nearMisses ? CodecIds.DECIMAL_NEAR : CodecIds.DECIMAL;
    }

    /** The smallest e in 0..MAX_EXPONENT for which the value is exactly integer / 10^e; MAX+1 when none. */
    static int minimalExponent(double value) {
        if (!(Math.abs(value) < LIMIT) || (value == 0 && Double.doubleToRawLongBits(value) != 0)) {
            return MAX_EXPONENT + 1;
        }
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            double product = value * POWERS[e];
            if (Math.abs(product) >= LIMIT) {
                return MAX_EXPONENT + 1;
            }
            long integer = Math.round(product);
            if (DecimalScale.of(e).bits(integer) == Double.doubleToRawLongBits(value)) {
                return e;
            }
        }
        return MAX_EXPONENT + 1;
    }

    /**
     * The exponent for a column, judged on a sample of at most {@value #SAMPLE_SIZE} values (every
     * value is checked when encoding): the one with the lowest estimated cost, where each step of e
     * costs every value log2(10) ~ 3.3 more bits of integer delta, and each value that needs a larger
     * exponent costs what its exception takes (a gap byte and its XOR varint; 80 bits when raw). So a
     * column whose values mostly have 8 decimals but a few percent are float artefacts
     * ({@code 74.93588199999998}) stays at e = 8 instead of going to e = 15 for everything. Exponents
     * that leave most values as exceptions are not costed: they never win.
     */
    private int chooseExponent(long[] values, int count) {
        java.util.Arrays.fill(exponentCounts, 0);
        int step = Math.max(1, count / SAMPLE_SIZE);
        int sampled = 0;
        for (int i = 0; i < count && sampled < SAMPLE_SIZE; i += step) {
            int exponent = minimalExponent(Double.longBitsToDouble(values[i]));
            sampledExponents[sampled++] = exponent;
            exponentCounts[exponent]++;
        }
        // Values no exponent can represent (NaN, -0.0, infinities, huge) are exceptions whatever e is:
        // they do not take part in the choice.
        int representable = sampled - exponentCounts[MAX_EXPONENT + 1];
        int covered = 0;
        int best = MAX_EXPONENT;
        double bestCost = Double.MAX_VALUE;
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            covered += exponentCounts[e];
            if (covered * 2L < representable) {
                continue;
            }
            double cost = representable * BITS_PER_EXPONENT * e + exceptionBits(values, step, sampled, e);
            if (cost < bestCost) {
                bestCost = cost;
                best = e;
            }
            if (covered == representable) {
                break;   // a larger e only adds bits
            }
        }
        return best;
    }

    /** Estimated bits of the exceptions among the sampled values that need an exponent above {@code e}. */
    private double exceptionBits(long[] values, int step, int sampled, int e) {
        double bits = 0;
        for (int k = 0; k < sampled; k++) {
            int needed = sampledExponents[k];
            if (needed <= e || needed > MAX_EXPONENT) {
                continue;
            }
            if (!nearMisses) {
                bits += RAW_EXCEPTION_BITS;
                continue;
            }
            long original = values[k * step];
            double product = Double.longBitsToDouble(original) * POWERS[e];
            long nearest = Math.abs(product) < LIMIT ? Math.round(product) : 0;
            long xor = original ^ DecimalScale.of(e).bits(nearest);
            bits += 8 + 8 * Varints.unsignedLength(xor);
        }
        return bits;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        if (count == 0) {
            return 0;
        }
        int exponent = chooseExponent(values, count);
        DecimalScale scale = DecimalScale.of(exponent);
        double power = scale.power();
        if (scaled.length < count) {
            scaled = new long[Math.max(count, scaled.length * 2)];
        }
        int exceptions = 0;
        long previous = 0;
        for (int i = 0; i < count; i++) {
            double value = Double.longBitsToDouble(values[i]);
            double product = value * power;
            long integer = Math.round(product);
            boolean exact = Math.abs(product) < LIMIT
                && scale.bits(integer) == values[i];
            if (exact) {
                scaled[i] = integer;
                previous = integer;
            } else {
                boolean near = nearMisses && Math.abs(product) < LIMIT;   // NaN fails the comparison
                scaled[i] = near ? integer : previous;
                previous = scaled[i];
                if (exceptions == exceptionPositions.length) {
                    exceptionPositions = java.util.Arrays.copyOf(exceptionPositions, exceptions * 2);
                }
                exceptionPositions[exceptions++] = i;
            }
        }
        int at = offset;
        dst.putByte(at++, (byte) exponent);
        at += Varints.putUnsigned(dst, at, exceptions);
        int last = 0;
        for (int k = 0; k < exceptions; k++) {
            int position = exceptionPositions[k];
            at += Varints.putUnsigned(dst, at, position - last);
            last = position;
            if (nearMisses) {
                long nearest = scale.bits(scaled[position]);
                at += Varints.putUnsigned(dst, at, values[position] ^ nearest);
            } else {
                dst.putLong(at, values[position], ByteOrder.LITTLE_ENDIAN);
                at += 8;
            }
        }
        if (!nearMisses) {
            at += integers.encode(scaled, count, dst, at);
        } else if (varintIntegers) {
            // steps for what drifts, distance to the recent mean for what is noise around a level
            LongColumnCodec codec = MeanPredictedVarintCodec.residualBits(scaled, count)
                < DeltaVarintCodec.stepBits(scaled, count) ? meanPredicted : varintSteps;
            dst.putByte(at++, (byte) codec.id());
            at += codec.encode(scaled, count, dst, at);
        } else {
            dst.putByte(at++, (byte) CodecIds.DELTA_FOR);
            at += integers.encode(scaled, count, dst, at);
        }
        return at - offset;
    }

    /** The integer column of either layout, each integer stored as the bits of {@code integer / 10^e}. */
    private void decodeIntegers(DirectBuffer src, int offset, int length, int count, long[] dst, DecimalScale scale) {
        if (!nearMisses) {
            integers.decode(src, offset, length, count, dst, scale);
            return;
        }
        if (length < 1) {
            throw new CorruptColumnException("decimal column: no integer codec id");
        }
        int codec = src.getByte(offset) & 0xFF;
        if (codec == CodecIds.DELTA_FOR) {
            integers.decode(src, offset + 1, length - 1, count, dst, scale);
        } else if (codec == CodecIds.DELTA_VARINT) {
            varintSteps.decode(src, offset + 1, length - 1, count, dst, scale);
        } else if (codec == CodecIds.MEAN_VARINT) {
            meanPredicted.decode(src, offset + 1, length - 1, count, dst, scale);
        } else {
            throw new CorruptColumnException("decimal column: integer codec id " + codec + ", expected "
                + CodecIds.DELTA_FOR + ", " + CodecIds.DELTA_VARINT + " or " + CodecIds.MEAN_VARINT);
        }
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        if (count == 0) {
            if (length != 0) {
                throw new CorruptColumnException("decimal column: " + length + " bytes for 0 values");
            }
            return;
        }
        ByteCursor in = header.wrap(src, offset, length, "decimal column");
        int exponent = in.readUnsignedByte();
        if (exponent > 18) {
            throw new CorruptColumnException("decimal column: exponent " + exponent + " exceeds 18");
        }
        long exceptions = in.readUnsignedVarint();
        int exceptionBytes = nearMisses ? 2 : 9;   // at least: a gap byte and a varint byte, or 8 raw bytes
        if (exceptions > count || exceptions * exceptionBytes > in.remaining()) {
            throw new CorruptColumnException("decimal column: " + exceptions + " exceptions do not fit " + count
                + " values in " + in.remaining() + " bytes");
        }
        int exceptionsStart = in.position();
        for (long k = 0; k < exceptions; k++) {
            in.readUnsignedVarint();
            if (nearMisses) {
                in.readUnsignedVarint();
            } else {
                in.skip(8);
            }
        }
        int integersStart = in.position();
        decodeIntegers(src, integersStart, offset + length - integersStart, count, dst, DecimalScale.of(exponent));
        ByteCursor again = exceptionCursor.wrap(src, exceptionsStart, integersStart - exceptionsStart,
            "decimal exceptions");
        long position = 0;
        for (long k = 0; k < exceptions; k++) {
            long gap = again.readUnsignedVarint();   // unsigned: above 2^63 - 1 it reads as negative
            if (gap < 0 || gap >= count - position) {
                throw new CorruptColumnException("decimal column: exception gap " + Long.toUnsignedString(gap)
                    + " after position " + position + " of " + count);
            }
            position += gap;
            if (nearMisses) {
                dst[(int) position] ^= again.readUnsignedVarint();
            } else {
                dst[(int) position] = src.getLong(again.position(), ByteOrder.LITTLE_ENDIAN);
                again.skip(8);
            }
        }
    }
}
