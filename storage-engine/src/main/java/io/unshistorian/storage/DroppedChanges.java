package io.unshistorian.storage;

import java.io.IOException;

/**
 * Told when the WAL deletes compacted records a change feed has not consumed (they exceeded the
 * retention's byte cap): their samples are in block files now, within the given time span, so a
 * forwarder can read them back from there. Called by the compactor before the deletion; a throw
 * keeps the file for another round.
 */
@FunctionalInterface
public interface DroppedChanges {
    /**
     * One dropped WAL file.
     *
     * @param firstSequence its first batch's sequence
     * @param throughSequence its last batch's sequence
     * @param minTimeNanos the earliest sample timestamp in its batches
     * @param maxTimeNanos the latest
     */
    void dropped(long firstSequence, long throughSequence, long minTimeNanos, long maxTimeNanos) throws IOException;
}
