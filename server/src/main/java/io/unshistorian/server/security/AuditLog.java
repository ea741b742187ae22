package io.unshistorian.server.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;

import io.unshistorian.server.JsonText;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: append-only JSON lines in {@code security/audit.log} of the data directory
 * (owner-only), one per authentication failure, denial, grant or token change and per-stream write
 * summary (docs/format/audit-log.md). When the file passes its size limit it is renamed to {@code
 * audit.log.1} (older ones shift up to {@code audit.log.<keep>}, the oldest is dropped), so a flood of
 * refused calls cannot fill the disk. Lines are written whole with one append each, so the CLI and
 * the server can both append.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    public static final long DEFAULT_MAX_BYTES = 16L << 20;
    public static final int DEFAULT_KEEP = 10;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private FileChannel channel;
    private boolean failed;

    private AuditLog(Path file, long maxBytes, int keep) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    public static AuditLog of(Path dataDirectory) throws IOException {
        return of(dataDirectory, DEFAULT_MAX_BYTES, DEFAULT_KEEP);
    }

    public static AuditLog of(Path dataDirectory, long maxBytes, int keep) throws IOException {
        AuditLog log = new AuditLog(dataDirectory.resolve("security").resolve("audit.log"), maxBytes, keep);
        log.open();
        return log;
    }

    public Path path() {
        return file;
    }

    private void open() throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(file.getParent())) {
            if (posix) {
                Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(file.getParent());
            }
        }
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);
        channel = posix ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"))) : FileChannel.open(file, options);
    }

    /**
     * Appends one event. An audit log that cannot be written is reported once in the server log and
     * does not stop the server answering (the choice of availability over a complete audit trail
     * is documented in docs/security.md).
     */
    public synchronized void record(AuditEvent event) {
        if (channel == null) {
            return;
        }
        try {
            if (channel.size() >= maxBytes) {
                rotate();
            }
            ByteBuffer line = ByteBuffer.wrap(json(event).getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            failed = false;
        } catch (IOException e) {
            if (!failed) {
                LOG.error("cannot write the audit log {}: {}", file, e.toString());
                failed = true;
            }
        }
    }

    private void rotate() throws IOException {
        channel.close();
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keep >= 1) {
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(file);
        }
        open();
    }

    private Path rotated(int generation) {
        return file.resolveSibling(file.getFileName() + "." + generation);
    }

    static String json(AuditEvent event) {
        StringBuilder line = new StringBuilder(160).append("{\"time\":\"").append(Instant.now()).append('"');
        field(line, "event", event.event());
        field(line, "principal", event.principal());
        field(line, "remote", event.remote());
        field(line, "action", event.action());
        field(line, "namespace", event.namespace());
        line.append(",\"allowed\":").append(event.allowed());
        field(line, "detail", event.detail());
        return line.append("}\n").toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append(",\"").append(name).append("\":");
        if (value == null) {
            line.append("null");
        } else {
            JsonText.append(line, value);
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing the audit log: {}", e.toString());
            }
            channel = null;
        }
    }
}
