package io.unshistorian.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.block.BlockFile;
import io.unshistorian.storage.block.BlockSet;
import io.unshistorian.storage.catalog.CatalogFile;
import io.unshistorian.storage.catalog.SeriesCatalog;
import io.unshistorian.storage.compaction.Compactor;
import io.unshistorian.storage.wal.WriteAheadLog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code historian repair} does to an open data directory, deleting nothing: flushes every
 * readable WAL record into block files, rewrites blocks with damaged chunks from their readable
 * chunks, moves damaged and unreadable files (blocks, WAL cycle files, catalog copies kept aside)
 * to {@code <data>/quarantine/<time>/}, acknowledges missing files, and names the series ids the
 * catalog lost ({@code lost-and-found/series-<id>}) so their samples can be found again.
 */
final class Repair {
    private static final Logger LOG = LoggerFactory.getLogger(Repair.class);
    static final String QUARANTINE = "quarantine";
    static final String LOST_AND_FOUND = "lost-and-found/series-";

    private final Path directory;
    private final Compactor compactor;
    private final SeriesCatalog catalog;
    private final BlockSet blocks;
    private final WriteAheadLog wal;

    Repair(Path directory, Compactor compactor, SeriesCatalog catalog, BlockSet blocks, WriteAheadLog wal) {
        this.directory = directory;
        this.compactor = compactor;
        this.catalog = catalog;
        this.blocks = blocks;
        this.wal = wal;
    }

    /** @return one line per action taken (empty when there was nothing to repair) */
    List<String> run() throws IOException {
        Path quarantine = directory.resolve(QUARANTINE).resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC).format(Instant.now()));
        while (compactor.compactOnce()) {
            // every head, replayed and written, into block files
        }
        List<String> actions = new ArrayList<>(compactor.salvage(quarantine.resolve("blocks")));
        actions.addAll(nameLostSeries());
        for (Path moved : wal.quarantineDamaged(quarantine.resolve("wal"))) {
            actions.add("damaged WAL file moved to " + moved + " (its readable records are in block files)");
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().contains(CatalogFile.DAMAGED_SUFFIX)) {
                    actions.add("damaged catalog copy moved to " + Compactor.moveToQuarantine(file, quarantine));
                }
            }
        }
        if (!actions.isEmpty()) {
            LOG.warn("repaired {}: {}", directory, actions);
        }
        return actions;
    }

    /** Names the series ids that block chunks hold but the catalog lost. */
    private List<String> nameLostSeries() throws IOException {
        List<String> named = new ArrayList<>();
        ChunkDecoder decoder = new ChunkDecoder();
        List<BlockFile> retained = new ArrayList<>();
        blocks.retainOverlapping(Long.MIN_VALUE, Long.MAX_VALUE, retained);   // none unmapped under us
        try {
            for (BlockFile block : retained) {
                for (int e = 0; e < block.entryCount(); e++) {
                    int id = block.seriesId(e);
                    if (catalog.get(id) != null) {
                        continue;
                    }
                    ValueType type = decoder.verify(block.buffer(), block.chunkOffset(e), block.chunkLength(e))
                        .valueType();
                    String path = LOST_AND_FOUND + id;
                    while (catalog.find(path) != null) {
                        path += "-restored";
                    }
                    catalog.restore(id, path, type);
                    named.add("series id " + id + " (" + type + "), whose catalog record was lost, named " + path);
                }
            }
        } finally {
            retained.forEach(BlockFile::release);
        }
        return named;
    }
}
