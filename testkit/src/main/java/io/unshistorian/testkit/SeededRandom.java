package io.unshistorian.testkit;

import java.util.SplittableRandom;

/**
 * Randomness for property tests that can be replayed: the seed comes from the system property
 * {@value #PROPERTY} when set, otherwise from the clock, and is printed so a failing run can be
 * repeated exactly. Put {@link #describe(long)} in every assertion message of a randomized test.
 */
public final class SeededRandom {
    public static final String PROPERTY = "uns.test.seed";

    private SeededRandom() {
    }

    /** The seed of one randomized test, printed with how to replay it. */
    public static long seed(String testName) {
        String fixed = System.getProperty(PROPERTY);
        long seed;
        try {
            seed = fixed != null ? Long.parseLong(fixed.trim()) : System.nanoTime();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a whole number, got '" + fixed + "'");
        }
        System.out.println(testName + " " + describe(seed));
        return seed;
    }

    public static SplittableRandom random(long seed) {
        return new SplittableRandom(seed);
    }

    /** {@code seed=N (replay with -Duns.test.seed=N)}: for assertion messages. */
    public static String describe(long seed) {
        return "seed=" + seed + " (replay with -D" + PROPERTY + "=" + seed + ")";
    }
}
