package io.unshistorian.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.unshistorian.embedded.Historian;
import io.unshistorian.forward.ForwardOptions;
import io.unshistorian.forward.ForwardRetention;
import io.unshistorian.storage.StorageOptions;

/** The one check of every command that reads a data directory: a mistyped --data must not read as an empty historian. */
final class DataDirectories {
    private DataDirectories() {
    }

    /** @throws IllegalArgumentException when {@code data} is not a historian data directory, saying what to do */
    static Path existing(Path data) {
        if (!Files.isRegularFile(data.resolve("store.properties"))) {
            throw new IllegalArgumentException((Files.exists(data) ? data + " is not a historian data directory (no "
                + "store.properties)" : "no data directory at " + data) + "; pass --data DIR of one (historian serve "
                + "or import creates it)");
        }
        return data;
    }

    /**
     * Opens a data directory the way every command must: on a forwarding edge, keeping the WAL its
     * forwarders have not sent yet, whatever this command compacts ({@link ForwardRetention}).
     */
    static Historian open(Path data, StorageOptions.Builder options) throws IOException {
        return Historian.open(data, ForwardRetention.keepFor(data, options, ForwardOptions.DEFAULT_MAX_BACKLOG_BYTES)
            .build());
    }

    /** {@link #open(Path, StorageOptions.Builder)} with the default options. */
    static Historian open(Path data) throws IOException {
        return open(data, StorageOptions.builder());
    }
}
