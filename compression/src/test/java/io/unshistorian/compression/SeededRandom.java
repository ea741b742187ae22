package io.unshistorian.compression;

import java.util.SplittableRandom;

/**
 * Randomness for property tests that can be replayed: the seed comes from the system property
 * {@value #PROPERTY} when set, otherwise from the clock, and is printed and put in every failure
 * message so a failing run can be repeated exactly.
 */
public final class SeededRandom {
    public static final String PROPERTY = "uns.test.seed";

    private SeededRandom() {
    }

    public static long seed(String testName) {
        String fixed = System.getProperty(PROPERTY);
        long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        System.out.println(testName + " seed=" + seed + " (replay with -D" + PROPERTY + "=" + seed + ")");
        return seed;
    }

    public static SplittableRandom random(long seed) {
        return new SplittableRandom(seed);
    }
}
