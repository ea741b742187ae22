package io.unshistorian.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.unshistorian.storage.file.FileSync;

/** What the file-reading fuzz targets share (docs/fuzzing.md): a scratch directory, no fsync, CRC32C. */
public final class FuzzFiles {
    /** Forces nothing: a fuzz input is not worth an fsync, and thousands a second would be slow. */
    public static final FileSync NO_SYNC = new FileSync() {
        @Override
        public void force(FileChannel channel, Path file, boolean metadata) {
        }

        @Override
        public void forceDirectory(Path directory) {
        }
    };

    private FuzzFiles() {
    }

    /** Deletes everything inside {@code directory}, keeping it. */
    public static void empty(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!file.equals(directory)) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Deletes {@code directory} and everything in it. */
    public static void delete(Path directory) throws IOException {
        if (directory != null && Files.exists(directory)) {
            empty(directory);
            Files.delete(directory);
        }
    }

    /** CRC32C of {@code bytes[offset, offset + length)}, as the formats store it. */
    public static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
