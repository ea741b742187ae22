package io.unshistorian.compression.codec;

/**
 * The decimal codecs' conversion {@code integer / 10^e} (an IEEE division, correctly rounded, as the
 * format specifies), computed with a multiply and one fused multiply-add instead of a division:
 * {@code q = fma(a, high, a * low)} where {@code high + low} is 1/10^e to about 106 bits.
 *
 * <p>Why it is exact: for an integer {@code |a| <= 2^53} the quotient {@code a / 10^e} is never closer
 * than {@code 2^-96 |a / 10^e|} to a rounding boundary (the midpoint of two adjacent doubles: the
 * difference, scaled by a power of two, is a non-zero integer over {@code 5^e < 2^42}), while
 * {@code a * high + round(a * low)} differs from it by at most about {@code 2^-105 |a / 10^e|}. Both
 * therefore round to the same double. Larger integers (only in damaged or unusual columns) take the
 * division. {@code DecimalScaleTest} compares both on every exponent, near-midpoint cases included.
 *
 * <p>When the JVM has no FMA instruction, {@link Math#fma} is a slow software path; then this
 * divides, as before.
 */
public final class DecimalScale {
    /** Largest exponent the format allows (10^18 is still an exact double). */
    public static final int MAX_EXPONENT = 18;
    private static final long EXACT_LIMIT = 1L << 53;
    private static final boolean FAST = fastFma();
    private static final DecimalScale[] SCALES = new DecimalScale[MAX_EXPONENT + 1];

    static {
        double power = 1;
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            SCALES[e] = new DecimalScale(e, power);
            power *= 10;
        }
    }

    private final int exponent;
    private final double power;
    private final double high;
    private final double low;

    private DecimalScale(int exponent, double power) {
        this.exponent = exponent;
        this.power = power;
        this.high = 1 / power;
        // 1 - power * high is exact (a reciprocal's residual), so low is 1/power - high correctly rounded
        this.low = Math.fma(-power, high, 1) / power;
    }

    /** The scale of exponent {@code e}, 0 .. {@value #MAX_EXPONENT}. */
    public static DecimalScale of(int exponent) {
        return SCALES[exponent];
    }

    public int exponent() {
        return exponent;
    }

    /** 10^e as a double. */
    public double power() {
        return power;
    }

    /** The bits of {@code integer / 10^e}, exactly as {@code Double.doubleToRawLongBits(integer / power())}. */
    public long bits(long integer) {
        return Double.doubleToRawLongBits(quotient(integer));
    }

    /** {@code integer / 10^e}, correctly rounded (the integer converted to double first, as Java does). */
    public double quotient(long integer) {
        if (!FAST || Long.compareUnsigned(integer + EXACT_LIMIT, 2 * EXACT_LIMIT) > 0) {   // outside +-2^53
            return integer / power;
        }
        return multiplied(integer);
    }

    /** The multiply-and-FMA quotient itself, for {@code |integer| <= 2^53} (tested on its own). */
    double multiplied(long integer) {
        double a = integer;
        return Math.fma(a, high, a * low);
    }

    /**
     * Whether {@link Math#fma} runs as an instruction here: HotSpot's {@code UseFMA} flag, read once.
     * Any doubt (another JVM, no management module) means no.
     */
    private static boolean fastFma() {
        try {
            return Boolean.parseBoolean(java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
    }
}
