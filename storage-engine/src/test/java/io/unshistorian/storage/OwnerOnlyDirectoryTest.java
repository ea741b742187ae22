package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory the engine creates is its owner's alone; an existing one keeps its mode. */
class OwnerOnlyDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void aNewDataDirectoryIsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
        Path data = dir.resolve("nested/data");
        try (StorageEngine engine = StorageEngine.open(data, StorageOptions.builder().build())) {
            assertEquals(data, engine.directory());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        }
        Path shared = Files.createDirectory(dir.resolve("shared"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));
        try (StorageEngine engine = StorageEngine.open(shared, StorageOptions.builder().build())) {
            assertEquals(shared, engine.directory());
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        }
    }
}
