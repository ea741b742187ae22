package io.unshistorian.storage.read;

import io.unshistorian.compression.chunk.ChunkHeader;

/**
 * Receives a series scan in time order: whole chunks that no other source overlaps (which the
 * handler may answer from their header statistics alone), and individual samples (one per
 * timestamp, the last write) for everything else.
 */
public interface ScanHandler extends SampleVisitor {
    /**
     * A chunk no other source overlaps, lying in the scan's range [start, end) or partly outside it.
     *
     * @return true when the handler used the header and needs no samples; false to get the chunk's
     *     samples in range through {@link #sample}
     */
    boolean exclusiveChunk(ChunkHeader header);
}
