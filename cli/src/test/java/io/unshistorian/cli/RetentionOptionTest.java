package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.RetentionRule;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.testkit.ChildJvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention without Java: {@code serve --retention FILTER=DURATION} and the config file's {@code
 * retention} key make the storage engine drop old data of the matching series, and only theirs.
 */
class RetentionOptionTest {
    private static final long OLD = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli() * 1_000_000L;

    @TempDir
    Path dir;

    /** Samples of 2020 under old/ and keep/, and one of now under old/. */
    private static void seed(Path data) throws IOException {
        try (Historian historian = Historian.open(data)) {
            historian.writeDouble("old/a", OLD, 1);
            historian.writeDouble("keep/a", OLD, 2);
            historian.writeDouble("old/recent", TimeArguments.nowNanos(), 3);
        }
    }

    private static int samples(Historian historian, String path) {
        int[] count = {0};
        historian.readRaw(path, 0, Long.MAX_VALUE, (t, v, q, text) -> count[0]++);
        return count[0];
    }

    private static void assertOldDataDropped(Historian historian) {
        assertEquals(0, samples(historian, "old/a"), "old/# data of 2020 is past 30 days");
        assertEquals(1, samples(historian, "old/recent"), "recent data stays");
        assertEquals(1, samples(historian, "keep/a"), "no rule matches keep/#: kept forever");
    }

    @Test
    void theFlagsReplaceTheConfigKeyAndDropOldData() throws Exception {
        Path config = Files.writeString(dir.resolve("historian.properties"), "retention = keep/#=1d, x/#=2d\n");
        ServeCommand serve = (ServeCommand) HistorianCli.newCommandLine().parseArgs("serve", "--config",
            config.toString(), "--retention", "old/#=30d").subcommand().commandSpec().userObject();
        List<RetentionRule> rules = serve.retentionRules(ServeConfig.load(config));
        assertEquals("old/#=30d", RetentionSettings.describe(rules));
        Path data = dir.resolve("data");
        seed(data);
        StorageOptions.Builder options = StorageOptions.builder();
        rules.forEach(options::retention);
        try (Historian historian = Historian.open(data, options.build())) {
            historian.compactNow();
            assertOldDataDropped(historian);
        }
    }

    @Test
    void serveAppliesTheConfigFilesRetention() throws Exception {
        Path data = dir.resolve("data");
        seed(data);
        Path config = Files.writeString(dir.resolve("historian.properties"), "retention = old/#=30d\n");
        Process server = new ProcessBuilder(ChildJvm.command(List.of(), HistorianCli.class, "serve", "--data",
            data.toString(), "--config", config.toString(), "--port", "0", "--flight-port", "-1", "--http-port", "-1"))
            .redirectErrorStream(true).start();
        StringBuilder said = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && !line.startsWith("Ctrl-C"); line = out.readLine()) {
                said.append(line).append('\n');
            }
            assertTrue(said.toString().contains("retention: old/#=30d"), said.toString());
        } finally {
            server.destroy();   // SIGTERM: closing compacts, which applies retention
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
        }
        try (Historian historian = Historian.open(data)) {
            assertOldDataDropped(historian);
        }
    }

    @Test
    @Timeout(60)   // serve runs in this thread: were the setting accepted, it would serve until stopped
    void aMalformedRuleIsOneLineSayingWhatToWrite() {
        for (String[] bad : new String[][] {{"old/#", "--retention wants FILTER=DURATION, e.g. 'acme/#=365d'"},
            {"old/#=soon", "is not a duration"}, {"a/#/b=1d", "'#' must be a whole level"}}) {
            InProcessCli.Result result = InProcessCli.run("serve", "--data", dir.resolve("d").toString(), "--port", "0",
                "--http-port", "-1", "--retention", bad[0]);
            assertEquals(1, result.exit(), result.out());
            assertEquals(1, result.err().strip().lines().count(), result.err());
            assertTrue(result.err().contains(bad[1]), result.err());
        }
        assertTrue(Files.notExists(dir.resolve("d")), "refused before the data directory is opened");
    }
}
