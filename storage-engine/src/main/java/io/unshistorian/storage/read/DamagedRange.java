package io.unshistorian.storage.read;

import java.nio.file.Path;

/**
 * Samples a read could not deliver: those of {@code path} in {@code [fromNanos, toNanos]} that the
 * damaged chunk at {@code offset} of {@code file} held (samples of that range from other, readable
 * sources were delivered).
 */
public record DamagedRange(String path, long fromNanos, long toNanos, Path file, long offset) {
    @Override
    public String toString() {
        return path + " [" + fromNanos + ", " + toNanos + "] (" + file.getFileName() + " at offset " + offset + ")";
    }
}
