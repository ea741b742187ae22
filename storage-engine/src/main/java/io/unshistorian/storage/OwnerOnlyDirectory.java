package io.unshistorian.storage;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data directory is plant data: one it creates is readable by its owner alone ({@code rwx------};
 * every file inside is then out of other users' reach whatever its own mode). An existing directory
 * keeps its mode — an operator may have meant group access — but one open to other users is said
 * in the log.
 */
final class OwnerOnlyDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyDirectory() {
    }

    static void create(Path directory) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (Files.isDirectory(directory)) {
            if (posix) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory);
                if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    LOG.warn("data directory {} is open to other users ({}); chmod 700 it unless that is meant",
                        directory, PosixFilePermissions.toString(mode));
                }
            }
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (posix) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(directory, OWNER_ONLY);   // the umask may have taken bits away, never added
        } else {
            Files.createDirectory(directory);
        }
    }
}
