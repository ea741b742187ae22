package io.unshistorian.testkit;

/** A wait between polls of a process a test started; an interrupt ends it early and stays set. */
public final class Pause {
    private Pause() {
    }

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
