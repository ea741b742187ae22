/**
 * Compaction: {@code Compactor} turns sealed heads into block files, moves the {@code Checkpoint}
 * (specification in {@code docs/format/wal.md}), deletes WAL cycles behind it, merges blocks and
 * applies retention; {@code BlockSampleWriter} cuts a series' samples into chunks.
 */
package io.unshistorian.storage.compaction;
