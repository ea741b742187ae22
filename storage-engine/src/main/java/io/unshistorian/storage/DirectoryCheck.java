package io.unshistorian.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.CorruptChunkException;
import io.unshistorian.storage.block.BlockDescriptor;
import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.block.CorruptBlockException;
import io.unshistorian.storage.catalog.CatalogFile;
import io.unshistorian.storage.compaction.Checkpoint;
import io.unshistorian.storage.file.FileSync;
import io.unshistorian.storage.manifest.Manifest;
import io.unshistorian.storage.wal.WalRollPeriod;
import io.unshistorian.storage.wal.WriteAheadLog;

/**
 * {@code historian verify}: reads every file of a data directory — settings, both catalog copies,
 * manifest, checkpoint, every chunk of every block file, every WAL record — and reports what does
 * not check out, changing nothing. It may run beside a live historian: files that come and go while
 * it runs (compaction) may then show as missing, and the WAL's last append may be torn.
 */
public final class DirectoryCheck {
    /** What was checked and what was found. */
    public record Report(List<StorageProblem> problems, int series, int blockFiles, long chunks, int walFiles,
                         long walRecords) {
        public boolean clean() {
            return problems.isEmpty();
        }
    }

    private DirectoryCheck() {
    }

    public static Report run(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new java.nio.file.NoSuchFileException(directory + " (no data directory there)");
        }
        StorageProblems problems = new StorageProblems();
        WalRollPeriod rollPeriod = StoreSettings.inspect(directory, problems);
        Set<Integer> named = CatalogFile.inspect(directory.resolve("catalog.log"), problems);
        Manifest manifest = Manifest.open(directory, FileSync.DEVICE, problems);
        long checkpoint = new Checkpoint(directory, FileSync.DEVICE).read(problems);

        int blockFiles = 0;
        long chunks = 0;
        Set<Long> present = new HashSet<>();
        Set<Integer> unnamed = new HashSet<>();
        Path blockDirectory = directory.resolve("blocks");
        ChunkDecoder decoder = new ChunkDecoder();
        for (Path file : list(blockDirectory)) {
            long generation = BlockDescriptor.generationOf(file.getFileName().toString());
            if (generation < 0) {
                continue;
            }
            present.add(generation);
            blockFiles++;
            BlockFile block;
            try {
                block = BlockFile.open(file);
            } catch (CorruptBlockException e) {
                problems.report(file, e.offset(), "block file unreadable: " + e.getMessage());
                continue;
            } catch (java.nio.file.NoSuchFileException e) {
                continue;   // merged away while the check ran
            }
            try {
                for (int e = 0; e < block.entryCount(); e++) {
                    chunks++;
                    try {
                        decoder.verify(block.buffer(), block.chunkOffset(e), block.chunkLength(e));
                    } catch (CorruptChunkException damage) {
                        problems.report(file, block.chunkOffset(e), "chunk of series " + block.seriesId(e)
                            + " unreadable: " + damage.getMessage());
                    }
                    if (!named.contains(block.seriesId(e)) && unnamed.add(block.seriesId(e))) {
                        problems.report(file, block.chunkOffset(e), "series id " + block.seriesId(e)
                            + " is not in the catalog: its samples cannot be found by path");
                    }
                }
            } finally {
                block.release();
            }
        }
        for (long listed : manifest.blocks()) {
            if (!present.contains(listed)) {
                problems.report(blockDirectory.resolve(BlockDescriptor.fileName(listed)), 0,
                    "block file listed in " + Manifest.FILE_NAME + " is missing");
            }
        }

        List<WriteAheadLog.ScannedFile> walFiles = rollPeriod == null ? List.of()
            : WriteAheadLog.inspect(directory.resolve("wal"), rollPeriod, problems, checkpoint);
        long walRecords = walFiles.stream().mapToLong(WriteAheadLog.ScannedFile::records).sum();
        for (Manifest.WalFile listed : manifest.walFiles()) {
            if (listed.firstSequence() <= checkpoint) {
                continue;   // compacted: its file may be gone
            }
            WriteAheadLog.ScannedFile found = walFiles.stream().filter(f -> f.session() == listed.session()
                && f.cycle() == listed.cycle()).findFirst().orElse(null);
            if (found == null || found.records() == 0) {
                problems.report(found == null ? directory.resolve("wal") : found.path(), listed.firstSequence(),
                    "WAL cycle file " + listed.cycle() + " of session " + listed.session() + (found == null
                    ? " is missing" : " holds no readable record") + ": records from " + listed.firstSequence()
                    + " on that it held are lost");
            }
        }
        return new Report(problems.all(), named.size(), blockFiles, chunks, walFiles.size(), walRecords);
    }

    private static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(BlockDescriptor.SUFFIX)).sorted().toList();
        }
    }
}
