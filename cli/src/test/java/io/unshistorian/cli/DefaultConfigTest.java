package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The release's default settings (cli/src/dist/etc/historian.properties) are valid as shipped, and
 * every commented-out example names a key serve reads, so uncommenting one never stops the server.
 */
class DefaultConfigTest {
    private static final Path DEFAULTS = Path.of("src/dist/etc/historian.properties");
    private static final Pattern EXAMPLE = Pattern.compile("^# ([a-z][a-z0-9.-]*) = .+$");

    @Test
    void theDefaultsLoadAndPointAtTheServiceDataDirectory() throws Exception {
        Properties settings = ServeConfig.load(DEFAULTS);
        assertEquals("/var/lib/uns-historian", settings.getProperty("data"));
        assertEquals("127.0.0.1", settings.getProperty("host"));
        assertEquals(Integer.toString(ServeCommand.DEFAULT_PORT), settings.getProperty("port"));
        assertEquals(Integer.toString(ServeCommand.DEFAULT_FLIGHT_PORT), settings.getProperty("flight-port"));
        assertEquals(Integer.toString(ServeCommand.DEFAULT_HTTP_PORT), settings.getProperty("http-port"));
    }

    @Test
    void everyCommentedExampleIsAKeyServeReads() throws Exception {
        List<String> examples = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String line : Files.readAllLines(DEFAULTS)) {
            Matcher example = EXAMPLE.matcher(line);
            if (example.matches()) {
                examples.add(example.group(1));
                if (!ServeConfig.knownKeys().contains(example.group(1))) {
                    unknown.add(example.group(1));
                }
            }
        }
        assertTrue(examples.size() >= 15, "examples found: " + examples);
        assertEquals(List.of(), unknown, "commented examples serve would refuse");
    }
}
