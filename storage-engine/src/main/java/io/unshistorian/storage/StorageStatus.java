package io.unshistorian.storage;

/**
 * A snapshot of one data directory's state: its series, block files and head memory, the data
 * found unreadable since open, the work compaction has done, and the engine's health.
 *
 * @param series            series in the catalog
 * @param blockFiles        live block files
 * @param blockBytes        bytes of the live block files
 * @param headBytes         memory held by the in-memory heads
 * @param headSamples       samples in the heads, not yet in block files: compaction's backlog
 * @param problems          pieces of data found unreadable since open ({@code problems()} lists them)
 * @param flushedBytes      bytes of block files written by head flushes since open
 * @param mergedBytes       bytes of block files written by merges and retention rewrites since open
 * @param health            whether the engine can do its job now
 */
public record StorageStatus(long series, int blockFiles, long blockBytes, long headBytes, long headSamples, int problems,
                            long flushedBytes, long mergedBytes, StorageHealth health) {
}
