package io.unshistorian.compression;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Columns of 64-bit values that stress codecs: edge values of longs and doubles, overflowing steps,
 * equal and reversed sequences, irregular gaps, and random mixes. Each case has a name for failure
 * messages.
 */
public final class AdversarialColumns {
    /** A named column. */
    public record Case(String name, long[] values) {
        @Override
        public String toString() {
            return name + " (" + values.length + " values)";
        }
    }

    /** Bit patterns of doubles that must survive exactly. */
    public static final long[] SPECIAL_DOUBLE_BITS = {
        Double.doubleToRawLongBits(Double.NaN),
        0x7ff0_0000_0000_0001L,            // signalling NaN, smallest payload
        0x7ff8_dead_beef_0001L,            // quiet NaN with a payload
        0xfff0_0000_0000_0001L,            // negative NaN
        0xffff_ffff_ffff_ffffL,            // all-ones NaN
        Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(0.0),
        Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
        Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
        Double.doubleToRawLongBits(Double.MIN_VALUE),          // smallest subnormal
        Double.doubleToRawLongBits(Double.MIN_NORMAL - Double.MIN_VALUE), // largest subnormal
        Double.doubleToRawLongBits(-Double.MIN_VALUE),
        Double.doubleToRawLongBits(Double.MAX_VALUE),
        Double.doubleToRawLongBits(-Double.MAX_VALUE),
    };

    private AdversarialColumns() {
    }

    public static List<Case> cases(SplittableRandom random) {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty", new long[0]));
        cases.add(new Case("single zero", new long[] {0}));
        cases.add(new Case("single MIN", new long[] {Long.MIN_VALUE}));
        cases.add(new Case("single MAX", new long[] {Long.MAX_VALUE}));
        cases.add(new Case("MIN then MAX", new long[] {Long.MIN_VALUE, Long.MAX_VALUE}));
        cases.add(new Case("MAX then MIN", new long[] {Long.MAX_VALUE, Long.MIN_VALUE}));
        cases.add(new Case("MIN MAX alternating", alternating(1000, Long.MIN_VALUE, Long.MAX_VALUE)));
        cases.add(new Case("MIN 0 MAX -1", new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE, -1, Long.MIN_VALUE, 1}));
        cases.add(new Case("special doubles", SPECIAL_DOUBLE_BITS.clone()));
        cases.add(new Case("special doubles shuffled x50", shuffledRepeats(random, SPECIAL_DOUBLE_BITS, 50)));
        cases.add(new Case("all equal", constant(5000, 1_700_000_000_000_000_000L)));
        cases.add(new Case("regular ms in ns", regular(10_000, 1_700_000_000_000_000_000L, 1_000_000L)));
        cases.add(new Case("regular s in ns", regular(10_000, 1_700_000_000_000_000_000L, 1_000_000_000L)));
        cases.add(new Case("reversed", regular(10_000, 1_700_000_000_000_000_000L, -1_000_000L)));
        cases.add(new Case("equal pairs", equalPairs(10_000)));
        cases.add(new Case("irregular gaps", irregular(random, 10_000)));
        cases.add(new Case("steps beyond 32 bits", stepsBeyond32Bits(random, 10_000)));
        cases.add(new Case("steps overflowing 64 bits", overflowingSteps(random, 1000)));
        cases.add(new Case("random longs", randomLongs(random, 10_000)));
        cases.add(new Case("random doubles", randomDoubleBits(random, 10_000)));
        cases.add(new Case("random walk 0.01", randomWalk(random, 10_000)));
        cases.add(new Case("small states", smallStates(random, 10_000)));
        cases.add(new Case("one bit each", alternating(10_001, 0, 1)));
        cases.add(new Case("powers of two", powersOfTwo()));
        return cases;
    }

    static long[] alternating(int n, long a, long b) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i & 1) == 0 ? a : b;
        }
        return v;
    }

    static long[] constant(int n, long value) {
        long[] v = new long[n];
        java.util.Arrays.fill(v, value);
        return v;
    }

    public static long[] regular(int n, long start, long step) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return v;
    }

    static long[] equalPairs(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1_600_000_000_000L + (i / 2) * 1000L;
        }
        return v;
    }

    static long[] irregular(SplittableRandom random, int n) {
        long[] v = new long[n];
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            long gap = kind < 6 ? 1_000_000_000L : kind < 8 ? random.nextLong(0, 5_000_000_000L)
                : kind < 9 ? -random.nextLong(0, 3_600_000_000_000L) : random.nextLong(0, 86_400_000_000_000L);
            t += gap;
            v[i] = t;
        }
        return v;
    }

    static long[] stepsBeyond32Bits(SplittableRandom random, int n) {
        long[] v = new long[n];
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += (1L << 33) + random.nextLong(-(1L << 40), 1L << 40);
            v[i] = t;
        }
        return v;
    }

    static long[] overflowingSteps(SplittableRandom random, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i & 1) == 0 ? Long.MIN_VALUE + random.nextLong(0, 1000) : Long.MAX_VALUE - random.nextLong(0, 1000);
        }
        return v;
    }

    static long[] randomLongs(SplittableRandom random, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextLong();
        }
        return v;
    }

    static long[] randomDoubleBits(SplittableRandom random, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(10) == 0
                ? SPECIAL_DOUBLE_BITS[random.nextInt(SPECIAL_DOUBLE_BITS.length)]
                : Double.doubleToRawLongBits((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-300, 300)));
        }
        return v;
    }

    static long[] randomWalk(SplittableRandom random, int n) {
        long[] v = new long[n];
        double x = 20.0;
        for (int i = 0; i < n; i++) {
            x += (random.nextInt(3) - 1) * 0.01;
            v[i] = Double.doubleToRawLongBits(Math.round(x * 100) / 100.0);
        }
        return v;
    }

    static long[] smallStates(SplittableRandom random, int n) {
        long[] v = new long[n];
        long state = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextInt(50) == 0) {
                state = random.nextInt(6);
            }
            v[i] = state;
        }
        return v;
    }

    static long[] powersOfTwo() {
        long[] v = new long[128];
        for (int i = 0; i < 64; i++) {
            v[2 * i] = 1L << i;
            v[2 * i + 1] = -(1L << i);
        }
        return v;
    }

    static long[] shuffledRepeats(SplittableRandom random, long[] source, int repeats) {
        long[] v = new long[source.length * repeats];
        for (int i = 0; i < v.length; i++) {
            v[i] = source[random.nextInt(source.length)];
        }
        return v;
    }
}
