package io.unshistorian.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.block.BlockDescriptor;
import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.block.BlockSet;
import io.unshistorian.storage.block.CorruptBlockException;
import io.unshistorian.storage.catalog.SeriesCatalog;
import io.unshistorian.storage.head.Head;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.wal.WriteAheadLog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What opening a data directory does before the engine serves: open and verify the block files
 * (dropping those a later merge superseded, deleting unfinished ones) and replay the WAL records
 * after the checkpoint into the head. Damaged data is reported to {@link StorageProblems}, left
 * out, and everything else is served.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final StorageProblems problems;

    Recovery(StorageProblems problems) {
        this.problems = problems;
    }

    /**
     * Opens every block file into {@code blocks}, drops those a later merge replaced, and reserves
     * every series id they refer to in the catalog.
     *
     * @return the next free block generation
     */
    long loadBlocks(Path blockDirectory, BlockSet blocks, SeriesCatalog catalog) throws IOException {
        List<BlockFile> opened = new ArrayList<>();
        Map<Long, Path> unreadable = new HashMap<>();
        long maxGeneration = -1;
        try (Stream<Path> files = Files.list(blockDirectory)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(BlockDescriptor.TEMPORARY_SUFFIX)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(BlockDescriptor.SUFFIX)) {
                    try {
                        BlockFile block = BlockFile.open(file);
                        opened.add(block);
                        maxGeneration = Math.max(maxGeneration, block.generation());
                    } catch (CorruptBlockException e) {
                        problems.report(e.file(), e.offset(), "block file unreadable, left out: " + e.getMessage());
                        // Its generation stays taken: a new block must not reuse the damaged file's name.
                        maxGeneration = Math.max(maxGeneration, BlockDescriptor.generationOf(name));
                        unreadable.put(BlockDescriptor.generationOf(name), file);
                    }
                }
            }
        }
        Set<Long> superseded = new HashSet<>();
        for (BlockFile block : opened) {
            for (long generation : block.supersedes()) {
                superseded.add(generation);
            }
        }
        for (Map.Entry<Long, Path> damaged : unreadable.entrySet()) {
            if (superseded.contains(damaged.getKey())) {
                Files.deleteIfExists(damaged.getValue());   // a readable merge holds its data
            }
        }
        int maxSeriesId = -1;
        for (BlockFile block : opened) {
            if (superseded.contains(block.generation())) {
                block.deleteWhenReleased();
                block.release();
            } else {
                blocks.add(block);
                for (int e = 0; e < block.entryCount(); e++) {
                    maxSeriesId = Math.max(maxSeriesId, block.seriesId(e));
                }
            }
        }
        catalog.reserveIdsBelow(maxSeriesId + 1);
        return maxGeneration + 1;
    }

    /** Replays the WAL records after {@code checkpointIndex} into {@code head}. */
    void replayWal(WriteAheadLog wal, long checkpointIndex, SeriesCatalog catalog, Head head) {
        long records = wal.replayAfter(checkpointIndex, (index, record) -> {
            for (int i = 0; i < record.count(); i++) {
                catalog.reserveIdsBelow(record.seriesId(i) + 1);
                Series series = catalog.get(record.seriesId(i));
                if (series == null) {
                    problems.report(wal.directory(), index, "WAL sample of unknown series id " + record.seriesId(i)
                        + " skipped");
                    continue;
                }
                String text = series.type() == ValueType.STRING ? record.string(record.value(i)) : null;
                if (series.type() == ValueType.STRING && text == null) {
                    problems.report(wal.directory(), index, "WAL sample " + i + " refers to string "
                        + record.value(i) + " the record does not hold; skipped");
                    continue;
                }
                head.append(series.id(), series.type(), record.timestamp(i), record.value(i), record.quality(i), text);
            }
            head.applied(index, record.count());
        });
        if (records > 0) {
            LOG.info("replayed {} WAL records after checkpoint {}", records, Long.toHexString(checkpointIndex));
        }
    }
}
