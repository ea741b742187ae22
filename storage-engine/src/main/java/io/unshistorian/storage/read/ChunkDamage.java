package io.unshistorian.storage.read;

import io.unshistorian.compression.chunk.CorruptChunkException;
import io.unshistorian.storage.block.BlockFile;

/** Told of each chunk a merge found unreadable and skipped; decides who else is told. */
@FunctionalInterface
public interface ChunkDamage {
    void damaged(BlockFile block, int entry, CorruptChunkException failure);
}
