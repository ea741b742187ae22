package io.unshistorian.compression.codec;

/**
 * The greatest common divisor of the steps of a column, and exact division by it.
 *
 * <p>Timestamps are epoch nanoseconds but usually carry only ms or s precision; dividing every step
 * by the column's common divisor makes a ms series in nanoseconds encode exactly like the same
 * series in ms. Division is done as a shift and a multiplication by the modular inverse of the odd
 * part, which is exact for multiples of the divisor and much cheaper than {@code /}.
 */
public final class CommonDivisor {
    private CommonDivisor() {
    }

    /**
     * The largest {@code g} that divides every step {@code values[i] - values[i - 1]}. Returns 1 when
     * a step overflows 64 bits (encoders then work on wrapped steps, still losslessly) or when all
     * values are equal.
     */
    public static long ofSteps(long[] values, int count) {
        long divisor = 0;
        int shift = 0;
        long inverse = 1;
        long maxQuotient = -1;
        long previousStep = 0;
        for (int i = 1; i < count; i++) {
            long a = values[i - 1];
            long b = values[i];
            long step = b - a;
            if (((b ^ a) & (b ^ step)) < 0) {
                return 1;
            }
            if (step == previousStep) {
                continue;
            }
            previousStep = step;
            long magnitude = step < 0 ? -step : step;
            if (divisor != 0 && dividesUnsigned(magnitude, shift, inverse, maxQuotient)) {
                continue;
            }
            divisor = unsignedGcd(divisor, magnitude);
            if (divisor == 1) {
                return 1;
            }
            shift = shiftOf(divisor);
            inverse = inverseOf(divisor);
            maxQuotient = Long.divideUnsigned(-1L, divisor >>> shift);
        }
        return divisor == 0 ? 1 : divisor;
    }

    /**
     * Whether the divisor (2^shift times an odd part with modular inverse {@code inverse}) divides
     * {@code value}, read as unsigned, without a division: an odd d divides x exactly when
     * x * inverse(d) mod 2^64, read as unsigned, is at most (2^64 - 1) / d.
     */
    private static boolean dividesUnsigned(long value, int shift, long inverse, long maxQuotient) {
        if (Long.numberOfTrailingZeros(value) < shift) {
            return false;
        }
        return Long.compareUnsigned((value >>> shift) * inverse, maxQuotient) <= 0;
    }

    /** Binary GCD of two values read as unsigned (so {@code Long.MIN_VALUE} stands for 2^63). */
    static long unsignedGcd(long a, long b) {
        if (a == 0) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        int shift = Long.numberOfTrailingZeros(a | b);
        long x = a >>> Long.numberOfTrailingZeros(a);
        long y = b;
        while (y != 0) {
            y >>>= Long.numberOfTrailingZeros(y);
            if (Long.compareUnsigned(x, y) > 0) {
                long t = x;
                x = y;
                y = t;
            }
            y -= x;
        }
        return x << shift;
    }

    /** Number of trailing zero bits of the divisor: the shift of exact division. */
    public static int shiftOf(long divisor) {
        return Long.numberOfTrailingZeros(divisor);
    }

    /** The inverse modulo 2^64 of the divisor's odd part: exact division multiplies by it. */
    public static long inverseOf(long divisor) {
        long odd = divisor >>> Long.numberOfTrailingZeros(divisor);
        long inverse = odd;
        for (int i = 0; i < 5; i++) {
            inverse *= 2 - odd * inverse;
        }
        return inverse;
    }

    /** {@code multiple / divisor} for an exact multiple, given {@link #shiftOf} and {@link #inverseOf}. */
    public static long divideExact(long multiple, int shift, long inverse) {
        return (multiple >> shift) * inverse;
    }

    /**
     * Writes a divisor as {@code u8 exponent} + {@code varint factor} (divisor = factor x 10^exponent),
     * so a ms or s divisor costs two bytes whatever the unit; returns the bytes written.
     */
    static int write(long divisor, org.agrona.MutableDirectBuffer dst, int offset) {
        int exponent = 0;
        long factor = divisor;
        while (factor % 10 == 0) {
            factor /= 10;
            exponent++;
        }
        dst.putByte(offset, (byte) exponent);
        return 1 + Varints.putUnsigned(dst, offset + 1, factor);
    }

    /** The bytes {@link #write} takes for {@code divisor}. */
    static int writtenLength(long divisor) {
        long factor = divisor;
        while (factor % 10 == 0) {
            factor /= 10;
        }
        return 1 + Varints.unsignedLength(factor);
    }

    /** Reads a divisor written by {@link #write}; {@code what} names the column in errors. */
    static long read(ByteCursor in, String what) {
        int exponent = in.readUnsignedByte();
        long factor = in.readUnsignedVarint();
        if (exponent > 18 || factor == 0) {
            throw new CorruptColumnException(what + ": invalid divisor, exponent=" + exponent + " factor=" + factor);
        }
        long divisor = factor;
        for (int e = 0; e < exponent; e++) {
            divisor *= 10;
        }
        return divisor;
    }
}
