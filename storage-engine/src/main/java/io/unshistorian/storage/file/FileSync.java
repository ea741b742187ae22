package io.unshistorian.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Every fsync the storage engine makes goes through one {@code FileSync}: the WAL's, the catalog's,
 * a block file's and the checkpoint's, and the directory entries of the files they create and
 * rename. {@link #DEVICE} forces to the device; tests pass one that fails on purpose, to prove what
 * the engine does when the disk reports an error (the one fault a test cannot cause for real).
 */
public interface FileSync {
    /** Forces what was written through {@code channel} ({@code file}) to the device; metadata too when asked. */
    void force(FileChannel channel, Path file, boolean metadata) throws IOException;

    /** Forces a directory's entries (files created, renamed or deleted in it) to the device. */
    void forceDirectory(Path directory) throws IOException;

    /** The real thing. */
    FileSync DEVICE = new FileSync() {
        @Override
        public void force(FileChannel channel, Path file, boolean metadata) throws IOException {
            channel.force(metadata);
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    };
}
