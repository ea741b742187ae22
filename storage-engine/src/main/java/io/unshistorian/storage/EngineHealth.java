package io.unshistorian.storage;

import java.io.IOException;
import java.time.Instant;
import java.util.function.LongSupplier;

import io.unshistorian.storage.write.WritesRefusedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's health as a state, not as log lines. A failed WAL fsync refuses writes until the
 * directory is reopened (after a failed fsync the page cache can no longer be trusted to hold the
 * unsynced pages, so a later successful fsync proves nothing — the PostgreSQL "fsyncgate"
 * lesson); a failing compaction degrades the engine until a round succeeds. Thread-safe.
 */
final class EngineHealth {
    private static final Logger LOG = LoggerFactory.getLogger(EngineHealth.class);

    private final String directory;
    private final LongSupplier clockMillis;
    private volatile StorageHealth current;
    private volatile WritesRefusedException refusal;
    private int compactionFailures;

    EngineHealth(String directory, LongSupplier clockMillis) {
        this.directory = directory;
        this.clockMillis = clockMillis;
        this.current = StorageHealth.healthy(clockMillis.getAsLong());
    }

    StorageHealth current() {
        return current;
    }

    /** Throws when writes are refused; cheap otherwise. */
    void checkWritable() throws WritesRefusedException {
        WritesRefusedException refused = refusal;
        if (refused != null) {
            throw new WritesRefusedException(refused.getMessage(), refused.getCause());
        }
    }

    /** A WAL fsync failed: from now on every write is refused. */
    synchronized void walSyncFailed(IOException failure) {
        refuseWrites("WAL fsync failed", failure);
    }

    /** A WAL write failed half way: from now on every write is refused. */
    synchronized void walWriteFailed(IOException failure) {
        refuseWrites("a WAL write failed", failure);
    }

    private void refuseWrites(String what, IOException failure) {
        if (refusal != null) {
            return;
        }
        String detail = what + " at " + Instant.ofEpochMilli(clockMillis.getAsLong()) + " (" + failure
            + "): writes are refused because acknowledged data may not be on disk; reads keep working. Check the "
            + "disk of " + directory + ", then restart to reopen it";
        refusal = new WritesRefusedException(detail, failure);
        current = new StorageHealth(StorageHealth.State.WRITES_REFUSED, detail, clockMillis.getAsLong());
        LOG.error("{}", detail, failure);
    }

    /** A compaction round failed; it is retried after {@code retryInMillis}. */
    synchronized void compactionFailed(Throwable failure, long retryInMillis) {
        compactionFailures++;
        LOG.error("compaction round failed ({} in a row); retrying in {} ms", compactionFailures, retryInMillis,
            failure);
        if (refusal == null) {
            long since = current.state() == StorageHealth.State.DEGRADED ? current.sinceMillis() : clockMillis.getAsLong();
            current = new StorageHealth(StorageHealth.State.DEGRADED, "compaction failed " + compactionFailures
                + " time(s) in a row, last: " + failure + "; retrying in " + retryInMillis + " ms (the head keeps "
                + "the data meanwhile; check the disk of " + directory + ")", since);
        }
    }

    /** A compaction round succeeded: a degraded engine is healthy again. */
    synchronized void compactionSucceeded() {
        if (compactionFailures > 0) {
            LOG.info("compaction works again after {} failed round(s)", compactionFailures);
            compactionFailures = 0;
            if (refusal == null) {
                current = StorageHealth.healthy(clockMillis.getAsLong());
            }
        }
    }
}
