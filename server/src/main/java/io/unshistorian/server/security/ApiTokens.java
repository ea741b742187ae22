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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API tokens for services and scripts: {@code uhs_<id>_<secret>}, where the secret is 32 bytes from
 * {@link SecureRandom}. The historian keeps only each token's id, name, creation time, whether it is
 * revoked, and the SHA-256 of its secret (a secret of 256 random bits needs no slow hash), in
 * {@code security/tokens} of the data directory (owner-only). A token is shown once, when created.
 * Checking compares hashes in constant time. The file is re-read when it changes, so {@code
 * historian token revoke} takes effect on a running server within a second.
 *
 * <p>File format, one token per line, tab-separated: {@code id name sha256-hex created-epoch-ms
 * active|revoked}; lines starting with {@code #} are comments.
 */
public final class ApiTokens {
    public static final String PREFIX = "uhs_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("uhs_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One token as stored (never its secret). */
    public record Token(String id, String name, byte[] secretHash, long createdMillis, boolean revoked) {
    }

    private final Path file;
    private volatile List<Token> tokens = List.of();
    private volatile FileTime loadedModified;
    private volatile long checkedNanos;

    private ApiTokens(Path file) {
        this.file = file;
    }

    /** The tokens of a data directory (none yet is fine). */
    public static ApiTokens of(Path dataDirectory) throws IOException {
        ApiTokens store = new ApiTokens(dataDirectory.resolve("security").resolve("tokens"));
        store.reload();
        return store;
    }

    /** Creates a token; returns it in full — the only time it is seen. */
    public synchronized String create(String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name '" + name + "' must be 1-64 letters, digits or ._@-");
        }
        reload();
        byte[] idBytes = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        List<Token> next = new ArrayList<>(tokens);
        next.add(new Token(id, name, sha256(secretText), System.currentTimeMillis(), false));
        write(next);
        return PREFIX + id + "_" + secretText;
    }

    /** Revokes by id or by name (all tokens of that name); returns how many. */
    public synchronized int revoke(String idOrName) throws IOException {
        reload();
        List<Token> next = new ArrayList<>();
        int revoked = 0;
        for (Token token : tokens) {
            if (!token.revoked() && (token.id().equals(idOrName) || token.name().equals(idOrName))) {
                next.add(new Token(token.id(), token.name(), token.secretHash(), token.createdMillis(), true));
                revoked++;
            } else {
                next.add(token);
            }
        }
        if (revoked > 0) {
            write(next);
        }
        return revoked;
    }

    public List<Token> list() throws IOException {
        reload();
        return tokens;
    }

    /** Whether any token is active. */
    public boolean any() {
        refresh();
        return tokens.stream().anyMatch(token -> !token.revoked());
    }

    /** The name of the active token {@code presented} is, or empty. Constant-time in the secret. */
    public Optional<String> verify(String presented) {
        refresh();
        var match = TOKEN.matcher(presented == null ? "" : presented);
        if (!match.matches()) {
            return Optional.empty();
        }
        byte[] hash = sha256(match.group(2));
        for (Token token : tokens) {
            if (token.id().equals(match.group(1))) {
                boolean same = MessageDigest.isEqual(hash, token.secretHash());
                return same && !token.revoked() ? Optional.of(token.name()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Re-reads the file when it changed, at most once a second. */
    private void refresh() {
        long now = System.nanoTime();
        if (now - checkedNanos < 1_000_000_000L) {
            return;
        }
        checkedNanos = now;
        try {
            reload();
        } catch (IOException e) {
            // keep the tokens we have: a half-edited file must not lock everyone out (or in)
        }
    }

    private synchronized void reload() throws IOException {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            tokens = List.of();
            return;
        }
        if (modified.equals(loadedModified)) {
            return;
        }
        List<Token> read = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 5) {
                throw new IOException(file + " line " + lineNumber + ": expected 5 tab-separated fields");
            }
            read.add(new Token(fields[0], fields[1], HexFormat.of().parseHex(fields[2]), Long.parseLong(fields[3]),
                fields[4].equals("revoked")));
        }
        tokens = List.copyOf(read);
        loadedModified = modified;
    }

    private void write(List<Token> next) throws IOException {
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
        StringBuilder text = new StringBuilder("# UNS Historian API tokens: id, name, SHA-256 of the secret, created "
            + "(epoch ms), state. Secrets are not stored.\n");
        for (Token token : next) {
            text.append(token.id()).append('\t').append(token.name()).append('\t')
                .append(HexFormat.of().formatHex(token.secretHash())).append('\t').append(token.createdMillis())
                .append('\t').append(token.revoked() ? "revoked" : "active").append('\n');
        }
        Path temporary = directory.resolve("tokens.tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        if (posix) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        tokens = List.copyOf(next);
        loadedModified = Files.getLastModifiedTime(file);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
