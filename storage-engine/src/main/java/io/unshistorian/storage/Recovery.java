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
import io.unshistorian.storage.block.UnreadableBlock;
import io.unshistorian.storage.catalog.SeriesCatalog;
import io.unshistorian.storage.head.Head;
import io.unshistorian.storage.manifest.Manifest;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.wal.WalRecordReader;
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
    long loadBlocks(Path blockDirectory, BlockSet blocks, SeriesCatalog catalog, Manifest manifest) throws IOException {
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
            } else {
                blocks.addUnreadable(UnreadableBlock.of(damaged.getValue()));
            }
        }
        int maxSeriesId = -1;
        for (BlockFile block : opened) {
            if (superseded.contains(block.generation())) {
                block.deleteWhenReleased();
                block.release();
            } else {
                blocks.add(block);
                int unknown = 0;
                for (int e = 0; e < block.entryCount(); e++) {
                    maxSeriesId = Math.max(maxSeriesId, block.seriesId(e));
                    if (catalog.get(block.seriesId(e)) == null) {
                        unknown++;
                    }
                }
                if (unknown > 0) {
                    problems.report(block.path(), 0, unknown + " chunk(s) belong to series ids the catalog does not "
                        + "name (its records for them are lost): their samples cannot be found by path; `historian "
                        + "repair` names them lost-and-found/series-<id>");
                }
            }
        }
        catalog.reserveIdsBelow(maxSeriesId + 1);
        Set<Long> present = new HashSet<>(superseded);
        opened.forEach(block -> present.add(block.generation()));
        present.addAll(unreadable.keySet());   // reported above already
        for (long listed : manifest.blocks()) {
            if (!present.contains(listed)) {
                Path missing = blockDirectory.resolve(BlockDescriptor.fileName(listed));
                problems.report(missing, 0, "block file listed in " + Manifest.FILE_NAME + " is missing: its samples "
                    + "are lost (reported on every open and query until `historian repair` acknowledges it)");
                blocks.addUnreadable(new UnreadableBlock(missing, Long.MIN_VALUE, Long.MAX_VALUE));
                maxGeneration = Math.max(maxGeneration, listed);
            }
        }
        List<Long> listed = blocks.listedGenerations();
        if (!listed.equals(manifest.blocks())) {
            manifest.blocksAre(listed);
        }
        return maxGeneration + 1;
    }

    /**
     * Compares the WAL files the manifest lists with what the replay found: a listed file that
     * should hold records newer than the checkpoint but is gone or yielded none (deleted, emptied,
     * zeroed) is reported with the sequence its lost records start at.
     */
    /** @return the highest sequence any listed file started at (sequences up to it are not handed out again) */
    long checkWalFiles(Manifest manifest, WriteAheadLog wal, long checkpoint) throws IOException {
        Map<String, WriteAheadLog.ScannedFile> found = new HashMap<>();
        for (WriteAheadLog.ScannedFile file : wal.scanned()) {
            found.put(file.session() + ":" + file.cycle(), file);
        }
        long highestListed = -1;
        List<long[]> gone = new ArrayList<>();
        for (Manifest.WalFile listed : manifest.walFiles()) {
            highestListed = Math.max(highestListed, listed.firstSequence());
            WriteAheadLog.ScannedFile file = found.remove(listed.session() + ":" + listed.cycle());
            if (listed.session() == wal.session()) {
                continue;
            }
            if (file == null) {
                gone.add(new long[] {listed.session(), listed.cycle()});   // reported once, then forgotten
            }
            if (listed.firstSequence() > checkpoint && (file == null || file.records() == 0)) {
                problems.report(file == null ? wal.directory() : file.path(), listed.firstSequence(), "WAL cycle file "
                    + listed.cycle() + " of session " + listed.session() + (file == null ? " is missing" : " holds no "
                    + "readable record") + ": the samples of WAL records from " + listed.firstSequence() + " on that it "
                    + "held are lost");
            }
        }
        if (!gone.isEmpty()) {
            manifest.walFilesDeleted(gone);
        }
        for (WriteAheadLog.ScannedFile unlisted : found.values()) {
            if (unlisted.records() > 0) {   // a manifest from before this file, or none: list it now
                manifest.walFileStarted(new Manifest.WalFile(unlisted.session(), unlisted.cycle(),
                    unlisted.firstSequence()));
            }
        }
        return highestListed;
    }

    /**
     * Replays the WAL records after the checkpoint into {@code head}, reporting sequences that are
     * missing between the checkpoint and the last record found (a deleted, zeroed or unreadable cycle
     * file: their samples are lost, and said so).
     *
     * @return the highest sequence the WAL or the checkpoint holds; the next batch gets one more
     */
    long replayWal(WriteAheadLog wal, long checkpoint, SeriesCatalog catalog, Head head) throws IOException {
        long[] applied = {0};
        // Unknown after an unreadable or missing checkpoint: the first record's sequence is then no gap.
        long[] expected = {checkpoint >= 0 ? checkpoint + 1 : -1};
        Path[] previousFile = {null};
        long highest = wal.replayAfter(checkpoint, (sequence, record, afterDamage, file) -> {
            // A gap the scanner reported as damage is explained; one it did not is a lost or zeroed
            // part of the file that held the record before the gap (or of this one, at the start).
            if (record.sequence() != WalRecordReader.NO_SEQUENCE && expected[0] >= 0 && sequence > expected[0]
                && !afterDamage) {
                problems.report(previousFile[0] != null ? previousFile[0] : file, expected[0], "WAL records "
                    + expected[0] + ".." + (sequence - 1) + " are missing (in or after this cycle file: deleted, "
                    + "emptied or zeroed); their samples are lost");
            }
            previousFile[0] = file;
            expected[0] = sequence + 1;
            apply(wal, sequence, record, catalog, head);
            applied[0]++;
        });
        if (applied[0] > 0) {
            LOG.info("replayed {} WAL records after checkpoint {}", applied[0], checkpoint);
        }
        return Math.max(highest, checkpoint);
    }

    private void apply(WriteAheadLog wal, long sequence, WalRecordReader record, SeriesCatalog catalog, Head head) {
        for (int i = 0; i < record.count(); i++) {
            catalog.reserveIdsBelow(record.seriesId(i) + 1);
            Series series = catalog.get(record.seriesId(i));
            if (series == null) {
                problems.report(wal.directory(), sequence, "WAL record " + sequence + ": sample of unknown series id "
                    + record.seriesId(i) + " skipped");
                continue;
            }
            String text = series.type() == ValueType.STRING ? record.string(record.value(i)) : null;
            if (series.type() == ValueType.STRING && text == null) {
                problems.report(wal.directory(), sequence, "WAL record " + sequence + ": sample " + i
                    + " refers to string " + record.value(i) + " the record does not hold; skipped");
                continue;
            }
            head.append(series.id(), series.type(), record.timestamp(i), record.value(i), record.quality(i), text);
        }
        head.applied(sequence, record.count());
    }
}
