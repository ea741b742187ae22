/**
 * The read path inside the engine: {@code SeriesReader} merges one series' chunks and head samples in
 * time order, the last write of a timestamp winning, offering exclusive chunks whole to a
 * {@code ScanHandler} (so aggregates can use their statistics); {@code MergeBuffer} and
 * {@code ChunkRefs} are its reusable scratch. {@code SampleVisitor} and {@code LatestVisitor}
 * receive the results.
 */
package io.unshistorian.storage.read;
