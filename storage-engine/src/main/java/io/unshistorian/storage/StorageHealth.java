package io.unshistorian.storage;

/**
 * Whether the engine can do its job now: {@link State#HEALTHY}; {@link State#DEGRADED} (serving
 * reads and writes, but a background task keeps failing and is being retried, so the head grows
 * and writers may soon wait); or {@link State#WRITES_REFUSED} (a WAL fsync failed: the engine can
 * no longer vouch that what it acknowledges reaches the disk, so it refuses writes until the data
 * directory is reopened; reads keep working). {@code detail} says what failed and what to do;
 * {@code sinceMillis} is when the state began (epoch ms).
 */
public record StorageHealth(State state, String detail, long sinceMillis) {
    public enum State {
        HEALTHY,
        DEGRADED,
        WRITES_REFUSED
    }

    public static StorageHealth healthy(long sinceMillis) {
        return new StorageHealth(State.HEALTHY, "", sinceMillis);
    }

    public boolean isHealthy() {
        return state == State.HEALTHY;
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? state.name() : state + ": " + detail;
    }
}
