package io.unshistorian.storage;

import java.nio.file.Path;

/**
 * A piece of stored data that could not be read: which file, at which byte offset, and why. The
 * engine reports it, leaves that piece out, and keeps serving everything else.
 */
public record StorageProblem(Path file, long offset, String reason) {
    @Override
    public String toString() {
        return file + " at offset " + offset + ": " + reason;
    }
}
