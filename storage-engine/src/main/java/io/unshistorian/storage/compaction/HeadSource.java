package io.unshistorian.storage.compaction;

import io.unshistorian.storage.head.Head;

/** What the compactor needs from the engine's heads. */
public interface HeadSource {
    /** Seals the active head (no more writes go to it) and returns it; null when it is empty. */
    Head seal();

    /** The sealed head's samples are now in visible block files: forget it and wake waiting writers. */
    void compacted(Head sealed);
}
