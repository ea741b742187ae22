package io.unshistorian.storage.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.write.WriteBatch;

/**
 * Writes the data directory kept under {@code src/test/resources/format-v1/data} (how it was made):
 * run {@code main} with a target folder, then delete its {@code wal/} and {@code LOCK} and copy the
 * rest. {@link FormatCompatibilityTest} proves every later build still opens it.
 */
public final class FormatFixtures {
    static final long T0 = 1_767_225_600_000_000_000L;   // 2026-01-01T00:00:00Z
    static final long SECOND = 1_000_000_000L;
    static final long CLOCK_MILLIS = 1_767_312_000_000L; // 2026-01-02T00:00:00Z

    private FormatFixtures() {
    }

    static StorageOptions options() {
        return StorageOptions.builder().backgroundCompaction(false).clockMillis(() -> CLOCK_MILLIS)
            .coldMergeDelay(Duration.ofDays(3650)).build();
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        Files.createDirectories(directory);
        try (StorageEngine engine = StorageEngine.open(directory, options())) {
            engine.write(new WriteBatch()
                .addDouble("fixture/line1/temperature", T0, 20.5)
                .addDouble("fixture/line1/temperature", T0 + SECOND, 20.75)
                .addDouble("fixture/line1/temperature", T0 + 2 * SECOND, Double.NaN, 0x8000_0000)
                .addLong("fixture/line1/count", T0, 41)
                .addLong("fixture/line1/count", T0 + SECOND, 42)
                .addBoolean("fixture/line1/running", T0, true)
                .addString("fixture/line1/state", T0, "RUNNING")
                .addString("fixture/line1/state", T0 + SECOND, "IDLE"));
            engine.setMetadata("fixture/line1/temperature",
                new SeriesMetadata("degC", "bowl temperature", 0, 120, Map.of("asset", "F-1")));
            engine.compactNow();
        }
    }
}
