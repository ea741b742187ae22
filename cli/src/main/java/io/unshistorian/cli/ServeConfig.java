package io.unshistorian.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The {@code serve --config} file: Java properties whose every key must be one {@code serve} reads,
 * so a misspelt setting is refused (naming the key, the file and the likely intended key) instead
 * of silently leaving its default in place.
 */
final class ServeConfig {
    /** The server's own keys: the flags' names, grouped by prefix for TLS and JWTs. */
    static final List<String> SERVER_KEYS = List.of("data", "host", "port", "flight-port", "http-port", "fsync",
        "max-message-bytes", "auth", "tls.cert", "tls.key", "tls.client-ca", "jwt.jwks", "jwt.issuer",
        "jwt.audience", "jwt.roles-claim", "retention");
    /** Broker connection keys, under both {@code mqtt.} and {@code sparkplug.} (MqttSettings.from). */
    private static final List<String> CONNECTION_KEYS = List.of("broker", "client-id", "version", "username",
        "password", "tls.ca", "tls.keystore", "tls.keystore-password", "keep-alive-seconds", "reconnect-max-seconds",
        "receive-maximum");
    /** The plain/JSON source's keys (MqttSource.Settings.from). */
    private static final List<String> MQTT_KEYS = List.of("subscribe", "qos", "session-expiry-seconds", "ignore",
        "map", "payload", "json.value", "json.timestamp", "json.quality", "json.timestamp-unit", "json.quality-codes",
        "integers", "max-payload-bytes");
    /** Store-and-forward keys (ForwardSettings, docs/forwarding.md), under {@code forward.}. */
    private static final List<String> FORWARD_KEYS = List.of("to", "name", "filter", "rewrite", "rate", "max-backlog",
        "tls-ca", "token");
    /** Background Parquet archive keys (ArchiveSchedule, docs/archive.md), under {@code archive.}. */
    private static final List<String> ARCHIVE_KEYS = List.of("to", "every", "filter", "levels", "cold-after");
    /** The Sparkplug host's keys (SparkplugSource.Settings.from). */
    private static final List<String> SPARKPLUG_KEYS = List.of("host-id", "groups", "path", "reorder-timeout-ms",
        "rebirth-interval-ms", "max-payload-bytes");

    private ServeConfig() {
    }

    /** Every key a config file may hold. */
    static TreeSet<String> knownKeys() {
        TreeSet<String> keys = new TreeSet<>(SERVER_KEYS);
        CONNECTION_KEYS.forEach(key -> {
            keys.add("mqtt." + key);
            keys.add("sparkplug." + key);
        });
        MQTT_KEYS.forEach(key -> keys.add("mqtt." + key));
        SPARKPLUG_KEYS.forEach(key -> keys.add("sparkplug." + key));
        FORWARD_KEYS.forEach(key -> keys.add("forward." + key));
        ARCHIVE_KEYS.forEach(key -> keys.add("archive." + key));
        StorageSettings.KEYS.forEach(key -> keys.add("storage." + key));
        return keys;
    }

    /**
     * Reads {@code file}; an empty set of properties when it is null.
     *
     * @throws IllegalArgumentException for a key serve does not read
     */
    static Properties load(Path file) throws IOException {
        Properties settings = new Properties();
        if (file == null) {
            return settings;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            settings.load(in);
        }
        TreeSet<String> known = knownKeys();
        for (String key : new TreeSet<>(settings.stringPropertyNames())) {
            if (!known.contains(key)) {
                String guess = closest(key, known);
                throw new IllegalArgumentException("unknown key '" + key + "' in " + file
                    + (guess == null ? "" : " (did you mean '" + guess + "'?)") + "; the keys are " + String.join(", ",
                    SERVER_KEYS) + ", the storage.* keys (historian serve --help), the forward.* keys of docs/forwarding.md, the "
                    + "archive.* keys of docs/archive.md and the mqtt.* and sparkplug.* keys of docs/mqtt.md");
            }
        }
        return settings;
    }

    /** The known key within a few edits of {@code key} (a typo), or null. */
    static String closest(String key, Iterable<String> known) {
        String best = null;
        int bestDistance = Math.max(2, key.length() / 4) + 1;
        for (String candidate : known) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The comma-separated items of a setting, blank ones left out. */
    static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }
}
