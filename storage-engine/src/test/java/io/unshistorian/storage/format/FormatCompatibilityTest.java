package io.unshistorian.storage.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.series.Series;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by the first release (catalog, block file, checkpoint, settings; made
 * by {@link FormatFixtures}) still opens and reads the same.
 */
class FormatCompatibilityTest {
    private static final String[] FILES = {"store.properties", "catalog.log", "checkpoint",
        "blocks/block-00000000000000000000.blk"};

    @TempDir
    Path dir;

    @Test
    void version1DataDirectoryStillOpens() throws IOException {
        Files.createDirectories(dir.resolve("blocks"));
        for (String file : FILES) {
            try (InputStream in = getClass().getResourceAsStream("/format-v1/data/" + file)) {
                if (in == null) {
                    throw new IOException("missing fixture " + file);
                }
                Files.copy(in, dir.resolve(file));
            }
        }
        try (StorageEngine engine = StorageEngine.open(dir, FormatFixtures.options())) {
            assertTrue(engine.problems().isEmpty(), engine.problems().toString());
            Series temperature = engine.find("fixture/line1/temperature");
            assertEquals("degC", temperature.metadata().unit());
            assertEquals(Map.of("asset", "F-1"), temperature.metadata().tags());
            List<String> samples = new ArrayList<>();
            for (String path : List.of("fixture/line1/temperature", "fixture/line1/count", "fixture/line1/running",
                "fixture/line1/state")) {
                engine.read(path, Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) ->
                    samples.add(path.substring(14) + " " + (t - FormatFixtures.T0) / FormatFixtures.SECOND + " "
                        + (s != null ? s : path.endsWith("temperature") ? Double.toString(Double.longBitsToDouble(v))
                        : Long.toString(v)) + " " + Integer.toHexString(q)));
            }
            assertEquals(List.of("temperature 0 20.5 0", "temperature 1 20.75 0", "temperature 2 NaN 80000000",
                "count 0 41 0", "count 1 42 0", "running 0 1 0", "state 0 RUNNING 0", "state 1 IDLE 0"), samples);
        }
    }
}
