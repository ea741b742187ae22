package io.unshistorian.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.BiConsumer;

import io.unshistorian.storage.StorageOptions;

import picocli.CommandLine.Option;

/**
 * The storage engine's tunables for {@code serve}: flags, else the config file's {@code storage.*}
 * keys, else the engine's defaults. Each bad value is refused naming the flag or key and what it
 * wants. (Retention, per namespace filter, is {@link RetentionSettings}.)
 */
final class StorageSettings {
    /** The config file keys, under {@code storage.}. */
    static final List<String> KEYS = List.of("head-memory", "fsync-interval", "compaction-interval", "cold-merge-delay");

    @Option(names = "--head-memory", paramLabel = "SIZE", description = "Memory the in-memory heads may hold before "
        + "writers wait for compaction, e.g. 512m or 2g (default: a quarter of the heap, at most 512m). Config key: "
        + "storage.head-memory.")
    String headMemory;

    @Option(names = "--fsync-interval", paramLabel = "DURATION", description = "How often --fsync INTERVAL forces "
        + "the WAL to disk: at most this much of acknowledged writes is lost in a power cut (default: 1s). Config "
        + "key: storage.fsync-interval.")
    String fsyncInterval;

    @Option(names = "--compaction-interval", paramLabel = "DURATION", description = "How often the head is "
        + "compacted into block files when it has not filled first (default: 60s). Config key: "
        + "storage.compaction-interval.")
    String compactionInterval;

    @Option(names = "--cold-merge-delay", paramLabel = "DURATION", description = "How long a partition has no new "
        + "writes before it is merged whole and compressed harder (default: 10m). Config key: "
        + "storage.cold-merge-delay.")
    String coldMergeDelay;

    /** Applies what is set to {@code storage}; leaves the rest at the engine's defaults. */
    void applyTo(StorageOptions.Builder storage, Properties file) {
        set(headMemory, file, "head-memory", (text, source) -> storage.headMaxBytes(bytes(text, source)));
        set(fsyncInterval, file, "fsync-interval", (text, source) -> storage.fsyncInterval(duration(text, source)));
        set(compactionInterval, file, "compaction-interval",
            (text, source) -> storage.compactionInterval(duration(text, source)));
        set(coldMergeDelay, file, "cold-merge-delay", (text, source) -> storage.coldMergeDelay(duration(text, source)));
    }

    /** Applies the flag's value, else the config key's, when either is set; a refusal names where it came from. */
    private static void set(String flag, Properties file, String key, BiConsumer<String, String> apply) {
        String value = flag != null ? flag : file.getProperty("storage." + key);
        if (value == null || value.isBlank()) {
            return;
        }
        String source = flag != null ? "--" + key : "storage." + key + " in the config file";
        try {
            apply.accept(value.strip(), source);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(source) ? e
                : new IllegalArgumentException(source + " '" + value.strip() + "': " + e.getMessage());
        }
    }

    /** {@code 512m}, {@code 2g}, {@code 65536}: bytes with an optional k, m or g (powers of 1024). */
    static long bytes(String text, String source) {
        String value = text.toLowerCase(Locale.ROOT);
        long unit = switch (value.charAt(value.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number <= 0 || number > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return number * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " wants a size such as 512m or 2g, not '" + text + "'");
        }
    }

    private static Duration duration(String text, String source) {
        try {
            return Duration.ofNanos(TimeArguments.duration(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " wants a duration such as 500ms, 30s or 10m, not '" + text
                + "'");
        }
    }
}
