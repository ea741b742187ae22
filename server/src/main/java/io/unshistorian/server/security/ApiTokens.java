package io.unshistorian.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    private final SecurityFile<List<Token>> file;

    private ApiTokens(Path file) {
        this.file = new SecurityFile<>(file, ApiTokens::parse, List.of());
    }

    /** The tokens of a data directory (none yet is fine). */
    public static ApiTokens of(Path dataDirectory) throws IOException {
        ApiTokens store = new ApiTokens(dataDirectory.resolve("security").resolve("tokens"));
        store.file.load();
        return store;
    }

    /** Creates a token; returns it in full — the only time it is seen. */
    public String create(String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name '" + name + "' must be 1-64 letters, digits or ._@-");
        }
        byte[] idBytes = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return file.update(tokens -> {
            List<Token> next = new ArrayList<>(tokens);
            next.add(new Token(id, name, sha256(secretText), System.currentTimeMillis(), false));
            return new SecurityFile.Change<>(List.copyOf(next), text(next), PREFIX + id + "_" + secretText);
        });
    }

    /** Revokes by id or by name (all tokens of that name); returns how many. */
    public int revoke(String idOrName) throws IOException {
        return file.update(tokens -> {
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
            return new SecurityFile.Change<>(List.copyOf(next), revoked > 0 ? text(next) : null, revoked);
        });
    }

    public List<Token> list() throws IOException {
        return file.load();
    }

    /** Whether any token is active. */
    public boolean any() {
        return file.current().stream().anyMatch(token -> !token.revoked());
    }

    /** Whether {@code presented} has the form of an API token (as opposed to a JWT). */
    public static boolean looksLikeToken(String presented) {
        return presented.startsWith(PREFIX);
    }

    /** The name of the active token {@code presented} is, or empty. Constant-time in the secret. */
    public Optional<String> verify(String presented) {
        var match = TOKEN.matcher(presented == null ? "" : presented);
        if (!match.matches()) {
            return Optional.empty();
        }
        byte[] hash = sha256(match.group(2));
        for (Token token : file.current()) {
            if (token.id().equals(match.group(1))) {
                boolean same = MessageDigest.isEqual(hash, token.secretHash());
                return same && !token.revoked() ? Optional.of(token.name()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static List<Token> parse(List<String> lines) {
        List<Token> read = new ArrayList<>();
        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 5) {
                throw new IllegalArgumentException("line " + lineNumber + ": expected 5 tab-separated fields");
            }
            try {
                read.add(new Token(fields[0], fields[1], HexFormat.of().parseHex(fields[2]), Long.parseLong(fields[3]),
                    fields[4].equals("revoked")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(read);
    }

    private static String text(List<Token> tokens) {
        StringBuilder text = new StringBuilder("# UNS Historian API tokens: id, name, SHA-256 of the secret, created "
            + "(epoch ms), state. Secrets are not stored.\n");
        for (Token token : tokens) {
            text.append(token.id()).append('\t').append(token.name()).append('\t')
                .append(HexFormat.of().formatHex(token.secretHash())).append('\t').append(token.createdMillis())
                .append('\t').append(token.revoked() ? "revoked" : "active").append('\n');
        }
        return text.toString();
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
