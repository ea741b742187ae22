package io.unshistorian.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Function;

/**
 * A small security file of a data directory (tokens, grants) that a running server follows: parsed
 * when it changes (checked at most once a second), replaced atomically and owner-only ({@code
 * security/} 0700, the file 0600) by the CLI. A file that fails to parse keeps the last good
 * content in a running server: a half-edited file must not lock everyone out, or in.
 *
 * @param <T> the parsed content
 */
final class SecurityFile<T> {
    /** Parses the lines of the file; throws IllegalArgumentException naming the line. */
    interface Parser<T> {
        T parse(List<String> lines);
    }

    private final Path file;
    private final Parser<T> parser;
    private final T whenAbsent;
    private volatile T content;
    private volatile FileTime loadedModified;
    private volatile long checkedNanos;

    SecurityFile(Path file, Parser<T> parser, T whenAbsent) {
        this.file = file;
        this.parser = parser;
        this.whenAbsent = whenAbsent;
        this.content = whenAbsent;
    }

    /** The content as of the last change seen (re-checked at most once a second). */
    T current() {
        long now = System.nanoTime();
        if (now - checkedNanos >= 1_000_000_000L) {
            checkedNanos = now;
            try {
                reload();
            } catch (IOException | IllegalArgumentException e) {
                // keep the last good content
            }
        }
        return content;
    }

    /** The content as in the file now. @throws IOException naming the file and the bad line */
    synchronized T load() throws IOException {
        reload();
        return content;
    }

    private synchronized void reload() throws IOException {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            content = whenAbsent;
            loadedModified = null;
            return;
        }
        if (modified.equals(loadedModified)) {
            return;
        }
        try {
            content = parser.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        loadedModified = modified;
    }

    /** Changes the content: {@code change} gets the file's current content and returns the new content and its text. */
    synchronized <R> R update(Function<T, Change<T, R>> change) throws IOException {
        Change<T, R> next = change.apply(load());
        if (next.text() != null) {
            write(next.text());
            content = next.content();
            loadedModified = Files.getLastModifiedTime(file);
        }
        return next.result();
    }

    /** A new content, its file text (null: nothing changed) and what to tell the caller. */
    record Change<T, R>(T content, String text, R result) {
    }

    private void write(String text) throws IOException {
        Path directory = file.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(directory)) {
            if (posix) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(directory);
            }
        }
        Path temporary = directory.resolve(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        if (posix) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
