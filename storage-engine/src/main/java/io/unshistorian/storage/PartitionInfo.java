package io.unshistorian.storage;

/**
 * One time partition on disk: its range, and the highest generation among its block files. A
 * generation is never reused and only grows, so a partition whose generation changed holds other
 * data than before (late samples flushed into it, a merge, retention): what an incremental export
 * compares to know what to export again.
 */
public record PartitionInfo(long startNanos, long endNanos, long generation, int blockFiles, long bytes) {
}
