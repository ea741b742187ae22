package io.unshistorian.cli;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
