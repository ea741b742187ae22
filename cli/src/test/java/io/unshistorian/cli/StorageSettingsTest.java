package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.unshistorian.storage.StorageOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s storage tunables: flags win over {@code storage.*} config keys; bad values name their source. */
class StorageSettingsTest {
    @TempDir
    Path dir;

    private static StorageSettings parse(String... flags) {
        String[] arguments = new String[flags.length + 1];
        arguments[0] = "serve";
        System.arraycopy(flags, 0, arguments, 1, flags.length);
        ServeCommand serve = (ServeCommand) HistorianCli.newCommandLine().parseArgs(arguments).subcommand()
            .commandSpec().userObject();
        return serve.storageSettings();
    }

    @Test
    void flagsWinOverTheConfigFileWhichWinsOverDefaults() throws Exception {
        Path config = Files.writeString(dir.resolve("historian.properties"), "storage.head-memory = 64m\n"
            + "storage.fsync-interval = 250ms\nstorage.cold-merge-delay = 1h\nforward.to = central:4747\n"
            + "archive.every = 6h\n");
        Properties file = ServeConfig.load(config);   // forward.* and archive.* keys are read too
        StorageOptions.Builder storage = StorageOptions.builder();
        parse("--head-memory", "128m", "--compaction-interval", "30s").applyTo(storage, file);
        StorageOptions options = storage.build();
        assertEquals(128L << 20, options.headMaxBytes());
        assertEquals(Duration.ofMillis(250), options.fsyncInterval());
        assertEquals(Duration.ofSeconds(30), options.compactionInterval());
        assertEquals(Duration.ofHours(1), options.coldMergeDelay());
        assertEquals(StorageOptions.builder().build().walRollPeriod(), options.walRollPeriod());
    }

    @Test
    void badValuesAreRefusedNamingWhereTheyCameFrom() {
        Properties none = new Properties();
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
            () -> parse("--head-memory", "lots").applyTo(StorageOptions.builder(), none));
        assertEquals("--head-memory wants a size such as 512m or 2g, not 'lots'", size.getMessage());
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
            () -> parse("--head-memory", "16k").applyTo(StorageOptions.builder(), none));
        assertTrue(tooSmall.getMessage().startsWith("--head-memory '16k': head memory must be at least 1 MiB"),
            tooSmall.getMessage());
        Properties file = new Properties();
        file.setProperty("storage.fsync-interval", "soon");
        IllegalArgumentException duration = assertThrows(IllegalArgumentException.class,
            () -> parse().applyTo(StorageOptions.builder(), file));
        assertEquals("storage.fsync-interval in the config file wants a duration such as 500ms, 30s or 10m, not "
            + "'soon'", duration.getMessage());
    }

    @Test
    void serveRefusesABadValueInOneLineBeforeTouchingTheDataDirectory() {
        InProcessCli.Result result = InProcessCli.run("serve", "--data", dir.resolve("data").toString(), "--port", "0",
            "--http-port", "-1", "--flight-port", "-1", "--fsync-interval", "0s");
        assertEquals(1, result.exit(), result.out());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(result.err().contains("--fsync-interval '0s'"), result.err());
        assertTrue(Files.notExists(dir.resolve("data")), "refused before the data directory is touched");
    }
}
