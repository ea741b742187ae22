package io.unshistorian.storage.wal;

/**
 * When the WAL forces its memory-mapped pages to disk. Every policy survives a process crash
 * (kill -9): an acknowledged batch is in the kernel's page cache, which outlives the process. They
 * differ on power loss or a kernel crash:
 * <ul>
 *   <li>{@link #NONE}: the kernel writes pages back on its own schedule (typically within 30 s);
 *       a power loss can lose the batches acknowledged since then.</li>
 *   <li>{@link #INTERVAL}: a background thread forces the WAL every interval; a power loss can
 *       lose at most about one interval of acknowledged batches.</li>
 *   <li>{@link #EVERY_BATCH}: a write is acknowledged only after its batch is forced to disk;
 *       nothing acknowledged is lost. Costs one fsync per batch.</li>
 * </ul>
 * The catalog is always forced before a new series is used, whatever the policy. When the fsync of
 * an EVERY_BATCH write fails, the write reports the failure although its batch is already in the
 * WAL and visible; retrying the batch is safe, since a repeated (series, timestamp) keeps the last
 * write.
 */
public enum FsyncPolicy {
    NONE,
    INTERVAL,
    EVERY_BATCH
}
