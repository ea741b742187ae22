package io.unshistorian.storage.block;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The live block files, by partition start, each partition's blocks in generation order (so a
 * later block's samples win over an earlier one's for the same timestamp). Readers take retained
 * snapshots; compaction adds and replaces blocks. Copy-on-write: a snapshot never changes.
 */
public final class BlockSet {
    private static final Comparator<BlockFile> BY_GENERATION = Comparator.comparingLong(BlockFile::generation);

    private volatile NavigableMap<Long, BlockFile[]> partitions = new TreeMap<>();
    /** Block files that could not be opened and are still on disk: reads over their time are told. */
    private volatile List<UnreadableBlock> unreadable = List.of();

    /** Records a block file that could not be opened. */
    public synchronized void addUnreadable(UnreadableBlock block) {
        List<UnreadableBlock> next = new ArrayList<>(unreadable);
        next.add(block);
        unreadable = List.copyOf(next);
    }

    /** Forgets an unreadable block file (repaired or quarantined). */
    public synchronized void removeUnreadable(Path file) {
        unreadable = unreadable.stream().filter(b -> !b.file().equals(file)).toList();
    }

    /**
     * What the manifest lists: the live blocks and the unreadable or missing ones, which stay listed
     * (and reported on every open) until repaired. Ascending.
     */
    public List<Long> listedGenerations() {
        java.util.TreeSet<Long> listed = new java.util.TreeSet<>();
        all().forEach(block -> listed.add(block.generation()));
        for (UnreadableBlock block : unreadable) {
            long generation = BlockDescriptor.generationOf(block.file().getFileName().toString());
            if (generation >= 0) {
                listed.add(generation);
            }
        }
        return new ArrayList<>(listed);
    }

    /** The block files that could not be opened (a snapshot). */
    public List<UnreadableBlock> unreadable() {
        return unreadable;
    }

    /** Adds a newly written block. */
    public synchronized void add(BlockFile block) {
        NavigableMap<Long, BlockFile[]> next = new TreeMap<>(partitions);
        BlockFile[] existing = next.get(block.partitionStart());
        BlockFile[] grown = existing == null ? new BlockFile[] {block} : append(existing, block);
        Arrays.sort(grown, BY_GENERATION);
        next.put(block.partitionStart(), grown);
        partitions = next;
    }

    /**
     * Replaces {@code replaced} by {@code replacement} (which may be null) in one step: a reader sees
     * either all the old blocks or the new one, never neither.
     */
    public synchronized void replace(Collection<BlockFile> replaced, BlockFile replacement) {
        NavigableMap<Long, BlockFile[]> next = new TreeMap<>(partitions);
        for (BlockFile old : replaced) {
            BlockFile[] blocks = next.get(old.partitionStart());
            if (blocks == null) {
                continue;
            }
            BlockFile[] kept = Arrays.stream(blocks).filter(b -> b != old).toArray(BlockFile[]::new);
            if (kept.length == 0) {
                next.remove(old.partitionStart());
            } else {
                next.put(old.partitionStart(), kept);
            }
        }
        if (replacement != null) {
            BlockFile[] existing = next.get(replacement.partitionStart());
            BlockFile[] grown = existing == null ? new BlockFile[] {replacement} : append(existing, replacement);
            Arrays.sort(grown, BY_GENERATION);
            next.put(replacement.partitionStart(), grown);
        }
        partitions = next;
    }

    /**
     * Puts into {@code into} (cleared first, reused by the caller) the blocks of the partitions that
     * overlap {@code [start, end)}, partitions in time order and blocks in generation order, each
     * retained: release every one after use.
     */
    public void retainOverlapping(long start, long end, List<BlockFile> into) {
        while (true) {
            into.clear();
            NavigableMap<Long, BlockFile[]> snapshot = partitions;
            boolean complete = true;
            Long first = snapshot.floorKey(start);
            NavigableMap<Long, BlockFile[]> view = snapshot.subMap(first == null ? Long.MIN_VALUE : first, true,
                end, false);
            for (BlockFile[] blocks : view.values()) {
                for (BlockFile block : blocks) {
                    if (block.partitionStart() + block.partitionWidth() <= start) {
                        continue;
                    }
                    if (!block.retain()) {
                        complete = false;
                        break;
                    }
                    into.add(block);
                }
                if (!complete) {
                    break;
                }
            }
            if (complete) {
                return;
            }
            into.forEach(BlockFile::release);   // a block closed meanwhile: take a fresh snapshot
        }
    }

    /** The blocks of the live partition whose time range holds {@code t} (not retained), or null. */
    public BlockFile[] partitionContaining(long t) {
        Map.Entry<Long, BlockFile[]> entry = partitions.floorEntry(t);
        if (entry == null) {
            return null;
        }
        BlockFile first = entry.getValue()[0];
        // t >= start, so t - start read unsigned is the true distance even when it overflows a long
        return Long.compareUnsigned(t - first.partitionStart(), first.partitionWidth()) < 0 ? entry.getValue() : null;
    }

    /** Every partition with its blocks, as of now (not retained; for the compactor's planning). */
    public NavigableMap<Long, BlockFile[]> partitions() {
        return partitions;
    }

    /** Every live block (not retained). */
    public List<BlockFile> all() {
        List<BlockFile> all = new ArrayList<>();
        for (Map.Entry<Long, BlockFile[]> entry : partitions.entrySet()) {
            all.addAll(Arrays.asList(entry.getValue()));
        }
        return all;
    }

    private static BlockFile[] append(BlockFile[] blocks, BlockFile block) {
        BlockFile[] grown = Arrays.copyOf(blocks, blocks.length + 1);
        grown[blocks.length] = block;
        return grown;
    }
}
