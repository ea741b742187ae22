package io.unshistorian.testkit;

import java.util.function.BooleanSupplier;

/** Waits for something another thread or process makes true, failing the test after 20 s. */
public final class Eventually {
    private static final long TIMEOUT_NANOS = 20_000_000_000L;

    private Eventually() {
    }

    public static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
