package io.unshistorian.storage;

/**
 * What the engine tells an observer as it works, for metrics: a server turns these into Prometheus
 * histograms and counters without the engine depending on a metrics library. Called on the engine's
 * own threads (the WAL append under the write lock), so an implementation must be quick and must not
 * throw; the defaults do nothing.
 */
public interface StorageEvents {
    /** Observes nothing. */
    StorageEvents NONE = new StorageEvents() {
    };

    /** A batch's record of {@code bytes} was appended to the WAL. */
    default void walAppended(int bytes) {
    }

    /** The WAL was forced to disk, taking {@code nanos}. */
    default void walSynced(long nanos) {
    }

    /**
     * A compaction round (head flush, merges, retention) ended after {@code nanos}.
     *
     * @param succeeded false when it failed (it is retried; {@link StorageHealth} says why)
     */
    default void compactionFinished(long nanos, boolean succeeded) {
    }
}
