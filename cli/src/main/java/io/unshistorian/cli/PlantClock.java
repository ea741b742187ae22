package io.unshistorian.cli;

import java.time.Duration;

/**
 * The simulated plant's clock in {@code historian demo}: {@code speed} plant seconds per wall-clock
 * second, but never ahead of the wall clock (a historian refuses nothing from the future, and a
 * reader would see data that has not happened yet). It starts in the past, far enough back to reach
 * now at the end of the demo ({@code (speed - 1) x duration}, or {@link #CATCH_UP} without one),
 * and from then on keeps pace with the wall clock: one plant second per second.
 */
final class PlantClock {
    static final long SECOND = 1_000_000_000L;
    /** Without --duration: how long the plant runs fast before it has caught up with now. */
    static final Duration CATCH_UP = Duration.ofMinutes(10);
    /** Most history a demo writes: bounds the lead of a long --duration at a high --speed. */
    static final Duration MAX_LEAD = Duration.ofDays(365);

    private final int speed;
    private long next;

    /**
     * @param runNanos how long the demo runs (Long.MAX_VALUE: until stopped)
     */
    PlantClock(long nowNanos, int speed, long runNanos) {
        if (speed < 1) {
            throw new IllegalArgumentException("--speed is plant seconds per second, at least 1, not " + speed);
        }
        this.speed = speed;
        long catchUp = runNanos == Long.MAX_VALUE ? CATCH_UP.toNanos() : runNanos;
        long lead = speed == 1 ? 0 : catchUp > MAX_LEAD.toNanos() / (speed - 1) ? MAX_LEAD.toNanos()
            : (speed - 1) * catchUp;
        this.next = Math.floorDiv(nowNanos - lead, SECOND) * SECOND;
    }

    /** The plant times to simulate in this wall-clock second: at most {@code speed}, none after {@code nowNanos}. */
    long[] tick(long nowNanos) {
        long due = nowNanos < next ? 0 : Math.min(speed, (nowNanos - next) / SECOND + 1);
        long[] times = new long[(int) due];
        for (int i = 0; i < times.length; i++) {
            times[i] = next;
            next += SECOND;
        }
        return times;
    }

    /** The plant time reached: everything before it is simulated. */
    long now() {
        return next;
    }
}
