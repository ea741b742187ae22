package io.unshistorian.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.unshistorian.storage.StorageOptions;

/**
 * Keeps a forwarding edge's WAL whenever its data directory is opened, not only while a forwarder
 * runs: the cursors saved in {@code forward/*.state} bound what compaction may delete (past the
 * backlog cap, the deleted spans go to each forwarder's back-fill list). Every command that opens an
 * edge's directory (serve, import, query, archive, repair, ...) opens it with these options, so an
 * offline command cannot delete what the edge has not forwarded yet.
 */
public final class ForwardRetention {
    private ForwardRetention() {
    }

    /** The forwarder state files of a data directory, sorted. */
    public static List<Path> stateFiles(Path dataDirectory) throws IOException {
        Path forward = dataDirectory.resolve("forward");
        if (!Files.isDirectory(forward)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(forward)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".state")).sorted().toList();
        }
    }

    /** The back-fill list beside a state file. */
    static Path backfillFile(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName().toString().replaceFirst("\\.state$", "") + ".backfill");
    }

    /**
     * Sets {@code options} to keep the WAL after the lowest saved cursor of the directory's
     * forwarders (up to {@code maxBytes}); leaves them as they are when the directory forwards nothing.
     */
    public static StorageOptions.Builder keepFor(Path dataDirectory, StorageOptions.Builder options, long maxBytes)
        throws IOException {
        List<Path> states = stateFiles(dataDirectory);
        if (states.isEmpty()) {
            return options;
        }
        long lowest = Long.MAX_VALUE;
        List<Backfills> lists = new ArrayList<>();
        for (Path state : states) {
            lowest = Math.min(lowest, ForwardState.read(state).acknowledged());
            lists.add(new Backfills(backfillFile(state)));
        }
        long consumed = lowest;
        return options.changeRetention(() -> consumed, maxBytes, (first, through, min, max) -> {
            for (Backfills list : lists) {
                list.record(first, through, min, max);
            }
        });
    }
}
